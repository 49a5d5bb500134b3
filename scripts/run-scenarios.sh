#!/bin/sh
# Scenario tests: every tests/scenarios/**/NAME.vnet runs in a fresh engine
# (`vnet run`); its standard output and error, merged, must equal NAME.out.
# A NAME.vnet without NAME.out must just succeed.  Examples are scenarios
# too: examples/NAME.vnet with tests/scenarios/examples/NAME.out.
# Prints one line per test and a final "N passed, N failed".
# Set VNET_UPDATE=1 to (re)write the expected outputs instead.
VNET=${1:-build/vnet}
pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

run_one() {
	script=$1
	expect=$2
	if "$VNET" run "$script" >"$tmp" 2>&1; then rc=0; else rc=$?; fi
	if [ "${VNET_UPDATE:-0}" = 1 ] && [ -n "$expect" ]; then
		cp "$tmp" "$expect"
	fi
	if [ -n "$expect" ] && [ -f "$expect" ]; then
		if cmp -s "$tmp" "$expect"; then
			echo "PASS $script"
			pass=$((pass + 1))
		else
			echo "FAIL $script (output differs)"
			diff -u "$expect" "$tmp" | head -40
			fail=$((fail + 1))
		fi
	elif [ $rc -eq 0 ]; then
		echo "PASS $script"
		pass=$((pass + 1))
	else
		echo "FAIL $script (exit $rc)"
		tail -20 "$tmp"
		fail=$((fail + 1))
	fi
}

for script in $(find tests/scenarios -name '*.vnet' | sort); do
	run_one "$script" "${script%.vnet}.out"
done
for script in $(find examples -name '*.vnet' 2>/dev/null | sort); do
	# Kernel examples need root and print real time: they must just succeed.
	case $script in examples/kernel-*)
		if [ "$(id -u)" = 0 ]; then run_one "$script" ""; else echo "SKIP $script (needs root: kernel namespaces)"; fi
		continue ;;
	esac
	run_one "$script" "tests/scenarios/examples/$(basename "${script%.vnet}").out"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
