#!/bin/sh
# Kernel TAP devices (dev/tap.c, cmd/ip_tap.c, cmd/ip_tuntap.c), inside a
# namespace this test creates (vtap<PID>):
#   - `ip link add tap0 type tap kernel-netns NS` makes tap0 appear in NS
#     without carrier until vnet's tap0 is up, as a veth peer would;
#   - vnet's stack on tap0 and the kernel's on its side ping each other
#     both ways, and vnet's capture on tap0 reads back with tcpdump;
#   - UDP from the kernel reaches vnet's stack with its partial checksums
#     finished in software, and a UDP_SEGMENT (USO) super-frame is cut
#     into its datagrams (counted as UDP_NO_SOCKET drops, one each);
#   - `ip tuntap add/show/del` and its refusals; `ip -d link` details;
#   - without kernel-netns, the TAP appears where vnet runs (vnet is run
#     inside the test's namespace for that), as `ip tuntap add` does;
#   - deleting the vnet device, and vnet's exit, remove the kernel TAP.
# Root only; everything lives in vtap<PID>, removed on exit.
set -u
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root (kernel TAP devices)"; exit 77; }
[ -c /dev/net/tun ] || { echo "needs /dev/net/tun"; exit 77; }
NS=vtap$$
TMP=$(mktemp -d)
VPID=
cleanup() {
	[ -n "$VPID" ] && kill "$VPID" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
ip netns add "$NS" || exit 1
ip -n "$NS" link set lo up

# --- refusals change nothing --------------------------------------------
cat >"$TMP/bad.vnet" <<EOF
! ip tuntap add dev tap0 mode tun kernel-netns $NS
! ip tuntap add dev tap0 mode tap kernel-netns $NS pi
! ip link add tap0 type tap kernel-netns nosuchns$$
! ip link add tap0 type tap kernel-netns $NS queues 4
ip link show
ip tuntap show
EOF
"$VNET" run "$TMP/bad.vnet" >"$TMP/bad.out" 2>&1 || { cat "$TMP/bad.out"; fail "refusals"; }
grep -q 'only "mode tap"' "$TMP/bad.out" || fail "mode tun message"
grep -q 'Cannot open network namespace "nosuchns' "$TMP/bad.out" || fail "bad netns message"
grep -q 'more than one queue needs "multi_queue"' "$TMP/bad.out" || fail "queues message"
grep -q '^[0-9]*: tap0' "$TMP/bad.out" && fail "a refused command left tap0"
[ "$(ip -n "$NS" -o link | wc -l)" = 1 ] || fail "a refused command made a kernel device"

# --- a TAP, pings both ways, capture ---------------------------------------
mkfifo "$TMP/ctl"
cat >"$TMP/run.vnet" <<EOF
ip link add tap0 type tap kernel-netns $NS
echo "created"
ip -d link show tap0
ip tuntap show
sleep 1
ip addr add 10.77.0.1/24 dev tap0
ip link set tap0 up
tcpdump -n -i tap0 -w $TMP/tap0.pcap &
sleep 3
ping -c 2 -i 0.2 10.77.0.2
kill %1
wait
drops
ip link del tap0
echo "deleted"
sleep 2
ip tuntap add dev tap1 mode tap kernel-netns $NS multi_queue queues 2
ip tuntap show
ip tuntap del dev tap1 mode tap
ip tuntap del dev tap1 mode tap
echo "done"
sleep 100
EOF
"$VNET" run "$TMP/run.vnet" >"$TMP/run.out" 2>&1 &
VPID=$!
i=0
until grep -q created "$TMP/run.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 50 ] || { cat "$TMP/run.out"; fail "tap0 not created"; }
	sleep 0.1
done
ip -n "$NS" link show tap0 | grep -q NO-CARRIER ||
	ip -n "$NS" link show tap0 | grep -qv LOWER_UP || fail "kernel tap0 has carrier while vnet's tap0 is down"
ip -n "$NS" link set tap0 up
ip -n "$NS" addr add 10.77.0.2/24 dev tap0
sleep 1.5
ip -n "$NS" link show tap0 | grep -q 'LOWER_UP' || fail "kernel tap0 has no carrier while vnet's tap0 is up"
ip netns exec "$NS" ping -c 3 -i 0.2 -W 2 10.77.0.1 >"$TMP/kping" || { cat "$TMP/kping"; fail "kernel -> vnet ping"; }
# UDP with checksum offload: 200 datagrams of 5000 bytes (fragmented);
# then one UDP_SEGMENT send of 10 x 1400 bytes (kernels with USO on TAP
# hand it over whole).  Nothing may be dropped as bad offload.
ip netns exec "$NS" python3 - <<'PY' || fail "udp sender"
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(200):
    s.sendto(bytes([i % 256]) * 1000, ("10.77.0.1", 9))
for i in range(20):
    s.sendto(bytes([i % 256]) * 5000, ("10.77.0.1", 9))
try:
    s.setsockopt(17, 103, 1400)         # SOL_UDP, UDP_SEGMENT
    s.sendto(b"u" * 14000, ("10.77.0.1", 10))
except OSError:
    pass
PY
i=0
until grep -q deleted "$TMP/run.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$TMP/run.out"; fail "script stalled"; }
	sleep 0.1
