#!/bin/sh
# tests/kernel/vlan_subif.sh - 802.1Q/802.1ad sub-interfaces on the kernel
# and in vnet, compared: two namespaces joined by a veth pair, VLAN
# devices on both ends (VLAN 20 on one end only, QinQ 100/7 on both).
# Compared: which pings work (untagged, VLAN 10, QinQ; not VLAN 20, whose
# device is loose_binding and so stays down with its parent up), the
# `ip link` listings, the VLAN details of `ip -d link`, and the messages
# of bad `ip link add ... type vlan` commands.  Needs the 8021q module;
# without it the test is skipped (vlan_bridge.sh covers VLAN filtering).
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
S=vnvs$$
tmp=$(mktemp -d)
cleanup() {
	for n in a b probe; do ip netns del $S$n 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add ${S}probe
ip -n ${S}probe link add p0 type veth peer name p1
if ! ip -n ${S}probe link add link p0 name p0.5 type vlan id 5 2>/dev/null; then
	echo "this kernel has no 802.1Q VLAN devices (8021q module missing): nothing to compare"
	exit 77
fi
ip netns del ${S}probe

topology() {
	P=$1 X=$2
	for n in a b; do
		echo "ip netns add $P$n"
		echo "$X $P$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1"
	done
	cat <<EOT
ip -n ${P}a link add e0 address 02:00:00:00:00:0a type veth peer name e0 netns ${P}b address 02:00:00:00:00:0b
ip -n ${P}a link add link e0 name e0.10 type vlan id 10
ip -n ${P}a link add link e0 name e0.20 type vlan id 20 loose_binding on
ip -n ${P}b link add link e0 name e0.10 type vlan id 10
ip -n ${P}a link add link e0 name e0.100 type vlan protocol 802.1ad id 100
ip -n ${P}a link add link e0.100 name e0.100.7 type vlan id 7
ip -n ${P}b link add link e0 name e0.100 type vlan protocol 802.1ad id 100
ip -n ${P}b link add link e0.100 name e0.100.7 type vlan id 7
echo ERRORS
ip -n ${P}a link set e0.10 up || true
ip -n ${P}a link add link e0 name e0.x type vlan id 10 || true
ip -n ${P}a link add link e0 name e0.x type vlan id 4095 || true
ip -n ${P}a link add link e0 name e0.x type vlan id 70000 || true
ip -n ${P}a link add link e0 name e0.x type vlan || true
ip -n ${P}a link add link e0 name e0.x type vlan protocol 802.1Q || true
ip -n ${P}a link add name e0.x type vlan id 11 || true
ip -n ${P}a link add link lo name lo.11 type vlan id 11 || true
ip -n ${P}a link add link e0 name e0.x type vlan id 11 protocol ip || true
ip -n ${P}a link add link e0 name e0.x type vlan id 11 reorder_hdr maybe || true
ip -n ${P}a link add link e0 name e0.x type vlan id 11 bogus || true
ip -n ${P}a link add link e0 name e0.10 type vlan id 11 || true
ip -n ${P}a link add link e0 name e0.x mtu 1600 type vlan id 11 || true
ip -n ${P}a link add link e0 name e0.x address ff:ff:ff:ff:ff:ff type vlan id 11 || true
ip -n ${P}a link set e0.10 type vlan || true
ip -n ${P}a link set e0.10 type vlan id 5000 || true
ip -n ${P}a link set e0.10 type vlan id 20 || true
ip -n ${P}a link set e0.10 mtu 1501 || true
echo RUN
ip -n ${P}a link set e0 up
ip -n ${P}b link set e0 up
ip -n ${P}a addr add 10.0.0.1/24 dev e0
ip -n ${P}b addr add 10.0.0.2/24 dev e0
ip -n ${P}a addr add 10.10.0.1/24 dev e0.10
ip -n ${P}b addr add 10.10.0.2/24 dev e0.10
ip -n ${P}a addr add 10.20.0.1/24 dev e0.20
ip -n ${P}b addr add 10.20.0.2/24 dev e0.10
ip -n ${P}a addr add 10.77.0.1/24 dev e0.100.7
ip -n ${P}b addr add 10.77.0.2/24 dev e0.100.7
sleep 1
echo LINKS
ip -n ${P}a link show
ip -n ${P}b link show
echo DETAILS
ip -n ${P}a -d link show
echo PINGS
EOT
	for t in 10.0.0.2 10.10.0.2 10.20.0.2 10.77.0.2; do
		echo "echo CELL $t"
		echo "$X ${P}a ping -c 1 -W 1 $t || true"
	done
	echo "echo END"
}

summary() {
	sed -n '/^ERRORS$/,/^RUN$/p' "$1" | sed 's/^[^:]*:[0-9]*: //'
	# Link listings: netns names differ (link-netns), the rest must not.
	sed -n '/^LINKS$/,/^DETAILS$/p' "$1" | sed 's/ link-netns [^ ]*//'
	sed -n '/^DETAILS$/,/^PINGS$/p' "$1" |
		grep -o 'vlan protocol [^ ]* id [0-9]* <[^>]*>'
	awk '
	/^CELL / { if (cell != "") print cell, ping; cell = $2; ping = "no" }
	/ 1 received/ { ping = "ok" }
	/^END$/ { print cell, ping }' "$1"
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
echo "ok: pings, listings, VLAN details and messages agree"
exit 0
