#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# tests/fuzz/mkseeds.py - write the seed corpus of each fuzz target into
# tests/fuzz/corpus/<target>/, in the input format its header describes.
#
# Seeds are built from real frames: tests/unit/capture/data/
# corpus-kernel.pcap (kernel veths in throwaway namespaces, mkcorpus.sh)
# and corpus-crafted.pcap, so fuzzing starts from traffic that reaches
# deep into the stack instead of from nothing.  Deterministic: run it
# again after changing an input format and commit the result.
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'unit', 'capture', 'data')
OUT = os.path.join(HERE, 'corpus')


def pcap(name):
    d = open(os.path.join(DATA, name), 'rb').read()
    e = '<' if struct.unpack('<I', d[:4])[0] in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    off, frames = 24, []
    while off + 16 <= len(d):
        cap = struct.unpack(e + 'IIII', d[off:off + 16])[2]
        frames.append(d[off + 16:off + 16 + cap])
        off += 16 + cap
    return frames


KERNEL = pcap('corpus-kernel.pcap')
CRAFTED = pcap('corpus-crafted.pcap')


def k(n):
    """Frame n of the kernel corpus, tcpdump -# numbering."""
    return KERNEL[n - 1]


def ip4(a):
    return bytes(int(x) for x in a.split('.'))


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def readdress(ip, src=None, dst=None, ttl=None):
    """An IPv4 datagram with new addresses/TTL and a fixed header sum."""
    ip = bytearray(ip)
    hlen = (ip[0] & 15) * 4
    if src:
        ip[12:16] = ip4(src)
    if dst:
        ip[16:20] = ip4(dst)
    if ttl is not None:
        ip[8] = ttl
    ip[10:12] = b'\0\0'
    ip[10:12] = struct.pack('!H', csum(bytes(ip[:hlen])))
    return bytes(ip)


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), 'wb').write(data)


def arp_seeds():
    # Message: length, delay, the ARP bytes (from the hardware type on).
    def msg(frame, delay=0):
        a = frame[14:42]
        return bytes([len(a), delay]) + a
    write('fuzz_arp', 'request-bcast', bytes([0]) + msg(k(6)))
    write('fuzz_arp', 'request-then-reply', bytes([0x21]) + msg(k(6), 5) +
          msg(k(7), 100))
    write('fuzz_arp', 'reply-unicast', bytes([1]) + msg(k(35)))
    write('fuzz_arp', 'garp-accept', bytes([4]) + msg(k(12)) + msg(k(15)))
    write('fuzz_arp', 'ignore-2', bytes([0x10]) + msg(k(34)) + msg(k(6)))


def ipv4_seeds():
    # Datagram: flags, length (2), delay, bytes from the IPv4 header on.
    def dgram(ip, flags=1, delay=0):
        return bytes([flags]) + struct.pack('!H', len(ip)) + bytes([delay]) + ip
    echo = readdress(k(8)[14:], src='10.0.0.2', dst='10.0.0.1')
    write('fuzz_ipv4', 'echo-local', bytes([0]) + dgram(echo))
    fwd = readdress(k(8)[14:], src='10.0.0.2', dst='10.0.1.2')
    write('fuzz_ipv4', 'echo-forward', bytes([1]) + dgram(fwd))
    ttl1 = readdress(k(25)[14:], src='10.0.0.2', dst='10.0.1.2', ttl=1)
    write('fuzz_ipv4', 'ttl-expired', bytes([1]) + dgram(ttl1))
    # The 3008-byte echo in three fragments (#17, #18, #19).
    frags = [readdress(k(n)[14:], src='10.0.0.2', dst='10.0.0.1')
             for n in (17, 18, 19)]
    write('fuzz_ipv4', 'fragments-local',
          bytes([0]) + b''.join(dgram(f) for f in frags))
    write('fuzz_ipv4', 'fragments-reversed',
          bytes([0]) + b''.join(dgram(f) for f in reversed(frags)))
    ffrags = [readdress(k(n)[14:], src='10.0.0.2', dst='10.0.1.2')
              for n in (17, 18, 19)]
    write('fuzz_ipv4', 'fragments-forward',
          bytes([1]) + b''.join(dgram(f) for f in ffrags))
    # Two of three fragments, then the 30 s reassembly timeout.
    write('fuzz_ipv4', 'fragments-timeout',
          bytes([0]) + dgram(frags[0]) + dgram(frags[2], 1, 255))
    # The DF echo too big for the 576-byte link: fragmentation needed.
    big = readdress(k(23)[14:], src='10.0.0.2', dst='10.0.1.2')
    write('fuzz_ipv4', 'frag-needed', bytes([1]) + dgram(big))
    udp = readdress(k(41)[14:], src='10.0.0.2', dst='10.0.0.1')
    write('fuzz_ipv4', 'udp-unreachable', bytes([0]) + dgram(udp))
    proto = readdress(k(49)[14:], src='10.0.0.2', dst='10.0.0.1')
    write('fuzz_ipv4', 'proto-unreachable', bytes([0]) + dgram(proto))
    opt = readdress(CRAFTED[73][14:], src='10.0.0.2', dst='10.0.0.1')
    write('fuzz_ipv4', 'options', bytes([0]) + dgram(opt))

    # Fragments the harness builds: id, MF|DF|offset/8, length, how.
    def frag(ident, mf, off8, length, how=0, delay=0):
        return bytes([16, ident]) + struct.pack(
            '!HHB', (0x2000 if mf else 0) | off8, length, how) + \
            bytes([delay])
    write('fuzz_ipv4', 'built-fragments',
          bytes([0]) + frag(1, 1, 0, 16, 1) + frag(1, 1, 2, 16, 1) +
          frag(1, 0, 4, 8, 1))
    write('fuzz_ipv4', 'built-overlap',
          bytes([0]) + frag(2, 1, 0, 24) + frag(2, 1, 2, 16) +
          frag(2, 0, 5, 8) + frag(3, 0, 1, 8) + frag(3, 1, 0, 8))
    write('fuzz_ipv4', 'built-forward',
          bytes([1]) + frag(4, 1, 0, 1480, 3) + frag(4, 0, 185, 100, 3))


