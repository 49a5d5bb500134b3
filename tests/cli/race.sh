#!/bin/sh
# Daemons started at the same instant on one socket: exactly one serves,
# the others say a daemon is already running and exit 1, and the socket
# left is the one that answers.
. "$(dirname "$0")/lib/common.sh"

pids=
for i in 1 2 3 4; do
	"$VNET" daemon --socket "$SOCK" 2>"$TMP/d$i.log" &
	pids="$pids $!"
done
BGPIDS=$pids
sleep 1
alive=0
for p in $pids; do
	if kill -0 "$p" 2>/dev/null; then
		alive=$((alive + 1))
	else
		wait "$p"
		[ $? -eq 1 ] || fail "a losing daemon did not exit 1"
	fi
done
[ $alive -eq 1 ] || fail "$alive daemons running on one socket, want 1"
n=$(grep -l "^vnet: a daemon is already running on $SOCK\$" "$TMP"/d*.log | wc -l)
[ "$n" -eq 3 ] || fail "$n losers said a daemon is running, want 3"
run list v ip netns list
expect_rc 0 "the client talks to the winner" list
exit 0