done
sleep 0.5
ip -n "$NS" link show tap0 >/dev/null 2>&1 && fail "kernel tap0 left after ip link del"
i=0
until grep -q done "$TMP/run.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$TMP/run.out"; fail "script stalled"; }
	sleep 0.1
done
ip -n "$NS" link show tap1 >/dev/null 2>&1 && fail "kernel tap1 left after ip tuntap del"
kill "$VPID"
wait "$VPID" 2>/dev/null
VPID=
cat "$TMP/run.out"
grep -q "3 packets transmitted, 3 received" "$TMP/kping" || fail "kernel ping lost packets"
grep -q "2 packets transmitted, 2 received" "$TMP/run.out" || fail "vnet -> kernel ping"
grep -q "tun type tap pi off vnet_hdr on persist off kernel-netns $NS kernel-name tap0" "$TMP/run.out" || fail "ip -d link details"
grep -q "^tap0: tap vnet_hdr$" "$TMP/run.out" || fail "ip tuntap show"
grep -q "^tap1: tap multi_queue vnet_hdr$" "$TMP/run.out" || fail "ip tuntap show multi_queue"
grep -q "OFFLOAD_BAD" "$TMP/run.out" && fail "offload drops"
# 200 + 20 datagrams to port 9, 10 USO pieces to port 10.
n=$(awk '$1 == "UDP_NO_SOCKET" { print $2 }' "$TMP/run.out")
[ "${n:-0}" -ge 230 ] || fail "UDP datagrams reaching vnet's stack: ${n:-0}, not 230"
tcpdump -n -r "$TMP/tap0.pcap" 2>/dev/null >"$TMP/cap"
grep -q "10.77.0.2 > 10.77.0.1: ICMP echo request" "$TMP/cap" || fail "capture lacks the kernel's requests"
grep -q "10.77.0.1 > 10.77.0.2: ICMP echo request" "$TMP/cap" || fail "capture lacks vnet's requests"
grep -q "10.77.0.2.[0-9]* > 10.77.0.1.9: UDP, length 1000" "$TMP/cap" || fail "capture lacks the UDP datagrams"
[ "$(ip -n "$NS" -o link | wc -l)" = 1 ] || { ip -n "$NS" link; fail "kernel devices left after vnet exited"; }

# --- no kernel-netns: where vnet runs (here: vnet inside $NS) ---------------
cat >"$TMP/here.vnet" <<EOF
ip link add tap9 type tap
ip tuntap add dev tap8 mode tap
ip -d link show tap9
echo "here"
sleep 100
EOF
ip netns exec "$NS" "$VNET" run "$TMP/here.vnet" >"$TMP/here.out" 2>&1 &
VPID=$!
i=0
until grep -q here "$TMP/here.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 50 ] || { cat "$TMP/here.out"; fail "taps where vnet runs"; }
	sleep 0.1
done
ip -n "$NS" link show tap9 >/dev/null 2>&1 || fail "tap9 not in vnet's own namespace"
ip -n "$NS" link show tap8 >/dev/null 2>&1 || fail "tap8 (ip tuntap) not in vnet's own namespace"
kill "$VPID"
wait "$VPID" 2>/dev/null
VPID=
cat "$TMP/here.out"
grep -q "kernel-netns /proc/self/ns/net kernel-name tap9" "$TMP/here.out" || fail "ip -d link for the default namespace"
[ "$(ip -n "$NS" -o link | wc -l)" = 1 ] || { ip -n "$NS" link; fail "taps left after vnet exited"; }
echo "ok"
exit 0
