#!/bin/sh
# SPDX-License-Identifier: MIT
#
# tests/fuzz/run.sh - the suite's "fuzz" part: every fuzz target runs for
# a bounded number of inputs on its seed corpus, under ASan and UBSan.
#
# Runs are deterministic for a given build (-seed=1 and -runs=FUZZ_RUNS,
# capped at FUZZ_SECONDS seconds each), so a result does not flicker
# between runs.  New inputs go to a temporary directory, never into the
# committed corpus; a crashing input is kept in build-fuzz/crashes/.
# tests/fuzz/repro/TARGET-NAME are inputs that once crashed TARGET: each
# runs once first, as a regression test.  tests/fuzz/pending/TARGET-NAME
# still crash (bugs reported, not fixed yet): they run and are listed as
# OPEN, without failing the suite, until fixed and moved to repro/.
# Without clang's libFuzzer every target is skipped with the reason.
# Prints one line per target and a final "N passed, N failed".
#
#   FUZZ_SECONDS  wall-clock cap per target (default 5)
#   FUZZ_RUNS     inputs per target (default 20000)
#   FUZZ_NO_BUILD set: do not run `make fuzz` first
FUZZ_SECONDS=${FUZZ_SECONDS:-5}
FUZZ_RUNS=${FUZZ_RUNS:-20000}
FUZZ_CC=${FUZZ_CC:-clang}
dir=build-fuzz/fuzz
pass=0
fail=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

targets=$(cd tests/fuzz && ls fuzz_*.c 2>/dev/null | sed 's/\.c$//')
skip()
{
	for t in $targets; do
		echo "SKIP $t ($1)"
	done
	echo "0 passed, 0 failed"
	exit 0
}

if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
	skip "no $FUZZ_CC: install clang (scripts/deps.sh) to fuzz"
fi
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$tmp/probe.c"
if ! "$FUZZ_CC" -fsanitize=fuzzer,address,undefined "$tmp/probe.c" \
	-o "$tmp/probe" >/dev/null 2>&1; then
	skip "$FUZZ_CC cannot build with -fsanitize=fuzzer (libFuzzer missing)"
fi
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
	if ! make --no-print-directory -s fuzz >"$tmp/build.log" 2>&1; then
		tail -30 "$tmp/build.log"
		for t in $targets; do
			echo "FAIL $t (make fuzz failed)"
		done
		echo "0 passed, $(echo "$targets" | wc -w) failed"
		exit 1
	fi
fi

mkdir -p build-fuzz/crashes
for t in $targets; do
	mkdir -p "$tmp/$t"
	# Inputs that once crashed a target: regression tests, run first.
	bad=""
	for r in tests/fuzz/repro/"$t"-*; do
		[ -f "$r" ] || continue
		if ! "$dir/$t" "$r" >"$tmp/$t.log" 2>&1; then
			bad=$r
			break
		fi
	done
	# Open bugs, reported but not fixed yet: shown, not counted.
	for r in tests/fuzz/pending/"$t"-*; do
		[ -f "$r" ] || continue
		if "$dir/$t" "$r" >"$tmp/$t.pending" 2>&1; then
			echo "FIXED $r (move it to tests/fuzz/repro/)"
		else
			echo "OPEN $r: $(grep -m1 SUMMARY "$tmp/$t.pending")"
		fi
	done
	if [ -n "$bad" ]; then
		echo "FAIL $t (reproducer $bad)"
		grep -E "ERROR|runtime error|SUMMARY|#[0-9]+ 0x" "$tmp/$t.log" |
			head -20
		fail=$((fail + 1))
		continue
	fi
	if "$dir/$t" -seed=1 -runs="$FUZZ_RUNS" \
		-max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix=build-fuzz/crashes/"$t"- \
		"$tmp/$t" "tests/fuzz/corpus/$t" >"$tmp/$t.log" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$t.log")
		echo "PASS $t (${runs:-?} inputs)"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		grep -E "ERROR|runtime error|SUMMARY|#[0-9]+ 0x|Test unit written" \
			"$tmp/$t.log" | head -30
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
