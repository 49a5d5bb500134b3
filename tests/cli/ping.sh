#!/bin/sh
# ping through the daemon: replies arrive line by line while ping runs,
# another client is served meanwhile, SIGINT to the client reaches ping
# (which prints its statistics), and a client that vanishes mid-command
# leaves the daemon serving and the command stopped.
. "$(dirname "$0")/lib/common.sh"
start_daemon
make_veth_pair

run once v ping -c 1 10.0.0.2
expect_rc 0 "ping -c 1 over the veth" once
expect_grep '^64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=' "$TMP/once.out"
expect_grep '^1 packets transmitted, 1 received, 0% packet loss' "$TMP/once.out"

# Two clients at once.  ping takes at least a second; the first reply
# is on the terminal well before the end, and `ip link` answers while
# ping is still running.
vbg "$TMP/slow.out" ping -c 3 -i 0.5 10.0.0.2
slow=$!
sleep 0.4
run quick v ip link show v0
expect_rc 0 "ip link while ping runs" quick
expect_grep '^3: v0@if2: ' "$TMP/quick.out"
kill -0 "$slow" 2>/dev/null || fail "ping -c 3 -i 0.5 ended within 0.4 s"
expect_grep 'icmp_seq=1 ' "$TMP/slow.out" "ping's output so far"
expect_no_grep 'statistics' "$TMP/slow.out" "ping's output so far"
rc=0
wait "$slow" || rc=$?
[ $rc = 0 ] || fail "ping -c 3 exited with $rc"
[ "$(grep -c '^64 bytes from 10.0.0.2' "$TMP/slow.out")" = 3 ] ||
	fail "ping -c 3: $(cat "$TMP/slow.out")"
expect_grep '^3 packets transmitted, 3 received, 0% packet loss' "$TMP/slow.out"

# SIGINT to the client (Ctrl-C) interrupts ping in the daemon: it prints
# its statistics and exits 0, and so does the client.
vbg "$TMP/int.out" ping -i 0.2 10.0.0.2
p=$!
sleep 0.7
kill -INT "$p"
rc=0
wait "$p" || rc=$?
[ $rc = 0 ] || fail "interrupted ping: client exit status $rc"
expect_grep '^--- 10.0.0.2 ping statistics ---$' "$TMP/int.out"
expect_grep ' received, 0% packet loss' "$TMP/int.out"

# A command without a signal handler ends with 128 + SIGINT.
vbg /dev/null sleep 10
p=$!
sleep 0.3
kill -INT "$p"
rc=0
wait "$p" || rc=$?
[ $rc = 130 ] || fail "interrupted sleep: client exit status $rc, expected 130"

# A client killed outright: the daemon hangs ping up (its echo requests
# stop) and keeps serving.
tx() {
	v ip -s link show v0 | awk '/TX:/ { getline; print $2 }'
}
vbg /dev/null ping -i 0.1 10.0.0.2
p=$!
sleep 0.5
kill -KILL "$p"
wait "$p" 2>/dev/null
sleep 0.3
before=$(tx)
sleep 0.5
after=$(tx)
[ -n "$before" ] && [ "$before" = "$after" ] ||
	fail "ping kept sending after its client vanished ($before -> $after packets)"
run alive v echo alive
expect_rc 0 "the daemon after a client vanished" alive

# SIGTERM to the daemon in the middle of a ping: ping gets SIGTERM too,
# prints its statistics to its client and the client exits with ping's
# status.
vbg "$TMP/term.out" ping -i 0.2 10.0.0.2
p=$!
sleep 0.5
stop_daemon TERM
rc=0
wait "$p" || rc=$?
[ $rc = 0 ] || fail "ping during shutdown: client exit status $rc"
expect_grep '^--- 10.0.0.2 ping statistics ---$' "$TMP/term.out"
[ "$DSTATUS" = 0 ] || fail "daemon exit status $DSTATUS"
[ ! -e "$SOCK" ] || fail "the socket is still there after SIGTERM"
! grep -q Sanitizer "$TMP/daemon.log" || fail "$(cat "$TMP/daemon.log")"
exit 0
