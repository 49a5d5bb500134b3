#!/bin/sh
# The whole suite: unit, scenario and kernel tests.  The last line is the
# sum: "N passed, N failed".
BUILD=${1:-build}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
total_pass=0
total_fail=0
for part in unit scenarios kernel; do
	echo "== $part"
	case $part in
	unit) scripts/run-unit.sh "$@" | tee "$out" ;;
	scenarios) scripts/run-scenarios.sh "$BUILD/vnet" | tee "$out" ;;
	kernel) scripts/run-kernel-tests.sh "$BUILD/vnet" | tee "$out" ;;
	esac
	line=$(tail -1 "$out")
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-1}))
done
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
