#!/bin/sh
# Kernel-backed namespaces (kernel/knetns.c, cmd/ip_netns.c, cmd/kexec.c):
#   - `ip netns add NAME type kernel` makes a real namespace: `ip -n NAME`
#     prints the kernel's own iproute2 output, `ip netns exec NAME PROG`
#     runs a real program with its output, exit status and signals;
#   - a veth into it has a TAP peer there; a real ping crosses vnet;
#   - `ip -n A link add ... peer ... netns B` links two of them;
#   - the namespace lives while a job runs in it (`ip netns del` first);
#   - deleting it otherwise deletes the vnet ends of the devices there;
#   - vnet ending by SIGTERM, SIGINT or SIGKILL leaves no process behind,
#     even one a program started and abandoned (a daemon);
#   - without root (uid 65534), the same works inside a user namespace.
# The namespaces are vnet's own (unnamed, gone with it); nothing is made
# in the root namespace.
set -u
VNET=$(realpath "${1:-build/vnet}")
[ "$(id -u)" = 0 ] || { echo "needs root (kernel namespaces)"; exit 77; }
TMP=$(mktemp -d)
chmod 755 "$TMP"
MARK=$$
PIDS=
cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "test interrupted (INT)"; exit 1' INT
trap 'echo "test interrupted (TERM)"; exit 1' TERM
fail() { echo "FAIL: $*"; exit 1; }

cat >"$TMP/basic.vnet" <<'EOF'
ip netns add web type kernel
ip netns add cli
ip netns
ip -n web link set lo up
ip -n web -br link
ip link add v0 type veth peer name eth0 netns web
ip addr add 10.66.0.1/24 dev v0
ip link set v0 up
ip -n web addr add 10.66.0.2/24 dev eth0
ip -n web link set eth0 up
ip -n web -br -4 addr show dev eth0
sleep 1
ip netns exec web ping -c 2 -i 0.2 -W 2 10.66.0.1
ping -c 1 10.66.0.2
! ip netns exec web sh -c 'echo to-stdout; echo to-stderr >&2; exit 3'
! ip netns exec web nosuchprogram-vnet
! ip link add br9 netns web type bridge
! ip link set v0 netns web
ip netns exec web sleep 30 &
ip netns del web
ip netns
kill -TERM %1
! wait %1
echo "end"
EOF
"$VNET" run "$TMP/basic.vnet" >"$TMP/basic.out" 2>&1 || { cat "$TMP/basic.out"; fail "basic script"; }
cat "$TMP/basic.out"
grep -q "^web$" "$TMP/basic.out" || fail "ip netns list"
grep -q "^lo  *UNKNOWN" "$TMP/basic.out" || fail "the kernel's ip -br link"
grep -q "^eth0  *UP  *10.66.0.2/24" "$TMP/basic.out" || fail "the kernel's ip -br addr"
grep -q "2 packets transmitted, 2 received" "$TMP/basic.out" || fail "real ping across vnet"
grep -q "1 packets transmitted, 1 received" "$TMP/basic.out" || fail "vnet ping into the kernel namespace"
grep -q "^to-stdout$" "$TMP/basic.out" || fail "program stdout"
grep -q "basic.vnet:15: to-stderr$" "$TMP/basic.out" || fail "program stderr with FILE:LINE"
grep -q 'exec of "nosuchprogram-vnet" failed: No such file or directory' "$TMP/basic.out" || fail "exec failure message"
grep -q '"web" is a kernel namespace' "$TMP/basic.out" || fail "vnet device into a kernel namespace refused"
grep -q "^end$" "$TMP/basic.out" || fail "script did not finish"

# --- deleting a kernel namespace deletes the vnet ends of its devices --------
cat >"$TMP/del.vnet" <<'EOF'
ip netns add web type kernel
ip link add p1 type veth peer name eth0 netns web
ip link add tp type tap kernel-netns web
ip -br link
echo "deleting"
ip netns del web
ip -br link
EOF
"$VNET" run "$TMP/del.vnet" >"$TMP/del.out" 2>&1 || { cat "$TMP/del.out"; fail "del script"; }
cat "$TMP/del.out"
sed -n '/^deleting$/,$p' "$TMP/del.out" | grep -Eq "^(p1|tp) " &&
	fail "vnet ends left after their kernel namespace was deleted"
grep -q "^tp " "$TMP/del.out" || fail "tp was not made"

# --- `ip -n A ... netns B` between two kernel namespaces ---------------------
cat >"$TMP/pair.vnet" <<'EOF'
ip netns add ka type kernel
ip netns add kb type kernel
ip -n ka link add x0 type veth peer name y0 netns kb
ip -n ka addr add 10.67.0.1/24 dev x0
ip -n kb addr add 10.67.0.2/24 dev y0
ip -n ka link set x0 up
ip -n kb link set y0 up
ip -n kb -br link show y0
ip netns exec ka ping -c 1 -W 2 10.67.0.2
! ip -n ka link add x1 type veth peer name y1 netns nosuchns
! ip -n ka link show x1
EOF
"$VNET" run "$TMP/pair.vnet" >"$TMP/pair.out" 2>&1 || { cat "$TMP/pair.out"; fail "pair script"; }
cat "$TMP/pair.out"
grep -q "^y0@if[0-9]*  *UP" "$TMP/pair.out" || fail "peer not made in the other kernel namespace"
grep -q "1 packets transmitted, 1 received" "$TMP/pair.out" || fail "ping between two kernel namespaces"
grep -q 'argument "nosuchns" is wrong: Invalid "netns" value' "$TMP/pair.out" ||
	fail "unknown netns passed on to the kernel's ip as it is"

