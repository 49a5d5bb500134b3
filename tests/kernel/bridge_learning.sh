#!/bin/sh
# tests/kernel/bridge_learning.sh - the same bridge topology on the kernel
# and in vnet: three hosts on a bridge, h1 pings h2 once.  Compared: the
# learned (non-permanent) fdb entries afterwards, and how many frames each
# host received (h3 only gets the ARP broadcast: known unicast is not
# flooded), then the same with learning off on h2's port (replies to h2
# flood) and with ageing_time 0 (everything floods, nothing is learned).
# The kernel side waits 3 s (real time) for link-up chatter to pass.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v bridge >/dev/null || { echo "iproute2 bridge tool missing"; exit 77; }
S=vnbrk$$
tmp=$(mktemp -d)
cleanup() {
	for n in br h1 h2 h3; do ip netns del $S$n 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The topology as a script both sides run; NS and EXEC are filled in.
topology() {
	cat <<EOT
ip netns add ${1}br
ip netns add ${1}h1
ip netns add ${1}h2
ip netns add ${1}h3
$2 ${1}br sysctl -qw net.ipv6.conf.all.disable_ipv6=1
$2 ${1}h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
$2 ${1}h2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
$2 ${1}h3 sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip -n ${1}br link add br0 type bridge $3
ip -n ${1}br link add v1 type veth peer name e0 netns ${1}h1
ip -n ${1}br link add v2 type veth peer name e0 netns ${1}h2
ip -n ${1}br link add v3 type veth peer name e0 netns ${1}h3
ip -n ${1}h1 link set e0 address 02:00:00:00:00:01
ip -n ${1}h2 link set e0 address 02:00:00:00:00:02
ip -n ${1}h3 link set e0 address 02:00:00:00:00:03
ip -n ${1}br link set v1 master br0
ip -n ${1}br link set v2 master br0
ip -n ${1}br link set v3 master br0
$4
ip -n ${1}br link set br0 up
ip -n ${1}br link set v1 up
ip -n ${1}br link set v2 up
ip -n ${1}br link set v3 up
ip -n ${1}h1 link set e0 up
ip -n ${1}h2 link set e0 up
ip -n ${1}h3 link set e0 up
ip -n ${1}h1 addr add 10.7.0.1/24 dev e0
ip -n ${1}h2 addr add 10.7.0.2/24 dev e0
ip -n ${1}h3 addr add 10.7.0.3/24 dev e0
sleep 3
ip -n ${1}h3 -s link show e0
$2 ${1}h1 ping -c 1 -W 1 10.7.0.2
bridge -n ${1}br fdb show br br0
ip -n ${1}h3 -s link show e0
EOT
}

# What the two sides must agree on: where h1 and h2 were learned, and
# how many frames h3 got during the ping (hosts' own chatter at link-up,
# IGMP on Linux and gratuitous ARP in vnet, happens before the baseline).
summary() {
	grep -E '^02:00:00:00:00:0[12] dev v[0-9] master br0 *$' "$1" | sort
	awk '/RX:/ { getline; n[++i] = $2 } END { print "h3 rx during ping", n[2] - n[1] }' "$1"
}

run_case() {
	name=$1 bropts=$2 extra=$3
	topology "$S" "ip netns exec" "$bropts" \
		"$(echo "$extra" | sed "s/@/$S/g")" > "$tmp/k.sh"
	# The kernel side: a real sleep lets IPv4 settle; no ping in flight.
	sh -e "$tmp/k.sh" > "$tmp/k.out" 2>&1 || { cat "$tmp/k.out"; exit 1; }
	for n in br h1 h2 h3; do ip netns del $S$n; done
	topology "x" "ip netns exec" "$bropts" "$(echo "$extra" | sed "s/@/x/g")" |
		grep -v sysctl > "$tmp/v.vnet"
	"$VNET" run "$tmp/v.vnet" > "$tmp/v.out" 2>&1 || { cat "$tmp/v.out"; exit 1; }
	summary "$tmp/k.out" > "$tmp/k.sum"
	summary "$tmp/v.out" > "$tmp/v.sum"
	if ! cmp -s "$tmp/k.sum" "$tmp/v.sum"; then
		echo "FAIL $name: kernel vs vnet"
		diff -u "$tmp/k.sum" "$tmp/v.sum"
		exit 1
	fi
	echo "ok $name"; cat "$tmp/k.sum"
}

run_case learning "" ""
run_case learning_off "" "bridge -n @br link set dev v2 learning off"
run_case ageing0 "ageing_time 0" ""
exit 0
