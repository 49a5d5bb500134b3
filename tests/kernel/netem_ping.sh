#!/bin/sh
# tests/kernel/netem_ping.sh - ping through a veth whose one end has
# `netem delay 100ms`, on the kernel and in vnet.
#
# What must agree: every echo comes back, the round trip is the link
# delay (the kernel's is at least 100 ms, never less; vnet's, on virtual
# time, exactly 100 ms: `time=100 ms` and `100.000/100.000/100.000/0.000`),
# and netem's counters in `tc -s qdisc show` (three 98-byte echo requests
# sent, nothing dropped or queued).  Neighbours are static and IPv6 is off,
# so nothing else crosses the link.
# Runs only as root, in namespaces it creates and deletes; skipped when the
# kernel has no netem qdisc.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root for kernel namespaces"; exit 77; }
for tool in ip tc ping; do
	command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
case $VNET in /*) ;; *) VNET=$(pwd)/$VNET ;; esac

P=vnnetping$$
T=$(mktemp -d /tmp/vnet-netem-ping.XXXXXX)
cleanup() {
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
	ip netns exec $P$ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
done
ip link add va netns ${P}a type veth peer name vb netns ${P}b
if ! tc -n ${P}a qdisc add dev va root netem delay 100ms 2>"$T/err"; then
	echo "the kernel has no netem qdisc ($(cat "$T/err"); CONFIG_NET_SCH_NETEM is not set)"
	exit 77
fi
ip -n ${P}a link set va address 02:00:00:00:00:0a
ip -n ${P}b link set vb address 02:00:00:00:00:0b
ip -n ${P}a addr add 10.0.0.1/24 dev va
ip -n ${P}b addr add 10.0.0.2/24 dev vb
ip -n ${P}a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:0b dev va nud permanent
ip -n ${P}b neigh replace 10.0.0.1 lladdr 02:00:00:00:00:0a dev vb nud permanent
ip -n ${P}a link set va up
ip -n ${P}b link set vb up
ip netns exec ${P}a ping -c 3 -i 0.2 10.0.0.2 >"$T/k.ping" ||
	fail "kernel ping: $(cat "$T/k.ping")"
tc -n ${P}a -s qdisc show dev va >"$T/k.tc"

# --- vnet ---------------------------------------------------------------------
cat >"$T/v.vnet" <<'EOF'
ip netns add a
ip netns add b
ip link add va netns a type veth peer name vb netns b
tc -n a qdisc add dev va root netem delay 100ms
ip -n a link set va address 02:00:00:00:00:0a
ip -n b link set vb address 02:00:00:00:00:0b
ip -n a addr add 10.0.0.1/24 dev va
ip -n b addr add 10.0.0.2/24 dev vb
ip -n a neigh replace 10.0.0.2 lladdr 02:00:00:00:00:0b dev va nud permanent
ip -n b neigh replace 10.0.0.1 lladdr 02:00:00:00:00:0a dev vb nud permanent
ip -n a link set va up
ip -n b link set vb up
ip netns exec a ping -c 3 -i 0.2 10.0.0.2
EOF
"$VNET" run "$T/v.vnet" >"$T/v.ping" 2>&1 || fail "vnet run: $(cat "$T/v.ping")"
printf 'tc -n a -s qdisc show dev va\n' >>"$T/v.vnet"
"$VNET" run "$T/v.vnet" 2>&1 | tail -3 >"$T/v.tc"

# --- compare ---------------------------------------------------------------------
n=0
for rtt in $(sed -n 's/.*time=\([0-9.]*\) ms$/\1/p' "$T/k.ping"); do
	awk -v r="$rtt" 'BEGIN { exit !(r >= 100) }' ||
		fail "kernel RTT $rtt ms is below the link delay"
	n=$((n + 1))
done
[ $n = 3 ] || fail "kernel: $n replies: $(cat "$T/k.ping")"
[ "$(grep -c 'time=100 ms$' "$T/v.ping")" = 3 ] ||
	fail "vnet RTTs: $(cat "$T/v.ping")"
grep -q '^rtt min/avg/max/mdev = 100.000/100.000/100.000/0.000 ms$' "$T/v.ping" ||
	fail "vnet summary: $(cat "$T/v.ping")"
# The qdisc's handle depends on what the kernel ran before.
sed -i 's/^qdisc netem [0-9a-f]*:/qdisc netem H:/; s/refcnt [0-9]*/refcnt N/' \
	"$T/k.tc" "$T/v.tc"
cmp -s "$T/k.tc" "$T/v.tc" ||
	fail "tc -s qdisc show differs: $(diff "$T/k.tc" "$T/v.tc")"
exit 0
