#!/bin/sh
# tests/kernel/macvlan_matrix.sh - who can ping whom around a macvlan
# parent, on the kernel and in vnet, compared cell by cell.
#
# Topology (one namespace each):
#
#   p: up0 (10.9.0.1, the parent)  ~  sw: br0 [sp, sh]  ~  h: e0 (.100)
#   a: mva (10.9.0.11), b: mvb (10.9.0.12): macvlan children of up0
#
# For every mode pair of the two children (the same mode, and mixed
# modes), with hairpin off and on on the outside bridge's port sp, and for
# a lone passthru child: each node pings each other node once with cold
# neighbour caches.  A cell records whether the ping was answered and
# whether the target's stack heard the source's ARP broadcast (it then
# has a neighbour entry for the source): broadcast delivery per mode.
# The kernel side runs all cases at once (each waits 1 s per failed
# ping); vnet runs each on virtual time.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
S=vnmv$$
tmp=$(mktemp -d)
cleanup() {
	for c in $(seq 0 20); do
		for n in sw p a b h; do ip netns del $S$c$n 2>/dev/null; done
	done
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Can this kernel make macvlan devices at all?
ip netns add ${S}probe
if ! ip -n ${S}probe link add p0 type veth peer name p1 ||
   ! ip -n ${S}probe link add link p0 name m0 type macvlan 2>/dev/null; then
	ip netns del ${S}probe
	echo "this kernel has no macvlan support"
	exit 77
fi
ip netns del ${S}probe

# matrix PREFIX EXEC MODE_A MODE_B HAIRPIN: the script both sides run.
matrix() {
	P=$1 X=$2 MA=$3 MB=$4 HP=$5
	nodes="p:10.9.0.1 a:10.9.0.11 b:10.9.0.12 h:10.9.0.100"
	[ "$MB" = none ] && nodes="p:10.9.0.1 a:10.9.0.11 h:10.9.0.100"
	for n in sw p a b h; do
		echo "ip netns add $P$n"
		echo "$X $P$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1"
	done
	cat <<EOT
ip -n ${P}sw link add br0 type bridge
ip -n ${P}sw link add sp type veth peer name up0 netns ${P}p
ip -n ${P}sw link add sh type veth peer name e0 netns ${P}h
ip -n ${P}sw link set sp master br0
ip -n ${P}sw link set sh master br0
ip -n ${P}sw link set br0 up
ip -n ${P}sw link set sp up
ip -n ${P}sw link set sh up
bridge -n ${P}sw link set dev sp hairpin $HP
ip -n ${P}p link set up0 up
ip -n ${P}p addr add 10.9.0.1/24 dev up0
ip -n ${P}h link set e0 up
ip -n ${P}h addr add 10.9.0.100/24 dev e0
ip -n ${P}p link add link up0 name mva type macvlan mode $MA
ip -n ${P}p link set mva netns ${P}a
ip -n ${P}a link set mva up
ip -n ${P}a addr add 10.9.0.11/24 dev mva
EOT
	if [ "$MB" != none ]; then
		cat <<EOT
ip -n ${P}p link add link up0 name mvb type macvlan mode $MB
ip -n ${P}p link set mvb netns ${P}b
ip -n ${P}b link set mvb up
ip -n ${P}b addr add 10.9.0.12/24 dev mvb
EOT
	fi
	echo "sleep 1"
	for f in $nodes; do
		for t in $nodes; do
			[ "${f%%:*}" = "${t%%:*}" ] && continue
			echo "echo CELL ${f%%:*} ${t%%:*}"
			for n in $nodes; do
				echo "ip -n $P${n%%:*} neigh flush all"
			done
			echo "$X $P${f%%:*} ping -c 1 -W 1 ${t#*:} || true"
			echo "ip -n $P${t%%:*} neigh show ${f#*:}"
		done
	done
}

# One line per cell: "a->b ping=ok heard=yes".
summary() {
	awk '
	function flush() {
		if (cell != "")
			printf "%s ping=%s heard=%s\n", cell, ping, heard
	}
	/^CELL / { flush(); cell = $2 "->" $3; ping = "no"; heard = "no" }
	/ 1 received/ { ping = "ok" }
	/lladdr/ { heard = "yes" }
	END { flush() }' "$1"
}

cases="private:private vepa:vepa bridge:bridge bridge:vepa bridge:private vepa:private passthru:none"
i=0
for c in $cases; do
	for hp in off on; do
		matrix "$S$i" "ip netns exec" "${c%%:*}" "${c#*:}" $hp > "$tmp/k$i.sh"
		(sh -e "$tmp/k$i.sh" > "$tmp/k$i.out" 2>&1; echo $? > "$tmp/k$i.rc") &
		i=$((i + 1))
	done
done
wait
i=0
fail=0
for c in $cases; do
	for hp in off on; do
		name="${c%%:*}/${c#*:} hairpin $hp"
		if [ "$(cat "$tmp/k$i.rc")" != 0 ]; then
			echo "kernel side failed: $name"; cat "$tmp/k$i.out"; exit 1
		fi
		matrix "x" "ip netns exec" "${c%%:*}" "${c#*:}" $hp |
			grep -v sysctl > "$tmp/v$i.vnet"
		"$VNET" run "$tmp/v$i.vnet" > "$tmp/v$i.out" 2>&1 ||
			{ echo "vnet side failed: $name"; cat "$tmp/v$i.out"; exit 1; }
		summary "$tmp/k$i.out" > "$tmp/k$i.sum"
		summary "$tmp/v$i.out" > "$tmp/v$i.sum"
		if cmp -s "$tmp/k$i.sum" "$tmp/v$i.sum"; then
			echo "ok $name: $(grep -c 'ping=ok' "$tmp/k$i.sum") of $(wc -l < "$tmp/k$i.sum") pings answered"
		else
			echo "FAIL $name: kernel vs vnet"
			diff -u "$tmp/k$i.sum" "$tmp/v$i.sum"
			fail=1
		fi
		i=$((i + 1))
	done
done
exit $fail