def icmp_seeds():
    # Message: flags, TTL, length (2), delay, the ICMP bytes.
    def msg(icmp, flags=0x10, ttl=64, delay=0):
        return bytes([flags, ttl]) + struct.pack('!H', len(icmp)) + \
            bytes([delay]) + icmp

    def icmp_of(frame):
        ip = frame[14:]
        return ip[(ip[0] & 15) * 4:struct.unpack('!H', ip[2:4])[0]]
    write('fuzz_icmp', 'echo-request', msg(icmp_of(k(8))))
    # An echo reply for the bound socket (identifier 0x1234, seq 1).
    reply = bytearray(icmp_of(k(9)))
    reply[4:8] = struct.pack('!HH', 0x1234, 1)
    write('fuzz_icmp', 'echo-reply-socket', msg(bytes(reply)))
    # Errors quoting one of our echoes (10.0.0.1 -> 10.0.0.2, id 0x1234).
    for name, n in (('time-exceeded', 26), ('net-unreachable', 28),
                    ('frag-needed', 24), ('admin-prohibited', 30)):
        e = bytearray(icmp_of(k(n)))
        q = bytearray(e[8:])
        qh = (q[0] & 15) * 4
        q[12:16] = ip4('10.0.0.1')
        q[16:20] = ip4('10.0.0.2')
        if len(q) >= qh + 8:
            q[qh + 4:qh + 6] = struct.pack('!H', 0x1234)
        write('fuzz_icmp', name, msg(bytes(e[:8]) + bytes(q)))
    write('fuzz_icmp', 'echo-broadcast', msg(icmp_of(k(8)), flags=0x54))
    write('fuzz_icmp', 'port-unreachable', msg(icmp_of(k(42))))


def parse_seeds():
    lines = [
        'ip -n a link add v0 type veth peer name v1 netns b',
        'ip netns exec a ping -c 3 -i 0.2 10.0.0.2 &',
        "! false && echo 'a b' || echo \"c\\\"d\" # done",
        'sleep 1; jobs; wait %1; kill -INT %2',
        'echo a\\ b "$x" `y` \\',
        'tcpdump -i eth0 -n -e "icmp or arp" & sleep 2',
        'a && & b',
        "echo 'unterminated",
        'echo a | b > c',
        '   ',
    ]
    for i, line in enumerate(lines):
        write('fuzz_parse', 'line-%02d' % i, line.encode())


def capture_seeds():
    # Options byte, output size, then frames: caplen (2), extra, bytes.
    def frames(fs, cut=None):
        out = b''
        for f in fs:
            c = f if cut is None else f[:cut]
            out += struct.pack('!H', len(c)) + bytes([len(f) - len(c)]) + c
        return out
    for i, f in enumerate(KERNEL):
        write('fuzz_capture', 'kernel-%02d' % (i + 1),
              bytes([i % 8, 255]) + frames([f]))
    for i, f in enumerate(CRAFTED[:80]):
        write('fuzz_capture', 'crafted-%02d' % (i + 1),
              bytes([(i % 4) | ((i % 6) << 3), 255]) + frames([f]))
    # A TCP conversation (relative sequence numbers), cut and tiny output.
    write('fuzz_capture', 'tcp-conversation',
          bytes([1, 255]) + frames(KERNEL[54:65]))
    write('fuzz_capture', 'tcp-cut-small-out',
          bytes([3, 40]) + frames(KERNEL[54:65], cut=60))
    write('fuzz_capture', 'hex-ascii', bytes([0xc1, 255]) + frames([k(8)]))


