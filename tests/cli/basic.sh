#!/bin/sh
# The one-shot client: commands reach the daemon's engine and print what
# `vnet run` prints, exit statuses come back, arguments keep their exact
# words, the socket is private (mode 0600) and a second daemon on the same
# socket is refused.
. "$(dirname "$0")/lib/common.sh"
start_daemon --seed 5

mode=$(stat -c %a "$SOCK")
[ "$mode" = 600 ] || fail "socket mode $mode, expected 600"

# The same commands through the daemon and through `vnet run` (same seed,
# so the same MAC addresses) print the same thing.
cat >"$TMP/script.vnet" <<'END'
ip netns add blue
ip link add v0 type veth peer name v1
ip link set v1 netns blue
ip link set v0 up
ip link show
ip -n blue link show
END
"$VNET" run --seed 5 "$TMP/script.vnet" >"$TMP/run.out" 2>&1 ||
	fail "vnet run: $(cat "$TMP/run.out")"
: >"$TMP/daemon.out"
while read -r line; do
	# shellcheck disable=SC2086 # the script's words, split as sh does
	v $line >>"$TMP/daemon.out" 2>&1 || fail "vnet $line"
done <"$TMP/script.vnet"
cmp -s "$TMP/run.out" "$TMP/daemon.out" ||
	fail "daemon and vnet run differ: $(diff "$TMP/run.out" "$TMP/daemon.out")"
expect_grep '^3: v0@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> .* state LOWERLAYERDOWN ' "$TMP/daemon.out"

run dup v ip netns add blue
expect_rc 1 "ip netns add blue (again)" dup
expect_file "$TMP/dup.err" <<'END'
Cannot create namespace file "/run/netns/blue": File exists
END
[ ! -s "$TMP/dup.out" ] || fail "ip netns add printed on stdout"

run nodev v ip link show nosuch
expect_rc 1 "ip link show nosuch" nodev
expect_file "$TMP/nodev.err" <<'END'
Device "nosuch" does not exist.
END

run nocmd v nosuchcmd --x
expect_rc 127 "an unknown command" nocmd
expect_file "$TMP/nocmd.err" <<'END'
nosuchcmd: command not found
END

# Regression: an empty first word crashed the daemon's parser.
run empty v '' x
expect_rc 127 "an empty command name" empty
expect_file "$TMP/empty.err" <<'END'
: command not found
END

run false v false
expect_rc 1 "false" false

# Words arrive as they were: spaces, quotes and operators included.
run words v echo "a  b" "it's" '&' ';' '|' '#x' '' '$HOME' 'end'
expect_rc 0 "echo" words
expect_file "$TMP/words.out" <<'END'
a  b it's & ; | #x  $HOME end
END

run long v echo "$(head -c 70000 /dev/zero | tr '\0' x)"
expect_rc 2 "a 70000-byte line" long
expect_grep 'command line too long' "$TMP/long.err"

run usage "$VNET" --socket "$SOCK" --bogus
expect_rc 2 "an unknown client option" usage
expect_grep '^usage: vnet' "$TMP/usage.err"

# The socket is found through $VNET_SOCKET too.
run env env VNET_SOCKET="$SOCK" "$VNET" echo hello
expect_rc 0 "VNET_SOCKET" env
expect_file "$TMP/env.out" <<'END'
hello
END

# The default socket, as documented.
run help env -u VNET_SOCKET -u XDG_RUNTIME_DIR "$VNET" daemon --help
expect_rc 0 "vnet daemon --help" help
expect_grep "/tmp/vnet-$(id -u).sock" "$TMP/help.out"
run help env -u VNET_SOCKET XDG_RUNTIME_DIR=/run/user/42 "$VNET" daemon --help
expect_grep "^  /run/user/42/vnet.sock$" "$TMP/help.out"

# One daemon per socket.
run dupd "$VNET" daemon --socket "$SOCK"
expect_rc 1 "a second daemon" dupd
expect_file "$TMP/dupd.err" <<END
vnet: a daemon is already running on $SOCK
END
run still v echo still here
expect_rc 0 "the first daemon after the second was refused" still

# SIGINT, like SIGTERM: the daemon ends cleanly and removes its socket.
stop_daemon INT
[ "$DSTATUS" = 0 ] || fail "daemon exit status $DSTATUS after SIGINT"
[ ! -e "$SOCK" ] || fail "the socket is still there after SIGINT"
expect_grep 'stopping on SIGINT' "$TMP/daemon.log"
! grep -q Sanitizer "$TMP/daemon.log" || fail "$(cat "$TMP/daemon.log")"
exit 0
