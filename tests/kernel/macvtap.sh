#!/bin/sh
# tests/kernel/macvtap.sh - macvtap children (dev/macvtap.c): a macvlan
# child whose other end is a kernel TAP device.
#   1. `ip link` on macvtap devices, bad input included, on the kernel and
#      in vnet: standard output and error must be the same (vnet's
#      "FILE:LINE: " prefix aside; vnet's lines that create a macvtap get
#      "kernel-netns K", where the kernel's TAPs go, in place of @K@).
#   2. A macvtap child in bridge mode on a vnet parent up0, its kernel TAP
#      in a kernel namespace this test creates: the kernel pings a host
#      on the parent's wire and a bridge-mode sibling, both answer; vnet
#      pings the kernel back; the parent itself reaches nobody (parent
#      and children never talk); deleting the macvtap removes the TAP.
#   3. Without CAP_NET_ADMIN (as nobody) a macvtap is refused with a plain
#      sentence and nothing is created.
# Root only; everything lives in namespaces this test creates.
set -u
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root (kernel TAP devices)"; exit 77; }
[ -c /dev/net/tun ] || { echo "needs /dev/net/tun"; exit 77; }
N=vnmvtk$$
K=vnmvtv$$
tmp=$(mktemp -d)
VPID=
cleanup() {
	[ -n "$VPID" ] && kill "$VPID" 2>/dev/null
	ip netns del $N 2>/dev/null
	ip netns del $K 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
chmod 755 "$tmp"

ip netns add $N || exit 1
if ! ip -n $N link add p0 type veth peer name p1 ||
   ! ip -n $N link add link p0 name m0 type macvtap 2>/dev/null; then
	echo "this kernel has no macvtap support"
	exit 77
fi
ip netns del $N
ip netns add $N || exit 1
ip netns add $K || exit 1
ip -n $K link set lo up

# --- 1. the same commands on both sides ----------------------------------
cat > "$tmp/cmds" <<'EOT'
link add v0 type veth peer name v1
link set v0 address 02:00:00:00:00:01
link set v1 address 02:00:00:00:00:02
link add link v0 name mvt0 address 02:00:00:00:01:01 type macvtap mode bridge @K@
link show mvt0
link add link v0 name mvtx type macvtap mode bogus
link add link v0 name mvtx type macvtap bogus
link add link v0 name mvtx type macvtap flag nopromisc
link add link v0 name mvtx type macvtap help
link add link v0 name mvtx type macvtap bcqueuelen x
link add link v0 name waytoolongname0123 type macvtap
link add link lo name mvtx type macvtap
link add link mvt0 name mvt1 address 02:00:00:00:01:02 type macvtap mode vepa @K@
link show mvt1
link add link v0 name mvtp type macvtap mode passthru
link add link v0 name mvtx address 02:00:00:00:01:01 type macvtap
link set mvt0 type macvtap mode private
link set mvt0 type macvlan mode private
link set mvt1 type macvtap mode passthru
link set mvt0 type macvtap bogus
link add br0 address 02:00:00:00:00:b0 type bridge
link set mvt0 master br0
link add link mvt0 name mvl0 address 02:00:00:00:01:03 type macvlan
link show mvl0
link del mvt0
link add link v1 name mvtq address 02:00:00:00:02:02 type macvtap mode passthru @K@
link show mvtq
link show v1
link add link v1 name mvty type macvtap @K@
link del mvtq
link show
EOT

while IFS= read -r l; do
	l=$(echo "$l" | sed 's/ @K@$//')
	# shellcheck disable=SC2086
	ip -n $N $l >> "$tmp/k.out" 2>> "$tmp/k.err"
done < "$tmp/cmds"
ip netns del $N
ip netns add $N || exit 1

{
	echo "ip netns add x"
	sed "s/ @K@\$/ kernel-netns $N/; s/^\\(.*\\)\$/ip -n x \\1 || true/" \
		"$tmp/cmds"
} > "$tmp/v.vnet"
"$VNET" run "$tmp/v.vnet" > "$tmp/v.out" 2> "$tmp/v.err.raw" ||
	{ cat "$tmp/v.out" "$tmp/v.err.raw"; fail "vnet run failed"; }
# The switch to real time is vnet's own line.
sed 's/^[^:]*:[0-9]*: //' "$tmp/v.err.raw" |
	grep -v 'is kernel-facing: the clock runs in real time' > "$tmp/v.err"
for s in out err; do
	if ! cmp -s "$tmp/k.$s" "$tmp/v.$s"; then
		echo "FAIL: standard $s differs (kernel, vnet)"
		diff -u "$tmp/k.$s" "$tmp/v.$s"
		exit 1
	fi
done
echo "ok: $(wc -l < "$tmp/cmds") commands, same output and errors"
[ "$(ip -n $N -o link | wc -l)" = 1 ] ||
	{ ip -n $N link; fail "kernel TAPs left after vnet exited"; }

# --- 2. the kernel on a macvtap, pings across the parent ------------------
cat > "$tmp/run.vnet" <<EOF
ip netns add p
ip netns add h
ip netns add b
ip -n p link add up0 address 02:00:00:00:00:01 type veth peer name e0 netns h address 02:00:00:00:00:64
ip -n p link set up0 up
ip -n p addr add 10.78.0.1/24 dev up0
ip -n h link set e0 up
ip -n h addr add 10.78.0.100/24 dev e0
ip -n p link add link up0 name mvt0 address 02:00:00:00:00:0b type macvtap mode bridge kernel-netns $K
ip -n p link add link up0 name mvb address 02:00:00:00:00:0c type macvlan mode bridge
ip -n p link set mvb netns b
ip -n b link set mvb up
ip -n b addr add 10.78.0.12/24 dev mvb
ip -n p link set mvt0 up
ip -n p -d link show mvt0
echo created
sleep 2
ip netns exec h ping -c 2 -i 0.2 10.78.0.11
ip netns exec b ping -c 2 -i 0.2 10.78.0.11
! ip netns exec p ping -c 1 -W 1 10.78.0.11
echo vnet-pinged
sleep 4
ip -n p link del mvt0
echo deleted
sleep 100
EOF
"$VNET" run "$tmp/run.vnet" > "$tmp/run.out" 2>&1 &
VPID=$!
wait_for() {
	i=0
	until grep -q "^$1\$" "$tmp/run.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$tmp/run.out"; fail "vnet never said $1"; }
		sleep 0.1
	done
}
wait_for created
ip -n $K link show mvt0 | grep -q 'link/ether 02:00:00:00:00:0b' ||
	{ ip -n $K link; fail "the kernel TAP lacks the macvtap's MAC"; }