def topology_seeds():
    # Header, then frames: selector, length (2), delay, the frame.
    def frame(sel, f, delay=10):
        return bytes([sel]) + struct.pack('!H', len(f)) + bytes([delay]) + f
    x0 = bytes.fromhex('020000000099')
    arp = bytes.fromhex('ffffffffffff') + x0 + bytes.fromhex(
        '0806' '0001080006040001') + x0 + ip4('10.0.0.99') + bytes(6) + \
        ip4('10.0.0.1')
    ip = readdress(k(8)[14:], src='10.0.0.99', dst='10.0.1.3')
    to_br = bytes.fromhex('0200000000fe') + x0 + b'\x08\x00' + ip
    write('fuzz_topology', 'arp-then-route',
          bytes([5]) + frame(0, arp) + frame(4, to_br))
    h1 = bytes.fromhex('020000000001')
    to_h1 = h1 + x0 + b'\x08\x00' + readdress(k(8)[14:], src='10.0.0.99',
                                               dst='10.0.0.1')
    write('fuzz_topology', 'flood-unknown', bytes([0]) + frame(4, to_h1))
    stp = bytes.fromhex('0180c2000000') + x0 + bytes.fromhex('0026') + \
        bytes(38)
    write('fuzz_topology', 'link-local', bytes([2]) + frame(0, stp) +
          frame(0, bytes.fromhex('ffffffffffff') + x0 + b'\x86\xdd' +
                bytes(40)))
    write('fuzz_topology', 'isolated', bytes([8]) + frame(0, arp) +
          frame(2, k(6)))

    def event(i):
        return bytes([0x10, i])
    write('fuzz_topology', 'events', bytes([5]) + frame(0, arp) +
          event(2) + frame(0, arp) + event(3) + frame(4, to_br) +
          event(6) + frame(3, to_h1) + event(0) + frame(0, to_h1) +
          event(1) + event(12) + frame(2, arp) + event(13) +
          frame(3, to_h1) + event(15) + frame(1, to_br))


def tcp_seeds():
    """Conversations with s (fuzz_tcp.c's format), numbered relative."""
    SYN, ACK, FIN, RST, PSH = 0x02, 0x10, 0x01, 0x04, 0x08

    def seg(flags, flow=0, seq=0, ack=0, win=65535, opts=None, paylen=0,
            delay=0, abs_seq=False, bad_csum=False, act=0):
        how = flow | (4 if abs_seq else 0) | (16 if bad_csum else 0) | \
            (32 if opts is not None else 0) | act << 6
        b = bytes([flags, how])
        b += struct.pack('>I', seq) if abs_seq else struct.pack('>h', seq)
        b += struct.pack('>h', ack) + struct.pack('>H', win)
        if opts is not None:
            b += bytes([len(opts)]) + opts
        return b + struct.pack('>H', paylen) + bytes([delay])
    syn_opts = bytes.fromhex('020405b4' '0402' '080a0000000100000000'
                             '01' '030307')
    hello = seg(SYN, seq=0x1000, abs_seq=True, opts=syn_opts) + \
        seg(ACK, ack=0) + seg(ACK | PSH, paylen=100) + \
        seg(ACK, paylen=1460, delay=1)
    write('fuzz_tcp', 'handshake-data', hello)
    write('fuzz_tcp', 'close', hello + seg(ACK | FIN, delay=10) +
          seg(ACK, delay=100))
    write('fuzz_tcp', 'reset', hello + seg(RST, seq=5) +
          seg(RST) + seg(RST, seq=-5000))
    # SACK edges are offsets from the highest sequence s sent.
    sack = bytes.fromhex('0101' '050a' 'fffffc00' 'fffffe00')
    write('fuzz_tcp', 'sack', hello + seg(ACK, ack=-1460,
                                          opts=sack))
    # The program acts: shutdown (FIN-WAIT, TIME-WAIT), close, keepalive.
    write('fuzz_tcp', 'active-close', hello + seg(ACK, act=1, delay=1) +
          seg(ACK, delay=1) + seg(ACK | FIN, delay=100))
    write('fuzz_tcp', 'close-unread', hello + seg(ACK | PSH, paylen=10,
                                                  act=2, delay=250))
    write('fuzz_tcp', 'keepalive', hello + seg(ACK, act=3, delay=255) +
          seg(ACK, delay=255))
    write('fuzz_tcp', 'zero-window', hello + seg(ACK, win=0,
                                                 delay=250) +
          seg(ACK, delay=250))
    write('fuzz_tcp', 'client', seg(SYN | ACK, flow=3, seq=0x2000,
                                    abs_seq=True, ack=0, opts=syn_opts) +
          seg(ACK | PSH, flow=3, paylen=4) + seg(ACK | FIN, flow=3))
    write('fuzz_tcp', 'flood', b''.join(
        seg(SYN, flow=i % 3, seq=0x100 * i, abs_seq=True) for i in range(12)))
    write('fuzz_tcp', 'bad', seg(SYN, bad_csum=True) +
          seg(SYN | FIN, flow=1, seq=7, abs_seq=True) +
          seg(SYN, flow=2, opts=bytes.fromhex('0200ffff0801')))


def main():
    arp_seeds()
    ipv4_seeds()
    icmp_seeds()
    parse_seeds()
    capture_seeds()
    topology_seeds()
    tcp_seeds()
    return 0


if __name__ == '__main__':
    sys.exit(main())
