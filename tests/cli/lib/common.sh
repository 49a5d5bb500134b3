# tests/cli/lib/common.sh - sourced by every tests/cli/*.sh.
#
# A test is run as `sh tests/cli/NAME.sh VNET` and exits 0 (pass), 77
# (skipped: the last line says why) or anything else (fail).  It gets a
# private temporary directory, a daemon on a socket inside it (start_daemon,
# killed by pid in the EXIT trap) and helpers to check what users see.

VNET=${1:?usage: sh tests/cli/NAME.sh path/to/vnet}
case $VNET in
/*) ;;
*) VNET=$PWD/$VNET ;;
esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vnet-cli.XXXXXX")
SOCK=$TMP/vnet.sock
DPID=
BGPIDS=

cleanup() {
	for p in $BGPIDS; do
		kill "$p" 2>/dev/null
	done
	if [ -n "$DPID" ]; then
		kill "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
	echo "FAIL: $*"
	if [ -s "$TMP/daemon.log" ]; then
		echo "--- daemon log"
		tail -20 "$TMP/daemon.log"
	fi
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

# Starts a daemon on $SOCK and waits (up to 10 s) until it listens: it
# says so on standard error once the socket accepts connections.
start_daemon() {
	: >"$TMP/daemon.log"
	"$VNET" daemon --socket "$SOCK" "$@" 2>>"$TMP/daemon.log" &
	DPID=$!
	i=0
	until grep -q '^vnet daemon: listening on ' "$TMP/daemon.log"; do
		kill -0 "$DPID" 2>/dev/null || fail "the daemon exited at start"
		[ $i -lt 100 ] || fail "the daemon did not start listening"
		sleep 0.1
		i=$((i + 1))
	done
}

# Stops the daemon with a signal; its exit status lands in DSTATUS.
stop_daemon() {
	kill "-${1:-TERM}" "$DPID"
	DSTATUS=0
	wait "$DPID" || DSTATUS=$?
	DPID=
}

# Ends a test that has a daemon: SIGTERM, then the daemon must exit 0
# without a sanitizer report (a SAN=1 build checks for leaks at exit)
# and remove its socket.
finish() {
	stop_daemon TERM
	[ "$DSTATUS" = 0 ] || fail "the daemon exited with status $DSTATUS"
	if grep -q 'Sanitizer' "$TMP/daemon.log"; then
		cat "$TMP/daemon.log"
		fail "the daemon's sanitizer report"
	fi
	[ ! -e "$SOCK" ] || fail "the daemon left its socket behind"
	exit 0
}

# v ARGS...: the one-shot client on our socket.
v() {
	"$VNET" --socket "$SOCK" "$@"
}

# vbg OUT ARGS...: the client in the background, output in OUT; its pid
# (the client's own, so signals reach it) in $! and BGPIDS.
vbg() {
	out=$1
	shift
	"$VNET" --socket "$SOCK" "$@" >"$out" 2>&1 &
	BGPIDS="$BGPIDS $!"
}

# run NAME CMD...: runs CMD, keeping stdout in $TMP/NAME.out, stderr in
# $TMP/NAME.err and the status in RC.
run() {
	name=$1
	shift
	RC=0
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" || RC=$?
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "$2: exit status $RC, expected $1 (stderr: $(cat "$TMP/$3.err" 2>/dev/null))"
}

# expect_file FILE: FILE must equal standard input.
expect_file() {
	cat >"$1.expected"
	if ! cmp -s "$1.expected" "$1"; then
		diff -u "$1.expected" "$1"
		fail "$(basename "$1") differs from what was expected"
	fi
}

# expect_grep PATTERN FILE [WHAT]
expect_grep() {
	grep -q -- "$1" "$2" || fail "${3:-$2}: no line matches '$1'; it says: $(cat "$2")"
}

expect_no_grep() {
	! grep -q -- "$1" "$2" || fail "${3:-$2}: a line matches '$1': $(cat "$2")"
}

# Two namespaces joined by a veth: 10.0.0.1 (root, v0) and 10.0.0.2 (a, v1).
make_veth_pair() {
	v ip netns add a || fail "ip netns add a"
	v ip link add v0 type veth peer name v1 || fail "ip link add"
	v ip link set v1 netns a || fail "ip link set v1 netns a"
	v ip addr add 10.0.0.1/24 dev v0 || fail "ip addr add (root)"
	v ip link set v0 up || fail "ip link set v0 up"
	v ip -n a addr add 10.0.0.2/24 dev v1 || fail "ip addr add (a)"
	v ip -n a link set v1 up || fail "ip link set v1 up"
}