ip -n $K link set mvt0 up
ip -n $K addr add 10.78.0.11/24 dev mvt0
wait_for vnet-pinged
ip -n $K link show mvt0 | grep -q LOWER_UP ||
	fail "the kernel TAP has no carrier while the macvtap is up"
ip netns exec $K ping -c 2 -i 0.2 -W 2 10.78.0.100 > "$tmp/k1" ||
	{ cat "$tmp/k1"; fail "kernel -> host on the parent's wire"; }
ip netns exec $K ping -c 2 -i 0.2 -W 2 10.78.0.12 > "$tmp/k2" ||
	{ cat "$tmp/k2"; fail "kernel -> bridge-mode sibling"; }
ip netns exec $K ping -c 1 -W 1 10.78.0.1 > "$tmp/k3" &&
	fail "kernel -> the macvlan parent answered"
wait_for deleted
sleep 0.3
ip -n $K link show mvt0 > /dev/null 2>&1 &&
	fail "the kernel TAP is left after ip link del"
kill "$VPID"
wait "$VPID" 2>/dev/null
VPID=
grep -q 'macvtap mode bridge bcqueuelen 1000 usedbcqueuelen 1000' \
	"$tmp/run.out" || { cat "$tmp/run.out"; fail "ip -d link details"; }
grep -q 'mvt0@up0: .* qlen 500$' "$tmp/run.out" ||
	{ cat "$tmp/run.out"; fail "a macvtap's txqlen is 500"; }
[ "$(grep -c '2 packets transmitted, 2 received' "$tmp/run.out")" = 2 ] ||
	{ cat "$tmp/run.out"; fail "vnet -> kernel pings"; }
grep -q '1 packets transmitted, 0 received' "$tmp/run.out" ||
	{ cat "$tmp/run.out"; fail "the parent reached its macvtap child"; }
echo "ok: kernel on a macvtap reaches the parent's wire and a sibling, not the parent"

# --- 3. without CAP_NET_ADMIN ---------------------------------------------
cat > "$tmp/np.vnet" <<EOF
ip link add v0 type veth peer name v1
! ip link add link v0 name mvt0 type macvtap kernel-netns /proc/self/ns/net
ip -o link show
EOF
chmod 644 "$tmp/np.vnet"
if command -v setpriv > /dev/null; then
	setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
		"$VNET" run "$tmp/np.vnet" > "$tmp/np.out" 2>&1 ||
		{ cat "$tmp/np.out"; fail "run as nobody"; }
	grep -q "mvt0: a macvtap's kernel TAP device needs CAP_NET_ADMIN (run as root)" \
		"$tmp/np.out" || { cat "$tmp/np.out"; fail "no CAP_NET_ADMIN message"; }
	grep -q mvt0@ "$tmp/np.out" && fail "a refused macvtap was created"
	echo "ok: refused without CAP_NET_ADMIN"
fi
echo ok
exit 0
