#!/bin/sh
# tests/kernel/macvlan_errors.sh - `ip link` on macvlan devices, bad input
# included, on the kernel and in vnet: what each command prints on
# standard output and on standard error must be the same (vnet's own
# "FILE:LINE: " prefix aside).  Covers iproute2's option errors, the
# kernel's refusals (passthru twice, a parent that cannot be one, an MTU
# above the parent's, a busy MAC, a bridge port), stacking a macvlan on a
# macvlan, a passthru child taking and giving back the parent's MAC, and
# that a refused command changed nothing (the final listings).
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
N=vnmve$$
tmp=$(mktemp -d)
cleanup() {
	ip netns del $N 2>/dev/null
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add $N
if ! ip -n $N link add p0 type veth peer name p1 ||
   ! ip -n $N link add link p0 name m0 type macvlan 2>/dev/null; then
	echo "this kernel has no macvlan support"
	exit 77
fi
ip netns del $N

cat > "$tmp/cmds" <<'EOT'
link add v0 type veth peer name v1
link set v0 address 02:00:00:00:00:01
link set v1 address 02:00:00:00:00:02
link add link v0 name mvbridge address 02:00:00:00:01:01 type macvlan mode bridge
link add link mvbridge name mvstack address 02:00:00:00:01:02 type macvlan mode vepa
link show mvstack
link add link v0 name mvpt type macvlan mode passthru
link add link v0 name mvx type macvlan mode bogus
link add link v0 name mvx type macvlan mode
link add link v0 name mvx type macvlan mode bridge flag nopromisc
link add link v0 name mvx type macvlan flag bogus
link add link v0 name mvx type macvlan bogus
link add link v0 name mvx type macvlan bcqueuelen x
link add link v0 name waytoolongname0123 type macvlan
link add link lo name mvx type macvlan
link add name mvx type macvlan
link add link nosuch name mvx type macvlan
link add link v0 name mvbridge type macvlan
link add link v0 name mvx mtu 9000 type macvlan
link add link v0 name mvx mtu 60 type macvlan
link add link v0 name mvx address 01:00:00:00:00:01 type macvlan
link set mvbridge type macvlan mode passthru
link set mvbridge type macvlan mode private
link set mvbridge type macvlan bogus
link set v0 type macvlan mode vepa
link set mvstack address 02:00:00:00:01:01
link set mvstack up
link set mvbridge up
link set mvstack address 02:00:00:00:00:01
link set mvstack mtu 1600
link add br0 type bridge
link set v0 master br0
link add v2 type veth peer name v3
link set v2 address 02:00:00:00:00:03
link set v3 address 02:00:00:00:00:04
link set v2 master br0
link add link v2 name mvx type macvlan
link del mvstack
link del mvbridge
link add link v0 name mvpt address 02:00:00:00:09:09 type macvlan mode passthru
link add link v0 name mvy type macvlan
link add link v0 name mvy type macvlan mode passthru
link set mvpt address 02:00:00:00:07:07
link show v0
link show mvpt
link set mvpt up
link set v1 up
link show v0
link del mvpt
link show v0
link show
EOT

# The kernel: one ip command per line, outputs kept apart.
ip netns add $N
while IFS= read -r l; do
	# shellcheck disable=SC2086
	ip -n $N $l >> "$tmp/k.out" 2>> "$tmp/k.err"
done < "$tmp/cmds"
ip netns del $N

# vnet: the same lines in one script, failures allowed.
{
	echo "ip netns add x"
	sed 's/^\(.*\)$/ip -n x \1 || true/' "$tmp/cmds"
} > "$tmp/v.vnet"
"$VNET" run "$tmp/v.vnet" > "$tmp/v.out" 2> "$tmp/v.err.raw" ||
	{ echo "vnet run failed"; cat "$tmp/v.out" "$tmp/v.err.raw"; exit 1; }
sed 's/^[^:]*:[0-9]*: //' "$tmp/v.err.raw" > "$tmp/v.err"

fail=0
for s in out err; do
	if ! cmp -s "$tmp/k.$s" "$tmp/v.$s"; then
		echo "FAIL: standard $s differs (kernel, vnet)"
		diff -u "$tmp/k.$s" "$tmp/v.$s"
		fail=1
	fi
done
[ $fail = 0 ] && echo "ok: $(wc -l < "$tmp/cmds") commands, same output and errors"
exit $fail
