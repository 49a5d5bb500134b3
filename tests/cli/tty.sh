#!/bin/sh
# `vnet shell` on a terminal (a pty from script(1)): it says which engine
# it uses, shows the prompt, Ctrl-C interrupts the running command and not
# the shell, Ctrl-C at the prompt gives a new prompt, Ctrl-D leaves.
. "$(dirname "$0")/lib/common.sh"
command -v script >/dev/null || skip "script(1) from util-linux is not installed"

# Types the lines of a little program into a shell on a pty, with pauses.
# "^C" and "^D" lines send those keys; "sleep N" lines pause.
typein() {
	while read -r l; do
		case $l in
		'^C') printf '\003' ;;
		'^D') printf '\004' ;;
		sleep*) $l ;;
		*) printf '%s\n' "$l" ;;
		esac
	done
	sleep 0.5
}

start_daemon
make_veth_pair
typein <<'END' | script -qfec "$VNET shell --socket $SOCK" /dev/null >"$TMP/pty.raw" 2>&1
sleep 0.3
ping -i 0.2 10.0.0.2
sleep 0.9
^C
sleep 0.3
echo after ping
sleep 0.3
^C
sleep 0.2
^D
END
tr -d '\r' <"$TMP/pty.raw" >"$TMP/pty.out"
expect_grep "^vnet shell: attached to the daemon on $SOCK; leave with Ctrl-D$" "$TMP/pty.out"
expect_grep '^vnet> ping -i 0.2 10.0.0.2$' "$TMP/pty.out"
expect_grep '^PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.$' "$TMP/pty.out"
expect_no_grep 'vnet> vnet> ' "$TMP/pty.out" "a doubled prompt"
expect_grep '^--- 10.0.0.2 ping statistics ---$' "$TMP/pty.out"
expect_grep '^after ping$' "$TMP/pty.out" "the shell after Ctrl-C"
expect_grep '^vnet> ^C$' "$TMP/pty.out" "Ctrl-C at the prompt"
[ "$(grep -c 'vnet> ' "$TMP/pty.out")" -ge 4 ] || fail "prompts: $(cat "$TMP/pty.out")"
run alive v echo alive
expect_rc 0 "the daemon after the shell" alive

# A private engine says so.
stop_daemon TERM
[ "$DSTATUS" = 0 ] || fail "the daemon exited with status $DSTATUS"
typein <<'END' | script -qfec "$VNET shell --socket $SOCK" /dev/null >"$TMP/priv.raw" 2>&1
sleep 0.3
echo private
^D
END
tr -d '\r' <"$TMP/priv.raw" >"$TMP/priv.out"
expect_grep "^vnet shell: no daemon on $SOCK, so this is a private engine" "$TMP/priv.out"
expect_grep '^private$' "$TMP/priv.out"
exit 0
