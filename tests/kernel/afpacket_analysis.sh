#!/bin/sh
# The analysis bridge against real kernel endpoints (dev/afpacket.c,
# cmd/ip_afpacket.c): vnet bridges two kernel veth interfaces through
# AF_PACKET (TPACKET_V3 rings, promiscuous), as the how-to in
# examples/analysis-bridge.vnet does with a Linux bridge.
#
#   ns vm      ns analysis                            ns vswitch         ns gw
#   eth0 ~~~ vmport <-afpacket-> [vnet br0] <-afpacket-> uplink ~~~ trunk [vsw0] gwport ~~~ eth0
#
# The kernel namespaces on either side ping through vnet's bridge; the
# kernel's vsw0 reflects broadcasts (hairpin on trunk) and does not learn
# there, so vnet's br0 mislearns the VM's MAC on uplink and the gateway's
# replies are dropped; ageing_time 0 makes br0 a hub (works), back to 300
# s breaks it again, learning off on uplink fixes it.  Also: promiscuous
# membership while attached (the kernel's promiscuity count), refusals,
# and nothing left after `ip link del` and after vnet exits.
# Root only; namespaces vaf<PID>*, removed on exit.
set -u
VNET=$(realpath "${1:-build/vnet}")
[ "$(id -u)" = 0 ] || { echo "needs root (AF_PACKET on kernel interfaces)"; exit 77; }
P=vaf$$
TMP=$(mktemp -d)
SOCK=$TMP/vnet.sock
DPID=
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	for n in vm analysis vswitch gw; do ip netns del "$P$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; [ -f "$TMP/d.log" ] && tail -20 "$TMP/d.log"; exit 1; }
v() { "$VNET" --socket "$SOCK" "$@"; }
kx() { ns=$1; shift; ip netns exec "$P$ns" "$@"; }

for n in vm analysis vswitch gw; do
	ip netns add "$P$n" || exit 1
	kx $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n ${P}vm link add eth0 type veth peer name vmport netns ${P}analysis
ip -n ${P}analysis link add uplink type veth peer name trunk netns ${P}vswitch
ip -n ${P}vswitch link add gwport type veth peer name eth0 netns ${P}gw
ip -n ${P}vswitch link add vsw0 type bridge
ip -n ${P}vswitch link set trunk master vsw0
ip -n ${P}vswitch link set gwport master vsw0
ip -n ${P}vswitch link set dev trunk type bridge_slave hairpin on learning off
for d in trunk gwport vsw0; do ip -n ${P}vswitch link set $d up; done
ip -n ${P}analysis link set vmport up
ip -n ${P}analysis link set uplink up
ip -n ${P}vm link set lo up
ip -n ${P}vm addr add 10.0.0.10/24 dev eth0
ip -n ${P}vm link set eth0 up
ip -n ${P}gw addr add 10.0.0.1/24 dev eth0
ip -n ${P}gw link set eth0 up
VM=$(ip -n ${P}vm -br link show eth0 | awk '{ print $3 }')
GW=$(ip -n ${P}gw -br link show eth0 | awk '{ print $3 }')

"$VNET" daemon --socket "$SOCK" >"$TMP/d.log" 2>&1 &
DPID=$!
i=0
until [ -S "$SOCK" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "daemon did not start"
	sleep 0.1
done

# --- refusals change nothing ------------------------------------------------
v ip link add x0 type afpacket dev nosuchif0 kernel-netns ${P}analysis 2>"$TMP/e1" && fail "no such interface accepted"
v ip link add x0 type afpacket kernel-netns ${P}analysis 2>"$TMP/e2" && fail "afpacket without dev accepted"
v ip link add x0 type afpacket dev vmport kernel-netns nosuchns$$ 2>"$TMP/e3" && fail "bad netns accepted"
cat "$TMP/e1" "$TMP/e2" "$TMP/e3"
grep -q "Cannot open network namespace \"nosuchns$$\"" "$TMP/e3" || fail "bad netns message"
v ip link show x0 2>/dev/null && fail "a refused command left x0"

# --- the analysis bridge ------------------------------------------------------
v ip link add vmport type afpacket dev vmport kernel-netns ${P}analysis || fail "attach vmport"
v ip link add uplink type afpacket dev uplink kernel-netns ${P}analysis || fail "attach uplink"
v ip -d link show vmport
ip -n ${P}analysis -d link show vmport | grep -q "promiscuity [1-9]" || fail "vmport not promiscuous while attached"
v ip link add br0 type bridge
v ip link set vmport master br0
v ip link set uplink master br0
for d in vmport uplink br0; do v ip link set $d up; done

phase() {	# NAME EXPECT(ok|failed) [ping options]
	name=$1 want=$2
	shift 2
	ip -n ${P}vm neigh flush dev eth0
	if kx vm ping -c 2 -i 0.3 "$@" 10.0.0.1 >"$TMP/ping" 2>&1; then got=ok; else got=failed; fi
	v bridge fdb show br br0 dynamic >"$TMP/fdb"
	vm_port=$(awk -v m="$VM" '$1 == m { print $3 }' "$TMP/fdb")
	gw_port=$(awk -v m="$GW" '$1 == m { print $3 }' "$TMP/fdb")
	echo "$name: ping $got; br0 has VM on ${vm_port:-(none)}, gateway on ${gw_port:-(none)}"
	[ "$got" = "$want" ] || { cat "$TMP/ping" "$TMP/fdb"; fail "$name: ping $got, expected $want"; }
}
phase "mislearning" failed -W 1
[ "$vm_port" = uplink ] || { cat "$TMP/fdb"; fail "br0 did not learn the VM's MAC on uplink"; }
v ip link set br0 type bridge ageing_time 0
phase "fix 1 (ageing_time 0)" ok -W 2
[ -z "$vm_port$gw_port" ] || fail "br0 learned with ageing_time 0"
v ip link set br0 type bridge ageing_time 30000
phase "default ageing again" failed -W 1
[ "$vm_port" = uplink ] || fail "br0 did not mislearn again"
v bridge link set dev uplink learning off
phase "fix 2 (learning off on uplink)" ok -W 2
[ "$vm_port" = vmport ] || fail "VM not on vmport with learning off on uplink"
[ "$gw_port" != uplink ] && [ -n "$gw_port" ] && fail "gateway learned on $gw_port"

# Boundary counters: frames came in through the ring.
v ip -s -d link show uplink | tee "$TMP/up"
grep -q "rx_frames [1-9][0-9]* rx_blocks [1-9]" "$TMP/up" || fail "no frames through uplink's ring"
grep -q "tx_frames [1-9]" "$TMP/up" || fail "nothing sent through uplink"

# --- removal: ip link del, then exit ----------------------------------------
v ip link del vmport || fail "ip link del vmport"
sleep 0.3
ip -n ${P}analysis -d link show vmport | grep -q "promiscuity 0" || fail "vmport still promiscuous after ip link del"
ip -n ${P}analysis -d link show uplink | grep -q "promiscuity [1-9]" || fail "uplink not promiscuous"
kill "$DPID"
wait "$DPID"
DPID=
ip -n ${P}analysis -d link show uplink | grep -q "promiscuity 0" || fail "uplink still promiscuous after vnet exited"
echo "ok"
exit 0
