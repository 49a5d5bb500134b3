#!/bin/sh
# tests/kernel/capture_bridge.sh - captures on a Linux bridge and its ports
# against the same captures in vnet.
#
# h1 and h2 hang off br0 in namespace sw.  A ping from h1 to h2 is
# captured on br0 with -p (the bridge device is not promiscuous: it sees
# the broadcast ARP request and nothing forwarded), then, after the
# neighbour caches are flushed, on br0 without -p (tcpdump makes it
# promiscuous: every forwarded frame is passed up) and on p1 and p2.  The
# lines the real tcpdump prints for the kernel's and for vnet's pcaps must
# match once time stamps and ICMP echo ids are normalised.
# Runs only as root, in namespaces it creates and deletes.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root for kernel namespaces"; exit 77; }
for tool in ip tcpdump ping; do
	command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
case $VNET in /*) ;; *) VNET=$(pwd)/$VNET ;; esac

P=vnbr$$
T=$(mktemp -d /tmp/vnet-capture-bridge.XXXXXX)
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for ns in h1 h2 sw; do ip netns del $P$ns 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# The topology, as lines for the kernel (NS is the namespace prefix).
topology() {
	cat <<EOF
ip -n ${1}sw link add br0 type bridge
ip link add p1 netns ${1}sw type veth peer name e1 netns ${1}h1
ip link add p2 netns ${1}sw type veth peer name e2 netns ${1}h2
ip -n ${1}h1 link set e1 address 02:00:00:00:01:01
ip -n ${1}h2 link set e2 address 02:00:00:00:02:02
ip -n ${1}sw link set br0 address 02:00:00:00:00:fe
ip -n ${1}sw link set p1 master br0
ip -n ${1}sw link set p2 master br0
ip -n ${1}sw link set br0 up
ip -n ${1}sw link set p1 up
ip -n ${1}sw link set p2 up
ip -n ${1}h1 addr add 10.0.0.1/24 dev e1
ip -n ${1}h2 addr add 10.0.0.2/24 dev e2
ip -n ${1}h1 link set e1 up
ip -n ${1}h2 link set e2 up
EOF
}

# --- the kernel ---------------------------------------------------------------
for ns in h1 h2 sw; do
	ip netns add $P$ns || fail "ip netns add"
	ip netns exec $P$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
topology $P >"$T/topo.sh"
sh -e "$T/topo.sh" || fail "kernel topology"

# start NAME IF [tcpdump options]: a capture in sw, written to NAME.pcap
start() {
	name=$1
	shift
	ip netns exec ${P}sw tcpdump --immediate-mode -w "$T/k-$name.pcap" "$@" \
		2>"$T/k-$name.err" &
	PIDS="$PIDS $!"
	for i in $(seq 50); do
		grep -q listening "$T/k-$name.err" 2>/dev/null && return
		sleep 0.1
	done
	fail "tcpdump $* did not start"
}
stop() {
	sleep 0.5
	for p in $PIDS; do kill -INT "$p"; wait "$p"; done
	PIDS=
}

# Only what vnet speaks: the kernel's bridge also sends IGMP reports.
start br0-p -p -i br0 arp or icmp
ip netns exec ${P}h1 ping -c 1 -q 10.0.0.2 >/dev/null || fail "kernel ping 1"
stop
ip -n ${P}h1 neigh flush dev e1
ip -n ${P}h2 neigh flush dev e2
start br0 -i br0 arp or icmp
start p1 -i p1 arp or icmp
start p2 -i p2 icmp
ip netns exec ${P}h1 ping -c 1 -q 10.0.0.2 >/dev/null || fail "kernel ping 2"
stop

# --- vnet ---------------------------------------------------------------------
{
	echo "ip netns add h1"
	echo "ip netns add h2"
	echo "ip netns add sw"
	topology ""
	cat <<EOF
ip netns exec sw tcpdump -p -i br0 -w $T/v-br0-p.pcap arp or icmp &
ip netns exec h1 ping -c 1 -q 10.0.0.2
kill %1
wait
ip -n h1 neigh flush dev e1
ip -n h2 neigh flush dev e2
ip netns exec sw tcpdump -i br0 -w $T/v-br0.pcap arp or icmp &
ip netns exec sw tcpdump -i p1 -w $T/v-p1.pcap arp or icmp &
ip netns exec sw tcpdump -i p2 -w $T/v-p2.pcap icmp &
ip netns exec h1 ping -c 1 -q 10.0.0.2
kill %2 %3 %4
wait
EOF
} >"$T/v.vnet"
"$VNET" run "$T/v.vnet" >"$T/v.out" 2>&1 || {
	cat "$T/v.out"
	fail "vnet run failed"
}

# --- comparisons --------------------------------------------------------------
norm() {
	sed -E 's/^([0-9]{2}:){2}[0-9]{2}\.[0-9]{6} //; s/, id [0-9]+, seq/, id ID, seq/'
}
for name in br0-p br0 p1 p2; do
	tcpdump -r "$T/k-$name.pcap" -n -e 2>/dev/null | norm >"$T/k-$name.txt"
	tcpdump -r "$T/v-$name.pcap" -n -e 2>/dev/null | norm >"$T/v-$name.txt"
	[ -s "$T/k-$name.txt" ] || fail "the kernel capture on $name is empty"
	if ! cmp -s "$T/k-$name.txt" "$T/v-$name.txt"; then
		echo "--- capture $name: kernel vs vnet"
		diff -u "$T/k-$name.txt" "$T/v-$name.txt"
		fail "capture $name differs"
	fi
	echo "ok: capture $name ($(wc -l <"$T/k-$name.txt") lines)"
done
echo "PASS"
