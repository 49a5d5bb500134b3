#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tests/unit/wire/mkframes.sh - capture the frames of frames.h that are
# not in the capture corpus, on kernel veths in throwaway namespaces.
#
#   ipv4_rr_echo   ping -R -c 1 -s 8 (an IPv4 option: record route)
#   udp_datagram   one UDP datagram with a full checksum (tx checksum
#                  offload turned off on the sending veth, otherwise the
#                  kernel leaves a partial sum for the "hardware")
#
# Root only; never touches the root namespace; deletes what it made even
# on failure.  Prints the C arrays to paste into frames.h.
set -eu
A=vnwireA$$ B=vnwireB$$
tmp=$(mktemp -d)
cleanup()
{
	[ -n "${P:-}" ] && kill "$P" 2>/dev/null
	ip netns del $A 2>/dev/null || true
	ip netns del $B 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add $A
ip netns add $B
ip -n $A link add v0 type veth peer name v1 netns $B
ip -n $A link set v0 address 02:00:00:00:00:0a
ip -n $B link set v1 address 02:00:00:00:00:0b
ip -n $A addr add 192.168.7.1/24 dev v0
ip -n $B addr add 192.168.7.2/24 dev v1
ip -n $A link set v0 up
ip -n $B link set v1 up
# ETHTOOL_STXCSUM off, without needing the ethtool program.
ip netns exec $A python3 -c '
import ctypes, fcntl, socket, struct
ev = ctypes.create_string_buffer(struct.pack("II", 0x17, 0))
ifr = struct.pack("16sP", b"v0", ctypes.addressof(ev)) + bytes(16)
s = socket.socket()
fcntl.ioctl(s.fileno(), 0x8946, ifr)'
ip netns exec $A tcpdump -i v0 -w "$tmp/f.pcap" -U -n 'icmp or udp' 2>/dev/null &
P=$!
sleep 1
ip netns exec $A ping -R -c 1 -s 8 192.168.7.2 >/dev/null
ip netns exec $A python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.7.1", 5000))
s.sendto(b"vnet", ("192.168.7.2", 6000))'
sleep 1
kill $P
wait $P 2>/dev/null || true
P=
python3 - "$tmp/f.pcap" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read()
e = '<' if struct.unpack('<I', d[:4])[0] in (0xa1b2c3d4, 0xa1b23c4d) else '>'
off, frames = 24, []
while off + 16 <= len(d):
    cap = struct.unpack(e + 'IIII', d[off:off + 16])[2]
    frames.append(d[off + 16:off + 16 + cap])
    off += 16 + cap
# The echo request carrying the option, and the UDP datagram.
rr = [f for f in frames if f[14] == 0x4f and f[23] == 1][0]
udp = [f for f in frames if f[14] == 0x45 and f[23] == 17][0]
for name, b in (('ipv4_rr_echo', rr), ('udp_datagram', udp)):
    print('static const uint8_t %s[%d] = {' % (name, len(b)))
    for i in range(0, len(b), 12):
        print('\t' + ' '.join('0x%02x,' % x for x in b[i:i + 12]))
    print('};\n')
PY
