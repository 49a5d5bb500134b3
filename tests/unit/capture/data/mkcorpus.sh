#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tests/unit/capture/data/mkcorpus.sh - regenerate the capture corpus.
#
# Builds throwaway kernel namespaces joined by veth pairs, makes traffic that
# exercises what capture/print.c decodes (ARP, ICMP echo and errors, UDP,
# TCP, fragments, IPv6 neighbour discovery) and records it with the real
# tcpdump into corpus-kernel.pcap.  Root only; never touches the root
# namespace; deletes everything it made, even on failure.  Then run
# mkcrafted.py and mkexpect.sh to refresh the expected text.
#
#   topology:  A a0 10.0.0.1 --- r0 10.0.0.254  R  r1 10.0.1.254 (mtu 1400)
#                                                     --- b0 10.0.1.2  B
set -eu
out=${1:-$(dirname "$0")/corpus-kernel.pcap}
p=vncap$$
A=${p}a R=${p}r B=${p}b
tmp=$(mktemp -d)
pids=()

cleanup()
{
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	for ns in "$A" "$R" "$B"; do ip netns del "$ns" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

for ns in "$A" "$R" "$B"; do ip netns add "$ns"; done
a() { ip netns exec "$A" "$@"; }
r() { ip netns exec "$R" "$@"; }
b() { ip netns exec "$B" "$@"; }

ip -n "$A" link add a0 type veth peer name r0 netns "$R"
ip -n "$R" link add r1 type veth peer name b0 netns "$B"
ip -n "$A" link set a0 address be:59:22:a4:d4:5f
ip -n "$R" link set r0 address 02:00:00:00:00:fe
ip -n "$R" link set r1 mtu 1400
ip -n "$B" link set b0 mtu 1400
for ns in "$A" "$R" "$B"; do ip -n "$ns" link set lo up; done
ip -n "$A" addr add 10.0.0.1/24 dev a0
ip -n "$A" addr add fd00::1/64 dev a0 nodad
ip -n "$R" addr add 10.0.0.254/24 dev r0
ip -n "$R" addr add fd00::fe/64 dev r0 nodad
ip -n "$R" addr add 10.0.1.254/24 dev r1
ip -n "$B" addr add 10.0.1.2/24 dev b0
for l in a0; do ip -n "$A" link set "$l" up; done
for l in r0 r1; do ip -n "$R" link set "$l" up; done
ip -n "$B" link set b0 up
ip -n "$A" route add default via 10.0.0.254
ip -n "$B" route add default via 10.0.1.254
ip -n "$R" route add prohibit 10.8.0.0/16
r sysctl -qw net.ipv4.ip_forward=1
b sysctl -qw net.ipv4.ipfrag_time=1
sleep 1

a tcpdump -q -U -i a0 -w "$tmp/a0.pcap" 2>/dev/null & pids+=($!)
sleep 1

a ping -c 2 -i 0.2 10.0.0.254 >/dev/null
a arping -c 1 -U -I a0 10.0.0.1 >/dev/null || true
a arping -c 1 -A -I a0 10.0.0.1 >/dev/null || true
a ping -c 1 -s 3000 10.0.1.2 >/dev/null
a ping -c 1 -M do -s 1450 10.0.1.2 >/dev/null || true
a ping -c 1 -t 1 10.0.1.2 >/dev/null || true
a ping -c 1 -W 1 10.9.9.9 >/dev/null || true
a ping -c 1 -W 1 10.8.0.1 >/dev/null || true
a ping -c 1 -W 4 10.0.1.99 >/dev/null || true
a ping -c 1 -W 1 fd00::fe >/dev/null || true
a python3 - <<'PY'
import socket, struct, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.1", 5000))
s.sendto(b"abcd", ("10.0.1.2", 6000))
s.sendto(b"hello", ("10.0.1.2", 9))
s.sendto(b"x" * 3000, ("10.0.1.2", 6001))
time.sleep(0.2)
# Protocol 253 (RFC 3692 experimentation): B answers protocol unreachable.
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, 253)
r.sendto(b"experiment", ("10.0.1.2", 0))
# A lone first fragment: B's reassembly times out after ipfrag_time.
h = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
payload = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"y" * 32
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x4242,
		 0x2000, 64, 1, 0, socket.inet_aton("10.0.0.1"),
		 socket.inet_aton("10.0.1.2"))
h.sendto(ip + payload, ("10.0.1.2", 0))
# TCP: refused on closed port 80, then a short exchange on 7777.
try:
	socket.create_connection(("10.0.1.2", 80), timeout=1)
except OSError:
	pass
time.sleep(2)
PY
b python3 - <<'PY' & pids+=($!)
import socket
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("10.0.1.2", 7777))
l.listen(1)
c, _ = l.accept()
c.recv(100)
c.sendall(b"pong\n")
c.close()
PY
sleep 0.5
a python3 - <<'PY'
import socket, time
c = socket.create_connection(("10.0.1.2", 7777))
c.sendall(b"ping\n")
c.recv(100)
time.sleep(0.2)
c.close()
time.sleep(0.5)
PY
sleep 1
kill -INT "${pids[0]}"; sleep 0.5
cp "$tmp/a0.pcap" "$out"
echo "wrote $out: $(tcpdump -r "$out" 2>/dev/null | wc -l) frames"
