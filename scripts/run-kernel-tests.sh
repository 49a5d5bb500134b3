#!/bin/sh
# Kernel tests (differential and interop): root only.  Each
# tests/kernel/*.sh is run with the vnet binary as $1; it must create its
# own namespaces, clean up on exit, and exit 0 (pass), 77 (skipped) or
# anything else (fail).  Without root every test is skipped with a reason.
VNET=${1:-build/vnet}
pass=0
fail=0
skip=0
for t in $(find tests/kernel -name '*.sh' 2>/dev/null | sort); do
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP $t (needs root: it compares against the kernel in throwaway namespaces)"
		skip=$((skip + 1))
		continue
	fi
	if sh "$t" "$VNET" >/tmp/vnet-kt.$$ 2>&1; then rc=0; else rc=$?; fi
	case $rc in
	0) echo "PASS $t"; pass=$((pass + 1)) ;;
	77) echo "SKIP $t ($(tail -1 /tmp/vnet-kt.$$))"; skip=$((skip + 1)) ;;
	*) echo "FAIL $t"; tail -30 /tmp/vnet-kt.$$; fail=$((fail + 1)) ;;
	esac
done
rm -f /tmp/vnet-kt.$$
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
