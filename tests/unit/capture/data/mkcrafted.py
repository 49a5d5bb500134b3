#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# tests/unit/capture/data/mkcrafted.py - write corpus-crafted.pcap.
#
# Frames the kernel namespaces of mkcorpus.sh cannot easily make: 802.1Q and
# 802.1ad tags (no 8021q module on the test machines), unknown EtherTypes,
# 802.3/LLC, STP, every ICMP type and code print.c names, TCP flag and
# option combinations, and malformed headers (bad lengths, versions,
# checksums).  Only what capture/print.c covers: tcpdump decodes IGMP,
# GRE, VRRP, SCTP, LLDP, IPX ... and print.c does not.  Built by hand from the RFC layouts; no root needed.  Run
# mkexpect.sh afterwards to refresh the expected tcpdump text.
import socket
import struct
import sys

ME = bytes.fromhex("be5922a4d45f")
PEER = bytes.fromhex("0200000000fe")
BC = b"\xff" * 6
frames = []


def csum(b):
    if len(b) % 2:
        b += b"\0"
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff


def ip4(proto, src, dst, payload, ident=7, frag=0, ttl=64, tot=None,
        ver_ihl=0x45, opts=b"", tos=0):
    hl = 20 + len(opts)
    if tot is None:
        tot = hl + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", ver_ihl, tos, tot, ident, frag, ttl,
                    proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    h += opts
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def ip6(nxt, src, dst, payload, plen=None):
    if plen is None:
        plen = len(payload)
    return (struct.pack("!IHBB", 0x60000000, plen, nxt, 64) +
            socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) + payload)


def icmp(typ, code, rest, data=b""):
    m = struct.pack("!BBH", typ, code, 0) + rest + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]


def echo(ident, seq, data=bytes(range(56)), typ=8):
    return icmp(typ, 0, struct.pack("!HH", ident, seq), data)


def udp(sport, dport, data, ulen=None):
    if ulen is None:
        ulen = 8 + len(data)
    return struct.pack("!HHHH", sport, dport, ulen, 0) + data


def tcp(sport, dport, seq, ack, flags, win=64240, opts=b"", data=b"",
        urp=0, off=None):
    if off is None:
        off = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4,
                       flags, win, 0, urp) + opts + data


def eth(dst, src, etype, payload, pad=True):
    f = dst + src + struct.pack("!H", etype) + payload
    if pad and len(f) < 60:
        f += b"\0" * (60 - len(f))
    return f


def v4(payload_ip, dst=PEER, src=ME):
    frames.append(eth(dst, src, 0x0800, payload_ip))


def arp(op, sha, spa, tha, tpa, htype=1, ptype=0x0800, hln=6, pln=4):
    return struct.pack("!HHBBH6s4s6s4s", htype, ptype, hln, pln, op, sha,
                       socket.inet_aton(spa), tha, socket.inet_aton(tpa))


A, B, R = "10.0.0.1", "10.0.0.2", "10.0.0.254"
T = 0x12345678
inner = ip4(17, A, B, udp(5000, 6000, b"abcd"))
inner_tcp = ip4(6, A, B, tcp(40000, 80, 1000, 0, 0x02))
inner_icmp = ip4(1, A, B, echo(9, 9, b""))

