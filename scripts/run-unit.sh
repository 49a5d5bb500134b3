#!/bin/sh
# Unit tests: each binary is a cmocka suite.  Prints "N passed, N failed"
# counting suites.
pass=0
fail=0
for t in "$@"; do
	if VNET_SRCDIR=. "$t" >/tmp/vnet-unit.$$ 2>&1; then
		echo "PASS $t"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		tail -30 /tmp/vnet-unit.$$
		fail=$((fail + 1))
	fi
done
rm -f /tmp/vnet-unit.$$
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
