#!/bin/sh
# tests/kernel/capture_malformed.sh - hand-made and malformed frames sent
# into a veth on the kernel (an AF_PACKET socket on the peer) and in vnet
# (`inject --tx` on the peer), compared by what a user can observe:
#  - the lines tcpdump prints on the receiving end (pair a-b);
#  - the receiving device's counters in `ip -s link` and the IPv4/ICMP
#    counters of `nstat` that vnet keeps (pair c-d, with no capture: on
#    Linux a listening packet socket takes frames no protocol wants, so
#    they stop counting as dropped while tcpdump runs).
# Each frame is one ip_rcv_core()/arp_rcv()/icmp_rcv() check (see FRAMES).
#
# Differences already known and reported against the code that owns them
# are listed in KNOWN as "what kernel-value vnet-value": they are printed,
# not failed, and a KNOWN entry that no longer differs fails the test so
# the list cannot go stale.
# Runs only as root, in namespaces it creates and deletes.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root for kernel namespaces"; exit 77; }
for tool in ip tcpdump nstat python3; do
	command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
case $VNET in /*) ;; *) VNET=$(pwd)/$VNET ;; esac

# name hex: a -> b, MACs 02:00:00:00:00:0a -> 02:00:00:00:00:0b,
# 10.0.0.1 -> 10.0.0.2 (made by hand with Python's struct, checksums right
# unless the name says otherwise).
FRAMES='good 02000000000b02000000000a08004500001c00010000400166de0a0000010a0000020800e5ca12340001
ipcsum 02000000000b02000000000a08004500001c00010000400177cf0a0000010a0000020800e5ca12340001
iplong 02000000000b02000000000a0800450000c800010000400166320a0000010a0000020800e5ca12340001
ipshort 02000000000b02000000000a08004500001000010000400166ea0a0000010a0000020800e5ca12340001
ipver 02000000000b02000000000a08006500001c00010000400146de0a0000010a0000020800e5ca12340001
ipihl 02000000000b02000000000a08004400001c00010000400167de0a0000010a0000020800e5ca12340001
iptrunc 02000000000b02000000000a08004500001c00010000400166de
icmpcsum 02000000000b02000000000a08004500001c00010000400166de0a0000010a0000020800b09f12340001
arphlen ffffffffffff02000000000a0806000108000704000102000000000a000a000001000000000000000a000002
arptrunc ffffffffffff02000000000a0806000108000604000102000000000a0a0000010000
arpop ffffffffffff02000000000a0806000108000604000702000000000a0a0000010000000000000a000002
ethertype 02000000000b02000000000a88b5000102030405060708090a0b0c0d0e0f
otherhost 02000000009902000000000a08004500001c00010000400166de0a0000010a0000020800e5ca12340001
proto 02000000000b02000000000a08004500001c0001000040fd65e20a0000010a0000020000000000000000'

# None known at the moment.
KNOWN=''

P=vnmal$$
T=$(mktemp -d /tmp/vnet-capture-malformed.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for ns in a b c d; do ip netns del $P$ns 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# --- the kernel ---------------------------------------------------------------
# pair NS1 NS2 IF1 IF2: a veth from NS1 to NS2, as in the vnet script below.
pair() {
	ip link add $3 netns $P$1 type veth peer name $4 netns $P$2
	ip -n $P$1 link set $3 address 02:00:00:00:00:0a
	ip -n $P$2 link set $4 address 02:00:00:00:00:0b
	ip -n $P$1 addr add 10.0.0.1/24 dev $3
	ip -n $P$2 addr add 10.0.0.2/24 dev $4
	ip -n $P$1 link set $3 up
	ip -n $P$2 link set $4 up
}
send() { # NS IF
	ip netns exec $P$1 python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[2], 0))
for line in open(sys.argv[1]):
    s.send(bytes.fromhex(line.strip()))
    time.sleep(0.01)
' "$T/frames.hex" $2 || fail "cannot send frames on the kernel"
}
for ns in a b c d; do
	ip netns add $P$ns || fail "ip netns add"
	ip netns exec $P$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
pair a b va vb
pair c d vc vd
echo "$FRAMES" | cut -d' ' -f2 >"$T/frames.hex"
ip netns exec ${P}b tcpdump --immediate-mode -n -i vb -w "$T/k.pcap" \
	2>"$T/k.err" &
PIDS=$!
for i in $(seq 50); do
	grep -qs listening "$T/k.err" && break
	sleep 0.1
done
send a va
send c vc
sleep 0.5
kill -INT $PIDS
wait $PIDS
PIDS=
ip -n ${P}d -s link show vd >"$T/k.link"
ip netns exec ${P}d nstat -asz >"$T/k.nstat"

# --- vnet ---------------------------------------------------------------------
{
	for ns in a b c d; do
		echo "ip netns add $ns"
	done
	for p in "a b va vb" "c d vc vd"; do
		set -- $p
		cat <<EOF
ip link add $3 netns $1 type veth peer name $4 netns $2
ip -n $1 link set $3 address 02:00:00:00:00:0a
ip -n $2 link set $4 address 02:00:00:00:00:0b
ip -n $1 addr add 10.0.0.1/24 dev $3
ip -n $2 addr add 10.0.0.2/24 dev $4
ip -n $1 link set $3 up
ip -n $2 link set $4 up
EOF
	done
	echo "ip netns exec b tcpdump -n -i vb -w $T/v.pcap &"
	while read -r hex; do
		echo "inject -n a --tx va $hex"
		echo "inject -n c --tx vc $hex"
		echo "sleep 0.01"
	done <"$T/frames.hex"
	cat <<EOF
sleep 0.5
kill %1
wait
ip -n d -s link show vd
echo ==nstat
ip netns exec d nstat -z
EOF
} >"$T/v.vnet"
"$VNET" run "$T/v.vnet" >"$T/v.out" 2>"$T/v.err" || {
	cat "$T/v.out" "$T/v.err"
	fail "vnet run failed"
}
sed -n '/==nstat/q;p' "$T/v.out" >"$T/v.link"
sed -n '/==nstat/,$p' "$T/v.out" | sed 1d >"$T/v.nstat"

# --- comparisons --------------------------------------------------------------
status=0
check() { # what kernel-value vnet-value
	known=$(echo "$KNOWN" | awk -v w="$1" '$1 == w { print $2 " " $3 }')
	if [ "$2" = "$3" ]; then
		if [ -n "$known" ]; then
			echo "FAIL: $1 now agrees ($2): remove it from KNOWN"
			status=1
		else
			echo "ok: $1 = $2"
		fi
	elif [ "$known" = "$2 $3" ]; then
		echo "known: $1 kernel $2, vnet $3"
	else
		echo "FAIL: $1: kernel $2, vnet $3"
		status=1
	fi
}

norm() { sed -E 's/^([0-9]{2}:){2}[0-9]{2}\.[0-9]{6} //'; }
tcpdump -r "$T/k.pcap" -n 2>/dev/null | norm >"$T/k.txt"
tcpdump -r "$T/v.pcap" -n 2>/dev/null | norm >"$T/v.txt"
[ "$(grep -c . "$T/k.txt")" -ge 14 ] || fail "the kernel capture missed frames"
if cmp -s "$T/k.txt" "$T/v.txt"; then
	echo "ok: tcpdump on vb ($(wc -l <"$T/k.txt") lines)"
else
	diff -u "$T/k.txt" "$T/v.txt"
	echo "FAIL: tcpdump on vb differs"
	status=1
fi

# ip -s link: the line after "RX:" and after "TX:".
counters() { # file, RX|TX
	awk -v d="$2:" '$1 == d { getline; print; exit }' "$1"
}
for dir in RX TX; do
	k=$(counters "$T/k.link" $dir)
	v=$(counters "$T/v.link" $dir)
	[ -n "$k" ] && [ -n "$v" ] || fail "no $dir counters in ip -s link"
	i=1
	for name in bytes packets errors dropped; do
		check "$dir-$name" "$(echo $k | cut -d' ' -f$i)" \
			"$(echo $v | cut -d' ' -f$i)"
		i=$((i + 1))
	done
done

# nstat: every counter vnet shows, against the kernel's value.
grep -v '^#' "$T/v.nstat" | while read -r name value rate; do
	kv=$(awk -v n="$name" '$1 == n { print $2 }' "$T/k.nstat")
	check "$name" "${kv:-missing}" "$value"
done >"$T/nstat.res"
cat "$T/nstat.res"
grep -q '^FAIL' "$T/nstat.res" && status=1
[ "$(grep -c . "$T/nstat.res")" -ge 15 ] || fail "vnet's nstat printed too little"

[ $status = 0 ] || exit 1
echo "PASS"
