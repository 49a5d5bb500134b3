#!/bin/sh
# tests/kernel/inet_differential.sh - the IPv4 scenarios on the kernel and
# in vnet, outputs compared.
#
# Every tests/scenarios/inet/*.vnet whose header says "# kernel: compare"
# runs twice: in vnet (`vnet run`), and line by line on the kernel with
# sh, in throwaway namespaces (vna, vnb, vnc become unique names; IPv6 is
# disabled in each so it adds no routes or neighbours; sleeps are real).
# What a user sees must agree: stdout and stderr of every line, with
# vnet's "FILE:LINE: " prefix removed, ping round-trip times replaced by
# X, route cache expiry seconds by N, and the exit status reduced to
# "failed or not" (vnet scripts cannot print it).  A "#sort" comment line
# makes the next command's output compare in sorted order.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
for tool in ip arp sysctl ping; do
	command -v $tool >/dev/null || { echo "$tool missing"; exit 77; }
done
ip -V 2>/dev/null | grep -q 'iproute2-6\.1' ||
	{ echo "needs iproute2 6.1 (the output being compared)"; exit 77; }
P=vnk$$
tmp=$(mktemp -d)
cleanup() {
	for n in a b c; do ip netns del $P$n 2>/dev/null; done
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Lines of a command preceded by "#sort" are compared in sorted order
# (neighbour tables list in hash order on Linux, creation order in vnet).
sort_blocks() {
	awk '
		function flush() {
			if (!n)
				return
			fflush()
			for (i = 1; i <= n; i++)
				print buf[i] | "sort"
			close("sort")
			n = 0
		}
		/^### / { flush(); sorting = ($0 ~ /^### sorted: /); print; next }
		sorting { buf[++n] = $0; next }
		{ print }
		END { flush() }
	'
}

normalize() {
	sed -E -e 's/^[^ ]*\.vnet:[0-9]+: //' \
		-e 's/time=[0-9.]+ ms/time=X ms/' \
		-e 's/, time [0-9]+ms/, time Xms/' \
		-e 's#^rtt min/avg/max/mdev = .*#rtt X#' \
		-e 's/expires [0-9]+sec/expires Nsec/' \
		-e 's/"expires":[0-9]+/"expires":N/g'
}

# The kernel side: each line run by sh, its output after a header line;
# "[line failed]" when its status is not 0 ("! " is dropped: the scenario
# runner's expectation, not part of the command).
run_kernel() {
	sorted=
	while IFS= read -r line; do
		case "$line" in
		'#sort') sorted='sorted: '; continue ;;
		'' | '#'*) continue ;;
		esac
		cmd=${line#! }
		kcmd=$(printf '%s\n' "$cmd" | sed -E "s/\\bvn([abc])\\b/$P\\1/g")
		printf '### %s%s\n' "$sorted" "$cmd"
		sorted=
		sh -c "$kcmd" </dev/null 2>&1 || echo "[line failed]"
		case "$kcmd" in
		"ip netns add "*)
			ip netns exec "${kcmd#ip netns add }" sysctl -qw \
				net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1 2>&1
			;;
		esac
	done < "$1"
}

# The vnet side: the same lines in one script, each after an echoed header.
run_vnet() {
	sorted=
	while IFS= read -r line; do
		case "$line" in
		'#sort') sorted='sorted: '; continue ;;
		'' | '#'*) continue ;;
		esac
		cmd=${line#! }
		printf "echo '### %s%s'\n" "$sorted" \
			"$(printf '%s' "$cmd" | sed "s/'/'\"'\"'/g")"
		sorted=
		case "$cmd" in
		sleep*) printf '%s\n' "$cmd" ;;
		*) printf '%s || echo "[line failed]"\n' "$cmd" ;;
		esac
	done < "$1" > "$tmp/v.vnet"
	"$VNET" run "$tmp/v.vnet" > "$tmp/v.out" 2>&1
}

fail=0
for s in tests/scenarios/inet/*.vnet; do
	grep -q '^# kernel: compare' "$s" || continue
	name=$(basename "$s" .vnet)
	run_kernel "$s" | normalize | sort_blocks > "$tmp/$name.k"
	for n in a b c; do ip netns del $P$n 2>/dev/null; done
	run_vnet "$s"
	normalize < "$tmp/v.out" | sort_blocks > "$tmp/$name.v"
	if cmp -s "$tmp/$name.k" "$tmp/$name.v"; then
		echo "ok $name"
	else
		echo "FAIL $name: kernel (-) vs vnet (+)"
		diff -u "$tmp/$name.k" "$tmp/$name.v" | head -60
		fail=1
	fi
done
exit $fail