# --- no process outlives vnet -----------------------------------------------
cat >"$TMP/long.vnet" <<EOF
ip netns add k type kernel
ip link add v0 type veth peer name eth0 netns k
ip netns exec k sleep 71$MARK &
ip netns exec k sh -c 'sleep 72$MARK & sleep 73$MARK' &
ip netns exec k setsid sh -c 'sleep 74$MARK &' &
sleep 100
EOF
for sig in TERM INT KILL; do
	# A background job of a script starts with SIGINT ignored: undo it.
	setsid env --default-signal=INT "$VNET" run "$TMP/long.vnet" >"$TMP/long.out" 2>&1 &
	v=$!
	PIDS="$PIDS $v"
	i=0
	until [ "$(pgrep -f "sleep 7[1-4]$MARK" | wc -l)" -ge 4 ]; do
		i=$((i + 1)); [ $i -lt 50 ] || { cat "$TMP/long.out"; fail "programs did not start"; }
		sleep 0.1
	done
	kill -"$sig" "$v"
	wait "$v" 2>/dev/null
	sleep 0.5
	# Zombies (state Z) wait for whoever reaps orphans; they run nothing.
	left=$(ps -eo stat=,pid=,args= | awk -v m="$MARK" \
		'$1 !~ /^Z/ && ($0 ~ "sleep 7[1-4]" m || $0 ~ /vnet-(init|relay)/)')
	[ -z "$left" ] || fail "after SIG$sig: left behind: $left"
	echo "SIG$sig: nothing left"
done

# --- rootless: a user namespace holds the network namespace ----------------
# As pasta does, the TAP is opened inside the new user+network namespace by
# a child that owns it.  /dev/net/tun must be open to everyone for that
# (udev makes it 0666); where it is not, vnet says so plainly, and the rest
# runs in a private mount namespace of this test whose /dev/net/tun is a
# 0666 node, as on a stock distribution.  Nothing outside it changes.
RUN_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
if command -v setpriv >/dev/null &&
	$RUN_AS unshare -Un true 2>/dev/null; then
	cat >"$TMP/rootless.vnet" <<'EOF'
ip netns add r type kernel
ip -n r link set lo up
ip link add v0 type veth peer name eth0 netns r
ip addr add 10.67.0.1/24 dev v0
ip link set v0 up
ip -n r addr add 10.67.0.2/24 dev eth0
ip -n r link set eth0 up
sleep 1
ip netns exec r ping -c 2 -i 0.2 -W 2 10.67.0.1
ip netns exec r id -u
EOF
	cat >"$TMP/rootless2.vnet" <<'EOF'
ip link add tap0 type tap kernel-netns /proc/self/ns/net
EOF
	cat >"$TMP/rootless0.vnet" <<'EOF'
ip netns add r type kernel
! ip link add v0 type veth peer name eth0 netns r
ip link show
EOF
	# The rootless runs, as uid 65534; prints FAIL: and exits 1 on failure.
	cat >"$TMP/rootless.sh" <<EOF
set -u
$RUN_AS "$VNET" run "$TMP/rootless.vnet" >"$TMP/rootless.out" 2>&1 ||
	{ cat "$TMP/rootless.out"; echo "FAIL: rootless script"; exit 1; }
cat "$TMP/rootless.out"
grep -q "2 packets transmitted, 2 received" "$TMP/rootless.out" ||
	{ echo "FAIL: rootless ping"; exit 1; }
grep -q "^0\\$" "$TMP/rootless.out" ||
	{ echo "FAIL: rootless: root inside the user namespace"; exit 1; }
if $RUN_AS "$VNET" run "$TMP/rootless2.vnet" >"$TMP/rootless2.out" 2>&1; then
	echo "FAIL: a TAP in a root-owned namespace without CAP_NET_ADMIN"
	exit 1
fi
cat "$TMP/rootless2.out"
grep -q "tap0: creating a kernel TAP device needs CAP_NET_ADMIN (run as root)" "$TMP/rootless2.out" ||
	{ echo "FAIL: CAP_NET_ADMIN message"; exit 1; }
exit 0
EOF
	chmod 644 "$TMP"/rootless*.vnet
	if $RUN_AS sh -c 'exec 3<>/dev/net/tun' 2>/dev/null; then
		sh "$TMP/rootless.sh" || exit 1
	else
		# This machine's node is not open to all: the plain refusal.
		$RUN_AS "$VNET" run "$TMP/rootless0.vnet" >"$TMP/rootless0.out" 2>&1 ||
			{ cat "$TMP/rootless0.out"; fail "rootless refusal script"; }
		cat "$TMP/rootless0.out"
		grep -q "eth0: /dev/net/tun is not open to uid 65534: a rootless kernel namespace needs it readable and writable by all (mode 0666" "$TMP/rootless0.out" ||
			fail "rootless /dev/net/tun message"
		grep -q "v0" "$TMP/rootless0.out" && fail "a refused veth left v0"
		# The rest with a 0666 node, in a mount namespace of our own.
		unshare -m --propagation private sh -c "
			mount -t tmpfs -o mode=755 vnet-test-tun /dev/net &&
			mknod -m 666 /dev/net/tun c 10 200 &&
			sh $TMP/rootless.sh" || fail "rootless (0666 /dev/net/tun)"
	fi
else
	echo "rootless part skipped: unprivileged user namespaces are not available"
fi
echo "ok"
exit 0
