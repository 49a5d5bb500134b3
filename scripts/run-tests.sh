#!/bin/sh
# The whole suite: unit, scenario, kernel, fuzz and CLI tests.  The last line
# is the sum: "N passed, N failed".
BUILD=${1:-build}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
total_pass=0
total_fail=0

# CLI tests: each tests/cli/*.sh gets the vnet binary as $1 and starts its
# own daemon on a private socket; exit 0 pass, 77 skip (last line says
# why), anything else fail.  Each has two minutes.
run_cli() {
	pass=0
	fail=0
	log=$(mktemp)
	for t in tests/cli/*.sh; do
		[ -f "$t" ] || continue
		if timeout 120 sh "$t" "$1" >"$log" 2>&1; then rc=0; else rc=$?; fi
		case $rc in
		0) echo "PASS $t"; pass=$((pass + 1)) ;;
		77) echo "SKIP $t ($(tail -1 "$log"))" ;;
		*) echo "FAIL $t (exit $rc)"; tail -30 "$log"; fail=$((fail + 1)) ;;
		esac
	done
	rm -f "$log"
	echo "$pass passed, $fail failed"
}

for part in unit scenarios kernel fuzz cli; do
	echo "== $part"
	case $part in
	unit) scripts/run-unit.sh "$@" | tee "$out" ;;
	scenarios) scripts/run-scenarios.sh "$BUILD/vnet" | tee "$out" ;;
	kernel) scripts/run-kernel-tests.sh "$BUILD/vnet" | tee "$out" ;;
	fuzz) sh tests/fuzz/run.sh | tee "$out" ;;
	cli) run_cli "$BUILD/vnet" | tee "$out" ;;
	esac
	line=$(tail -1 "$out")
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-1}))
done
echo "$total_pass passed, $total_fail failed"
[ $total_fail -eq 0 ]
