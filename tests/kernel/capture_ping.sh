#!/bin/sh
# tests/kernel/capture_ping.sh - one ping between two namespaces, captured
# on the kernel with the real tcpdump and in vnet with vnet's tcpdump.
#
# What must agree once time stamps and ICMP echo ids are normalised:
#  - the frames: the real tcpdump prints the kernel's pcap and vnet's pcap
#    (-n, -e) to the same lines;
#  - vnet's printing: vnet's live capture, vnet's `tcpdump -r` of its own
#    file and the real `tcpdump -r` of that file print the same lines;
#  - the file: tshark decodes vnet's pcap with the same protocol stacks as
#    the kernel's (eth:ethertype:arp, eth:ethertype:ip:icmp:data);
#  - the banner and summary tcpdump writes to standard error.
# Runs only as root, in namespaces it creates and deletes.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root for kernel namespaces"; exit 77; }
for tool in ip tcpdump tshark ping; do
	command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
case $VNET in /*) ;; *) VNET=$(pwd)/$VNET ;; esac

P=vncap$$
T=$(mktemp -d /tmp/vnet-capture-ping.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	ip netns del ${P}a 2>/dev/null
	ip netns del ${P}b 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# --- the kernel ---------------------------------------------------------------
for ns in a b; do
	ip netns add $P$ns || fail "ip netns add"
	# No IPv6: its router solicitations and MLD reports would only add noise.
	ip netns exec $P$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip link add va netns ${P}a type veth peer name vb netns ${P}b
ip -n ${P}a link set va address 02:00:00:00:00:0a
ip -n ${P}b link set vb address 02:00:00:00:00:0b
ip -n ${P}a addr add 10.0.0.1/24 dev va
ip -n ${P}b addr add 10.0.0.2/24 dev vb
ip -n ${P}a link set va up
ip -n ${P}b link set vb up

ip netns exec ${P}a tcpdump --immediate-mode -i va -w "$T/k-va.pcap" \
	2>"$T/k-va.err" &
PIDS="$PIDS $!"
ip netns exec ${P}b tcpdump --immediate-mode -i vb -w "$T/k-vb.pcap" icmp \
	2>"$T/k-vb.err" &
PIDS="$PIDS $!"
for i in $(seq 50); do
	grep -qs listening "$T/k-va.err" && grep -qs listening "$T/k-vb.err" && break
	sleep 0.1
done
ip netns exec ${P}a ping -c 2 -i 0.2 -q 10.0.0.2 >/dev/null ||
	fail "kernel ping failed"
sleep 0.5
for p in $PIDS; do kill -INT "$p"; wait "$p"; done
PIDS=

# --- vnet ---------------------------------------------------------------------
cat >"$T/v.vnet" <<EOF
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
ip -n a link set va address 02:00:00:00:00:0a
ip -n b link set vb address 02:00:00:00:00:0b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a link set va up
ip -n b link set vb up
ip netns exec a tcpdump -i va -w $T/v-va.pcap
ip netns exec b tcpdump -i vb -w $T/v-vb.pcap icmp
ip netns exec a tcpdump -n -i va
ip netns exec a ping -c 2 -i 0.2 -q 10.0.0.2
sleep 0.5
kill -INT %1 %2 %3
wait
EOF
# The three captures run in the background; `vnet run` merges its outputs.
sed -i 's/^\(ip netns exec [ab] tcpdump .*\)$/\1 \&/' "$T/v.vnet"
"$VNET" run "$T/v.vnet" >"$T/v.out" 2>"$T/v.err" || {
	cat "$T/v.out" "$T/v.err"
	fail "vnet run failed"
}

# --- comparisons --------------------------------------------------------------
norm() {
	sed -E 's/^([0-9]{2}:){2}[0-9]{2}\.[0-9]{6} //; s/, id [0-9]+, seq/, id ID, seq/'
}
compare() { # what, expected file, actual file
	if ! cmp -s "$2" "$3"; then
		echo "--- $1: expected (kernel) vs vnet"
		diff -u "$2" "$3"
		fail "$1 differs"
	fi
	echo "ok: $1 ($(wc -l <"$2") lines)"
}
rd() { tcpdump -r "$@" 2>/dev/null | norm; }

rd "$T/k-va.pcap" -n >"$T/k-va.txt"
rd "$T/k-vb.pcap" -e >"$T/k-vb.txt"
[ "$(wc -l <"$T/k-va.txt")" -eq 6 ] || {
	cat "$T/k-va.txt"
	fail "the kernel capture is not ARP + 2 pings"
}
rd "$T/v-va.pcap" -n >"$T/v-va.txt"
rd "$T/v-vb.pcap" -e >"$T/v-vb.txt"
compare "frames on va (tcpdump -r -n)" "$T/k-va.txt" "$T/v-va.txt"
compare "frames on vb (tcpdump -r -e icmp)" "$T/k-vb.txt" "$T/v-vb.txt"

grep -E '^[0-9]{2}:[0-9]{2}:' "$T/v.out" | norm >"$T/v-live.txt"
compare "vnet live printing" "$T/k-va.txt" "$T/v-live.txt"

printf 'tcpdump -r %s -e\n' "$T/v-vb.pcap" >"$T/r.vnet"
"$VNET" run "$T/r.vnet" 2>/dev/null | norm >"$T/v-r.txt"
compare "vnet tcpdump -r" "$T/k-vb.txt" "$T/v-r.txt"

for f in va vb; do
	tshark -r "$T/k-$f.pcap" -T fields -e frame.protocols >"$T/k-$f.proto" 2>/dev/null
	tshark -r "$T/v-$f.pcap" -T fields -e frame.protocols >"$T/v-$f.proto" 2>/dev/null ||
		fail "tshark cannot read vnet's pcap"
	compare "tshark protocol stacks on $f" "$T/k-$f.proto" "$T/v-$f.proto"
done
grep -qx 'eth:ethertype:ip:icmp:data' "$T/v-vb.proto" ||
	fail "tshark does not see eth:ethertype:ip:icmp:data"

# Standard error: the -w banner and the interrupted summary, per capture
# (script lines 10 and 11); how many frames the kernel counts as received
# by the filter depends on timing, so that number is left out.
line=10
for f in va vb; do
	sed -E 's/[0-9]+ packets? (received by filter)/N \1/' "$T/k-$f.err" \
		>"$T/k-$f.err2"
	sed -nE "s/^[^:]*:$line: //p" "$T/v.err" |
		sed -E 's/[0-9]+ packets? (received by filter)/N \1/' \
		>"$T/v-$f.err2"
	compare "tcpdump -w banner and summary on $f" "$T/k-$f.err2" "$T/v-$f.err2"
	line=$((line + 1))
done
echo "PASS"
