#!/bin/sh
# tests/kernel/vlan_bridge.sh - a VLAN-filtering bridge on the kernel and in
# vnet, compared: two bridges joined by a trunk carrying VLANs 10 and 20
# tagged, each with an access port in each VLAN, hosts all in one subnet.
# Compared: who can ping whom (only within a VLAN), what each bridge
# learned and in which VLAN (bridge fdb show, dynamic entries), the VLAN
# tables (bridge vlan show, plain and -compressvlans, JSON), and the
# messages of bad `bridge vlan` commands.  No 802.1Q devices are needed,
# only CONFIG_BRIDGE_VLAN_FILTERING; without it the test is skipped.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v bridge >/dev/null || { echo "iproute2 bridge tool missing"; exit 77; }
S=vnvb$$
tmp=$(mktemp -d)
cleanup() {
	for n in sw1 sw2 h1 h2 h3 h4 probe; do ip netns del $S$n 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add ${S}probe
if ! ip -n ${S}probe link add b0 type bridge vlan_filtering 1 2>/dev/null; then
	echo "this kernel's bridge has no VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING): nothing to compare"
	exit 77
fi
ip netns del ${S}probe

# The script both sides run; $1 prefixes namespaces, $2 is "ip netns exec".
topology() {
	P=$1 X=$2
	for n in sw1 sw2 h1 h2 h3 h4; do
		echo "ip netns add $P$n"
		echo "$X $P$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1"
	done
	cat <<EOT
ip -n ${P}sw1 link add br0 address 02:00:00:00:01:00 type bridge vlan_filtering 1
ip -n ${P}sw2 link add br0 address 02:00:00:00:02:00 type bridge vlan_filtering 1
ip -n ${P}sw1 link add p1 address 02:00:00:00:01:01 type veth peer name e0 netns ${P}h1 address 02:00:00:00:00:01
ip -n ${P}sw1 link add p2 address 02:00:00:00:01:02 type veth peer name e0 netns ${P}h2 address 02:00:00:00:00:02
ip -n ${P}sw2 link add q1 address 02:00:00:00:02:01 type veth peer name e0 netns ${P}h3 address 02:00:00:00:00:03
ip -n ${P}sw2 link add q2 address 02:00:00:00:02:02 type veth peer name e0 netns ${P}h4 address 02:00:00:00:00:04
ip -n ${P}sw1 link add pt address 02:00:00:00:01:03 type veth peer name qt netns ${P}sw2 address 02:00:00:00:02:03
ip -n ${P}sw1 link set p1 master br0
ip -n ${P}sw1 link set p2 master br0
ip -n ${P}sw1 link set pt master br0
ip -n ${P}sw2 link set q1 master br0
ip -n ${P}sw2 link set q2 master br0
ip -n ${P}sw2 link set qt master br0
bridge -n ${P}sw1 vlan add dev p1 vid 10 pvid untagged
bridge -n ${P}sw1 vlan add dev p2 vid 20 pvid untagged
bridge -n ${P}sw1 vlan del dev pt vid 1
bridge -n ${P}sw1 vlan add dev pt vid 10
bridge -n ${P}sw1 vlan add dev pt vid 20
bridge -n ${P}sw2 vlan add dev q1 vid 10 pvid untagged
bridge -n ${P}sw2 vlan add dev q2 vid 20 pvid untagged
bridge -n ${P}sw2 vlan del dev qt vid 1
bridge -n ${P}sw2 vlan add dev qt vid 10-20
bridge -n ${P}sw2 vlan del dev qt vid 11-19
echo VLANS
bridge -n ${P}sw1 vlan show
bridge -n ${P}sw2 -compressvlans vlan show
bridge -n ${P}sw2 -j vlan show dev q1
echo ERRORS
bridge -n ${P}sw1 vlan add dev p1 vid 4095 || true
bridge -n ${P}sw1 vlan add dev p1 vid 0 || true
bridge -n ${P}sw1 vlan add dev p1 vid 5000 || true
bridge -n ${P}sw1 vlan add dev p1 vid 9-3 || true
bridge -n ${P}sw1 vlan add dev p1 vid 3-9 pvid || true
bridge -n ${P}sw1 vlan add dev br0 vid 5 || true
bridge -n ${P}sw1 vlan add dev p1 vid 5 self || true
bridge -n ${P}sw1 fdb add 02:00:00:00:00:77 dev p1 master vlan 30 || true
echo RUN
EOT
	for n in sw1 sw2; do
		for d in br0 p1 p2 pt q1 q2 qt; do
			case $n$d in sw1q*|sw2p*) continue ;; esac
			echo "ip -n $P$n link set $d up"
		done
	done
	i=1
	for h in h1 h2 h3 h4; do
		echo "ip -n $P$h link set e0 up"
		echo "ip -n $P$h addr add 10.0.0.$i/24 dev e0"
		i=$((i + 1))
	done
	echo "sleep 2"
	for f in 1 2 3 4; do
		for t in 1 2 3 4; do
			[ $f = $t ] && continue
			echo "echo CELL h$f h$t"
			echo "$X ${P}h$f ping -c 1 -W 1 10.0.0.$t || true"
		done
	done
	echo "echo FDB"
	echo "bridge -n ${P}sw1 fdb show br br0 dynamic"
	echo "bridge -n ${P}sw2 fdb show br br0 dynamic"
}

# What must agree: the ping matrix, the learned entries (sorted: the
# order of learning may differ), the VLAN listings, the error messages.
summary() {
	awk '
	/^CELL / { if (cell != "") print cell, ping; cell = $2 "->" $3; ping = "no" }
	/ 1 received/ { ping = "ok" }
	END { if (cell != "") print cell, ping }' "$1"
	sed -n '/^VLANS$/,/^ERRORS$/p' "$1"
	sed -n '/^ERRORS$/,/^RUN$/p' "$1" | sed 's/^[^:]*:[0-9]*: //'
	sed -n '/^FDB$/,$p' "$1" | grep -E '^02:00:00:00:00:0[1-4] ' | sort
}

topology "$S" "ip netns exec" > "$tmp/k.sh"
sh -e "$tmp/k.sh" > "$tmp/k.out" 2>&1 || { cat "$tmp/k.out"; exit 1; }
topology "x" "ip netns exec" | grep -v sysctl > "$tmp/v.vnet"
"$VNET" run "$tmp/v.vnet" > "$tmp/v.out" 2>&1 || { cat "$tmp/v.out"; exit 1; }
summary "$tmp/k.out" > "$tmp/k.sum"
summary "$tmp/v.out" > "$tmp/v.sum"
if ! cmp -s "$tmp/k.sum" "$tmp/v.sum"; then
	echo "FAIL: kernel vs vnet"
	diff -u "$tmp/k.sum" "$tmp/v.sum"
	exit 1
fi
echo "ok: $(grep -c ' ok$' "$tmp/k.sum") of 12 pings answered, tables and messages agree"
exit 0