# ARP: request, reply, gratuitous forms, RARP-ish opcodes, odd formats.
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, b"\0" * 6, B)))
frames.append(eth(ME, PEER, 0x0806, arp(2, PEER, B, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, b"\0" * 6, A)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, BC, A)))
frames.append(eth(BC, ME, 0x0806, arp(2, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(2, ME, A, BC, A)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, PEER, B)))
frames.append(eth(BC, ME, 0x0806, arp(3, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(4, PEER, B, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(8, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(9, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(10, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(77, ME, A, ME, A)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, ME, A, htype=6)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, ME, A, ptype=0x86dd)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, ME, A, pln=16)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, ME, A, hln=8)))
frames.append(eth(BC, ME, 0x0806, arp(1, ME, A, b"\0" * 6, B)[:20],
                  pad=False))

# ICMP: echo, every unreachable code, redirects, time exceeded, others.
v4(ip4(1, A, B, echo(2586, 1)))
v4(ip4(1, B, A, echo(2586, 1, typ=0)))
for code in range(16):
    v4(ip4(1, R, A, icmp(3, code, struct.pack("!HH", 0, 1400 if code == 4
                                              else 0), inner)))
v4(ip4(1, R, A, icmp(3, 3, b"\0" * 4, inner_tcp)))
v4(ip4(1, R, A, icmp(3, 3, b"\0" * 4, inner_icmp)))
v4(ip4(1, R, A, icmp(3, 2, b"\0" * 4, ip4(47, A, B, b"\0" * 8))))
v4(ip4(1, R, A, icmp(3, 4, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(3, 99, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(3, 3, b"\0" * 4, inner[:24])))
for code in range(5):
    v4(ip4(1, R, A, icmp(5, code, socket.inet_aton("10.0.0.253"), inner)))
v4(ip4(1, R, A, icmp(11, 0, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(11, 1, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(11, 7, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(12, 0, struct.pack("!B3x", 20), inner)))
v4(ip4(1, R, A, icmp(12, 1, b"\0" * 4, inner)))
v4(ip4(1, R, A, icmp(4, 0, b"\0" * 4, inner)))
v4(ip4(1, A, B, icmp(13, 0, struct.pack("!HH", 5, 6), b"\0\0\0\1" * 3)))
v4(ip4(1, B, A, icmp(14, 0, struct.pack("!HH", 5, 6), b"\0\0\0\1" * 3)))
v4(ip4(1, A, B, icmp(15, 0, struct.pack("!HH", 5, 6))))
v4(ip4(1, A, B, icmp(17, 0, struct.pack("!HH", 5, 6), b"\0" * 4)))
v4(ip4(1, B, A, icmp(18, 0, struct.pack("!HH", 5, 6),
                     socket.inet_aton("255.255.255.0"))))
v4(ip4(1, A, "224.0.0.1", icmp(9, 0, struct.pack("!BBH", 1, 2, 1800),
                               socket.inet_aton(R) + b"\0\0\0\0")))
v4(ip4(1, A, "224.0.0.2", icmp(10, 0, b"\0" * 4)))
v4(ip4(1, A, B, icmp(42, 0, b"\0" * 4)))
v4(ip4(1, A, B, icmp(99, 3, b"\0" * 4)))
v4(ip4(1, A, B, echo(1, 1)[:4]))

# IPv4: fragments, options, malformed headers, other protocols.
v4(ip4(1, A, B, echo(3, 1)[:24], ident=0x1234, frag=0x2000))
v4(ip4(1, A, B, b"z" * 40, ident=0x1234, frag=0x2000 | 3))
v4(ip4(1, A, B, b"z" * 40, ident=0x1234, frag=8))
v4(ip4(17, A, B, b"z" * 40, ident=0x1234, frag=0x4000 | 0x2000 | 100))
v4(ip4(6, A, B, b"z" * 40, ident=0x1234, frag=185))
v4(ip4(1, A, B, echo(1, 1), frag=0x4000))
v4(ip4(1, A, B, echo(1, 1), frag=0x8000))
v4(ip4(1, A, B, echo(4, 4), tot=200))
v4(ip4(1, A, B, echo(4, 4), tot=10))
v4(ip4(1, A, B, echo(4, 4), ver_ihl=0x44))
v4(ip4(1, A, B, echo(4, 4), ver_ihl=0x46, opts=b"\x01\x01\x01\x00"))
v4(ip4(1, A, B, echo(4, 4), ver_ihl=0x4f, opts=b"\x01" * 8))
v4(ip4(1, A, B, echo(4, 4), ver_ihl=0x65))
v4(ip4(17, A, B, udp(5000, 6000, b"opts"), ver_ihl=0x46, opts=b"\x94\x04\0\0"))
v4(ip4(6, A, B, tcp(40000, 7777, T, 0, 0x02), ver_ihl=0x46, opts=b"\x94\x04\0\0"))
v4(ip4(17, A, B, b"z" * 16, ver_ihl=0x46, opts=b"\x94\x04\0\0", frag=3))
v4(ip4(1, A, B, echo(4, 4), tos=0x03))
v4(ip4(250, A, B, b"abc"))
v4(ip4(250, A, B, b""))
v4(ip4(41, A, B, ip6(59, "fd00::1", "fd00::2", b"")))

# UDP: plain, named ports, bad lengths.
v4(ip4(17, A, B, udp(5000, 6000, b"abcd")))
v4(ip4(17, A, B, udp(40000, 9, b"hello")))
v4(ip4(17, A, B, udp(7, 13, b"hi")))
v4(ip4(17, A, B, udp(5000, 6000, b"abcd", ulen=100)))
v4(ip4(17, A, B, udp(5000, 6000, b"abcd", ulen=4)))
v4(ip4(17, A, B, udp(5000, 6000, b"abcd", ulen=10)))
v4(ip4(17, A, B, udp(5000, 6000, b"")[:6]))
v4(ip4(17, A, B, udp(0, 0, b"")))
v4(ip4(17, A, B, udp(65535, 1024, b"q" * 30)))

def tv4(seg, src=A, dst=B):
    v4(ip4(6, src, dst, seg))
mss = b"\x02\x04\x05\xb4"
# TCP: flags, options, seq/ack forms, bad offsets.
tv4(tcp(40000, 7777, T, 0, 0x02, opts=mss + b"\x04\x02\x08\x0a\0\0\0\1\0\0\0\0\x01\x03\x03\x07"))
tv4(tcp(7777, 40000, 0x1000, T + 1, 0x12, opts=mss + b"\x01\x01\x04\x02"), B, A)
tv4(tcp(40000, 7777, T + 1, 0x1001, 0x10))
tv4(tcp(40000, 7777, T + 1, 0x1001, 0x18, data=b"hello"))
tv4(tcp(7777, 40000, 0x1001, T + 6, 0x10, opts=b"\x01\x01\x05\x0a" + struct.pack("!II", T + 10, T + 20)), B, A)
tv4(tcp(40000, 7777, T + 6, 0x1001, 0x11))
tv4(tcp(7777, 40000, 0x1001, T + 7, 0x14), B, A)
tv4(tcp(40000, 7777, T + 7, 0, 0x04))
tv4(tcp(40000, 7777, T + 7, 0x1001, 0x30, urp=5, data=b"u"))
tv4(tcp(40000, 7777, T, 0, 0xc2))
tv4(tcp(40000, 7777, T, 0, 0xff, urp=1))
tv4(tcp(40000, 7777, T, 0, 0x00))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x01\x00\0\0"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x63\x04\xab\xcd"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x02\x05\x05\xb4\0\0\0\0"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x02\x01\0\0"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x05\x06\0\0\0\0\0\0"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x22\x02\x01\x00"))
tv4(tcp(40000, 7777, T, 0, 0x02, opts=b"\x13\x12" + b"\x11" * 16 + b"\0\0"))
tv4(tcp(40000, 7777, T, 0, 0x02, off=4))
tv4(tcp(40000, 7777, T, 0, 0x02, off=15))
tv4(tcp(40000, 22, T, 0, 0x02))
tv4(tcp(40000, 443, T, 0, 0x02))
tv4(tcp(40000, 7777, T, 0, 0x02)[:12])

# IPv6: ICMPv6, UDP, TCP, extension headers, unknown next header.
L1, L2 = "fe80::1", "fe80::2"
def icmp6(typ, code, body, src=L1, dst=L2):
    pseudo = (socket.inet_pton(socket.AF_INET6, src) +
              socket.inet_pton(socket.AF_INET6, dst) +
              struct.pack("!IxxxB", 4 + len(body), 58))
    m = struct.pack("!BBH", typ, code, 0) + body
    m = m[:2] + struct.pack("!H", csum(pseudo + m)) + m[4:]
    frames.append(eth(PEER, ME, 0x86dd, ip6(58, src, dst, m)))
icmp6(128, 0, struct.pack("!HH", 7, 1) + b"x" * 8)
icmp6(129, 0, struct.pack("!HH", 7, 1) + b"x" * 8, L2, L1)
icmp6(135, 0, b"\0" * 4 + socket.inet_pton(socket.AF_INET6, L2) + b"\x01\x01" + ME)
icmp6(136, 0, b"\x60\0\0\0" + socket.inet_pton(socket.AF_INET6, L2) + b"\x02\x01" + PEER, L2, L1)
icmp6(133, 0, b"\0" * 4)
icmp6(134, 0, b"\x40\0\x07\x08" + b"\0" * 8)
icmp6(1, 4, b"\0" * 4 + ip6(17, L2, L1, udp(5000, 6000, b"")), L2, L1)
icmp6(1, 0, b"\0" * 4, L2, L1)
icmp6(2, 0, struct.pack("!I", 1280), L2, L1)
icmp6(3, 0, b"\0" * 4, L2, L1)
icmp6(4, 1, struct.pack("!I", 6), L2, L1)
icmp6(200, 0, b"\0" * 4)
frames.append(eth(PEER, ME, 0x86dd, ip6(17, "fd00::1", "fd00::2", udp(5000, 6000, b"abcd"))))
frames.append(eth(PEER, ME, 0x86dd, ip6(6, "fd00::1", "fd00::2", tcp(40000, 7777, T, 0, 0x02, opts=mss))))
frames.append(eth(PEER, ME, 0x86dd, ip6(6, "fd00::2", "fd00::1", tcp(7777, 40000, 5, T + 1, 0x12))))
frames.append(eth(PEER, ME, 0x86dd, ip6(6, "fd00::1", "fd00::2", tcp(40000, 7777, T + 1, 6, 0x10))))
frames.append(eth(PEER, ME, 0x86dd, ip6(59, "fd00::1", "fd00::2", b"")))
frames.append(eth(PEER, ME, 0x86dd, ip6(250, "fd00::1", "fd00::2", b"abcd")))
frames.append(eth(PEER, ME, 0x86dd, ip6(0, "fd00::1", "ff02::16", b"\x3a\0\x05\x02\0\0\x01\0" + b"\x8f\0\0\0\0\0\0\0")))
frames.append(eth(PEER, ME, 0x86dd, ip6(44, "fd00::1", "fd00::2", struct.pack("!BBHI", 17, 0, 0x0001, 99) + udp(5000, 6000, b"abcd"))))
frames.append(eth(PEER, ME, 0x86dd, ip6(17, "fd00::1", "fd00::2", udp(5000, 6000, b"abcd"), plen=100)))
frames.append(eth(PEER, ME, 0x86dd, ip6(17, "fd00::1", "fd00::2", b"")[:30], pad=False))
frames.append(eth(PEER, ME, 0x86dd, b"\x40" + b"\0" * 39))
frames.append(eth(PEER, ME, 0x0800, ip6(59, "fd00::1", "fd00::2", b"")))

# Link layer: VLAN tags, QinQ, unknown EtherTypes, 802.3/LLC, STP, runts.
frames.append(eth(BC, ME, 0x8100, struct.pack("!HH", 10, 0x0806) + arp(1, ME, "10.0.10.1", b"\0" * 6, "10.0.10.254")))
frames.append(eth(PEER, ME, 0x8100, struct.pack("!HH", (5 << 13) | 20, 0x0800) + ip4(1, "10.0.20.1", "10.0.20.254", echo(77, 1))))
frames.append(eth(PEER, ME, 0x8100, struct.pack("!HH", (1 << 12) | 4095, 0x0800) + ip4(1, A, B, echo(77, 1))))
frames.append(eth(PEER, ME, 0x88a8, struct.pack("!HHHH", 100, 0x8100, 10, 0x0800) + ip4(1, A, B, echo(77, 2))))
frames.append(eth(PEER, ME, 0x8100, struct.pack("!HH", 10, 0x86dd) + ip6(59, "fd00::1", "fd00::2", b"")))
frames.append(eth(PEER, ME, 0x8100, struct.pack("!HH", 10, 0x88b5) + b"unknown in vlan"))
frames.append(eth(PEER, ME, 0x8100, struct.pack("!HH", 10, 8) + b"\xaa\xaa\x03\0\0\0\x08\0"))
frames.append((PEER + ME + b"\x81\x00\x00")[:15])
frames.append(eth(BC, ME, 0x88b5, b"local experimental ethertype"))
frames.append(eth(BC, ME, 0x0842, b"\xff" * 6 + ME * 16))
frames.append(eth(BC, ME, 0x1234, b""))
snap = b"\xaa\xaa\x03\x00\x00\x00\x08\x00" + ip4(17, A, R, udp(5000, 6000, b"snap"))
frames.append(eth(PEER, ME, len(snap), snap))
bpdu = bytes.fromhex("424203" "0000" "00" "00" "00" "8000be5922a4d45f" "00000000"
                     "8000be5922a4d45f" "8001" "0000" "1400" "0200" "0f00")
frames.append(eth(bytes.fromhex("0180c2000000"), ME, len(bpdu), bpdu))
llc = b"\x80\x81\x03" + b"payload"
frames.append(eth(PEER, ME, len(llc), llc))
llc = b"\xf0\xf0\x03" + b"netbios!"
frames.append(eth(PEER, ME, len(llc), llc))
frames.append(eth(PEER, ME, 3, b"\x42"))
frames.append(eth(PEER, ME, 0, b""))
frames.append(eth(PEER, ME, 0x0700, b"between 1500 and 1536"))
frames.append(ME + PEER + b"\x08")
frames.append(ME)
frames.append(b"")

out = sys.argv[1] if len(sys.argv) > 1 else "corpus-crafted.pcap"
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack("<IIII", 1700000000 + i, i * 1000, len(fr),
                            len(fr)))
        f.write(fr)
print("wrote %s: %d frames" % (out, len(frames)))
