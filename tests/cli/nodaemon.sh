#!/bin/sh
# Without a daemon: the client says how to start one and exits 2; a stale
# socket file (a daemon killed with SIGKILL) is replaced by the next
# daemon; a file that is not a socket is left alone.
. "$(dirname "$0")/lib/common.sh"

run none v ip link show
expect_rc 2 "the client without a daemon" none
expect_file "$TMP/none.err" <<END
vnet: no daemon is running on $SOCK; start one with: vnet daemon --socket $SOCK &
END
[ ! -s "$TMP/none.out" ] || fail "output on stdout without a daemon"

# The default socket's message suggests the plain command.
run none2 env VNET_SOCKET="$SOCK" "$VNET" ip link show
expect_rc 2 "the client without a daemon (VNET_SOCKET)" none2
expect_file "$TMP/none2.err" <<END
vnet: no daemon is running on $SOCK; start one with: vnet daemon &
END

# A daemon that dies without cleaning up leaves its socket behind.
start_daemon
v ip netns add before || fail "ip netns add before"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
[ -S "$SOCK" ] || fail "no stale socket to test with"
run stale v ip link show
expect_rc 2 "the client on a stale socket" stale
expect_grep 'no daemon is running on' "$TMP/stale.err"
start_daemon
run fresh v ip netns list
expect_rc 0 "ip netns list on the new daemon" fresh
[ ! -s "$TMP/fresh.out" ] || fail "the new daemon has old state: $(cat "$TMP/fresh.out")"
stop_daemon TERM

# Something else at the path: refused, untouched.
echo precious >"$SOCK"
run notsock "$VNET" daemon --socket "$SOCK"
expect_rc 1 "a daemon on a regular file" notsock
expect_file "$TMP/notsock.err" <<END
vnet: $SOCK exists and is not a socket; not touching it
END
[ "$(cat "$SOCK")" = precious ] || fail "the daemon touched a regular file"
rm -f "$SOCK"

# A path too long for a Unix socket.
long=$TMP/$(head -c 120 /dev/zero | tr '\0' x)
run long "$VNET" daemon --socket "$long"
expect_rc 2 "a daemon on a too long path" long
expect_grep 'socket path too long' "$TMP/long.err"
exit 0
