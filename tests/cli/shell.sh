#!/bin/sh
# `vnet shell` driven through a here-document: on a private engine when
# no daemon runs, attached to the daemon when one does (sharing its
# state); job control (CMD &, jobs, kill %N, wait), `exit N`, and a
# shell's background job that outlives the shell and is adopted by the
# next one.
. "$(dirname "$0")/lib/common.sh"

# No daemon: a private engine, gone when the shell leaves.
run private "$VNET" shell --socket "$SOCK" <<'END'
echo one
ip link add v0 type veth peer name v1
ip -br link show v0
sleep 5 &
sleep 0.2 &
jobs
kill %1
wait
jobs
ip link show nosuch
END
expect_rc 1 "the private shell (last line fails)" private
expect_file "$TMP/private.out" <<'END'
one
v0@v1            DOWN           e6:10:f5:8d:ef:04 <BROADCAST,MULTICAST,M-DOWN> 
[1] 1001
[2] 1002
[1]-  Running                 sleep 5 &
[2]+  Running                 sleep 0.2 &
[1]-  Terminated              sleep 5
[2]+  Done                    sleep 0.2
END
expect_file "$TMP/private.err" <<'END'
Device "nosuch" does not exist.
END

# exit N ends the shell with N; lines after it do not run.
printf 'echo a\nexit 3\necho b\n' >"$TMP/exit.in"
run exit "$VNET" shell --private <"$TMP/exit.in"
expect_rc 3 "exit 3" exit
expect_file "$TMP/exit.out" <<'END'
a
END

# A last line without a newline still runs; a syntax error is status 2.
printf 'echo a |\necho last' >"$TMP/nonl.in"
run nonl "$VNET" shell --private <"$TMP/nonl.in"
expect_rc 0 "a last line without newline" nonl
expect_file "$TMP/nonl.out" <<'END'
last
END
expect_file "$TMP/nonl.err" <<'END'
vnet: pipes are not supported
END

# With a daemon: the shell sees what one-shot clients did, and they see
# what the shell did.
start_daemon
make_veth_pair
run attached "$VNET" shell --socket "$SOCK" <<'END'
ip netns list
ip -n a -br addr show v1
ip link add dummy0 type veth peer name dummy1
END
expect_rc 0 "the attached shell" attached
expect_file "$TMP/attached.out" <<'END'
a
v1@if3           UP             10.0.0.2/24 
END
run after v ip -br link show dummy0
expect_rc 0 "a link the shell added, seen by a one-shot client" after

# A background job outlives its shell: it keeps pinging after the shell
# has left, and the next shell adopts it.
run bg "$VNET" shell --socket "$SOCK" <<'END'
ping -c 5 -i 0.4 10.0.0.2 &
END
expect_rc 0 "a shell leaving a job behind" bg
# (The first reply may or may not arrive before the shell leaves.)
head -2 "$TMP/bg.out" >"$TMP/bg.head"
expect_file "$TMP/bg.head" <<'END'
[1] 1001
PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.
END
tx() {
	v ip -s link show v0 | awk '/TX:/ { getline; print $2 }'
}
before=$(tx)
sleep 0.9
after=$(tx)
[ "$after" -gt "$before" ] ||
	fail "the background ping stopped with its shell ($before -> $after)"
run adopt "$VNET" shell --socket "$SOCK" <<'END'
jobs
wait
jobs
END
expect_rc 0 "the adopting shell" adopt
# The adopted job prints to its new shell: its last replies and summary.
{ head -1 "$TMP/adopt.out"; tail -1 "$TMP/adopt.out"; } >"$TMP/adopt.ends"
expect_file "$TMP/adopt.ends" <<'END'
[1]+  Running                 ping -c 5 -i 0.4 10.0.0.2 &
[1]+  Done                    ping -c 5 -i 0.4 10.0.0.2
END
expect_grep '^5 packets transmitted, 5 received' "$TMP/adopt.out"
expect_file "$TMP/adopt.err" <<'END'
vnet: 1 background job left by earlier shells is now yours; see jobs
END

# Jobs are per session: a one-shot client has none.
run jobs v jobs
expect_rc 0 "vnet jobs" jobs
[ ! -s "$TMP/jobs.out" ] || fail "a one-shot client lists jobs: $(cat "$TMP/jobs.out")"

# `vnet --socket PATH shell` is the same as `vnet shell --socket PATH`.
echo 'echo via client' | "$VNET" --socket "$SOCK" shell >"$TMP/via.out" 2>&1 ||
	fail "vnet --socket PATH shell"
expect_file "$TMP/via.out" <<'END'
via client
END
finish
