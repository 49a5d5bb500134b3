#!/bin/bash
# SPDX-License-Identifier: MIT
#
# tests/unit/capture/data/mkexpect.sh - record what the real tcpdump prints.
#
# For each corpus-*.pcap, runs tcpdump 4.99 (Debian 12) with -n, -n -e, -e
# and no flag, in UTC, into corpus-*.{n,ne,e,plain}.txt; then cuts every
# frame at every length up to 96 bytes, both as a short capture (caplen <
# len: cut-snap) and as a short frame (caplen == len: cut-wire), and keeps
# tcpdump -n's text for those.  test_print.c compares capture/print.c with
# all of it.  Without -n tcpdump looks names up, so that run happens in a
# throwaway network namespace where every lookup fails at once (root);
# vnet prints numeric addresses, which is what a failed lookup gives.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
ns=vncapexp$$
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true; rm -f cut-*.tmp.pcap' EXIT

cut_pcap()	# IN OUT MODE LIMIT
{
	python3 - "$@" <<'PY'
import struct, sys
src, out, mode, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = open(src, "rb").read()
o = open(out, "wb")
o.write(d[:24])
off = 24
while off < len(d):
    s, us, cl, ln = struct.unpack("<IIII", d[off:off + 16])
    fr = d[off + 16:off + 16 + cl]
    off += 16 + cl
    for cut in range(0, min(cl, limit) + 1):
        o.write(struct.pack("<IIII", s, us, cut, cut if mode == "wire" else ln))
        o.write(fr[:cut])
PY
}

for f in corpus-*.pcap; do
	b=${f%.pcap}
	tcpdump -r "$f" -n 2>/dev/null >"$b.n.txt"
	tcpdump -r "$f" -n -e 2>/dev/null >"$b.ne.txt"
	ip netns exec "$ns" tcpdump -r "$f" -e 2>/dev/null >"$b.e.txt"
	ip netns exec "$ns" tcpdump -r "$f" 2>/dev/null >"$b.plain.txt"
	for m in wire snap; do
		cut_pcap "$f" "cut-$m.tmp.pcap" "$m" 96
		tcpdump -r "cut-$m.tmp.pcap" -n 2>/dev/null >"$b.cut-$m.txt"
	done
done
wc -l corpus-*.txt
