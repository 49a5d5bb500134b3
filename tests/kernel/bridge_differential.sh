#!/bin/sh
# Differential: one topology script, run once by the shell on the kernel
# (a kernel bridge in a kernel namespace) and once by vnet (a vnet bridge
# in a vnet namespace), with the same three kernel namespaces as hosts
# running the real ping, curl and python3 -m http.server.  The script's
# text is the same; only namespace names differ (prefixed on the kernel)
# and, in vnet, the hosts are asked for as "type kernel".  Compared: who
# reaches whom (plain, with isolated ports, with a port down), where the
# bridge learned each host's MAC, the HTTP transfers' status and sizes,
# and the hosts' own neighbour tables.
# Root only; kernel namespaces vdf<PID>*, removed on exit.
set -u
VNET=$(realpath "${1:-build/vnet}")
[ "$(id -u)" = 0 ] || { echo "needs root (kernel namespaces)"; exit 77; }
[ -c /dev/net/tun ] || { echo "needs /dev/net/tun"; exit 77; }
for p in bash curl python3; do
	command -v $p >/dev/null || { echo "needs $p (scripts/deps.sh)"; exit 77; }
done
P=vdf$$
TMP=$(mktemp -d)
chmod 755 "$TMP"
cleanup() {
	for n in h1 h2 h3 sw; do ip netns del "$P$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$TMP/www"
head -c 3000000 /dev/urandom >"$TMP/www/big.bin"
echo hello >"$TMP/www/small.txt"
chmod -R a+rX "$TMP"

cat >"$TMP/steps" <<'STEPS'
ip netns add @h1 %HOST%
ip netns add @h2 %HOST%
ip netns add @h3 %HOST%
ip netns add @sw
ip netns exec @h1 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec @h2 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip netns exec @h3 sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n @sw link add br0 type bridge
ip -n @sw link set br0 up
ip -n @sw link add p1 type veth peer name eth0 netns @h1
ip -n @sw link add p2 type veth peer name eth0 netns @h2
ip -n @sw link add p3 type veth peer name eth0 netns @h3
ip -n @sw link set p1 master br0
ip -n @sw link set p2 master br0
ip -n @sw link set p3 master br0
ip -n @sw link set p1 up
ip -n @sw link set p2 up
ip -n @sw link set p3 up
ip -n @h1 link set lo up
ip -n @h2 link set lo up
ip -n @h3 link set lo up
ip -n @h1 addr add 10.81.0.1/24 dev eth0
ip -n @h2 addr add 10.81.0.2/24 dev eth0
ip -n @h3 addr add 10.81.0.3/24 dev eth0
ip -n @h1 link set eth0 up
ip -n @h2 link set eth0 up
ip -n @h3 link set eth0 up
echo -n "MAC h1 "
ip -n @h1 -br link show eth0
echo -n "MAC h2 "
ip -n @h2 -br link show eth0
echo -n "MAC h3 "
ip -n @h3 -br link show eth0
sleep 1
ip netns exec @h1 ping -c 2 -i 0.2 -W 1 10.81.0.2 && echo "RESULT plain h1-h2 ok" || echo "RESULT plain h1-h2 failed"
ip netns exec @h2 ping -c 2 -i 0.2 -W 1 10.81.0.3 && echo "RESULT plain h2-h3 ok" || echo "RESULT plain h2-h3 failed"
ip netns exec @h3 ping -c 2 -i 0.2 -W 1 10.81.0.1 && echo "RESULT plain h3-h1 ok" || echo "RESULT plain h3-h1 failed"
echo "FDB plain"
bridge -n @sw fdb show br br0 dynamic
ip netns exec @h2 python3 -m http.server --bind 10.81.0.2 --directory %TMP%/www 8000 &
sleep 1
ip netns exec @h1 curl -sS --retry 5 --retry-connrefused --retry-delay 1 -o %TMP%/got-@h1 -w "RESULT http h1 %{http_code} %{size_download}\n" http://10.81.0.2:8000/big.bin
ip netns exec @h3 curl -sS -o %TMP%/got-@h3 -w "RESULT http h3 %{http_code} %{size_download}\n" http://10.81.0.2:8000/small.txt
ip netns exec @h3 curl -sS -o %TMP%/got-missing-@h3 -w "RESULT http h3 %{http_code}\n" http://10.81.0.2:8000/missing
kill %1
wait
bridge -n @sw link set dev p2 isolated on
bridge -n @sw link set dev p3 isolated on
ip netns exec @h1 ping -c 2 -i 0.2 -W 1 10.81.0.2 && echo "RESULT isolated h1-h2 ok" || echo "RESULT isolated h1-h2 failed"
ip netns exec @h2 ping -c 2 -i 0.2 -W 1 10.81.0.3 && echo "RESULT isolated h2-h3 ok" || echo "RESULT isolated h2-h3 failed"
ip netns exec @h3 ping -c 2 -i 0.2 -W 1 10.81.0.1 && echo "RESULT isolated h3-h1 ok" || echo "RESULT isolated h3-h1 failed"
bridge -n @sw link set dev p3 isolated off
ip -n @sw link set p1 down
ip netns exec @h2 ping -c 2 -i 0.2 -W 1 10.81.0.1 && echo "RESULT p1down h2-h1 ok" || echo "RESULT p1down h2-h1 failed"
ip netns exec @h2 ping -c 2 -i 0.2 -W 1 10.81.0.3 && echo "RESULT p1down h2-h3 ok" || echo "RESULT p1down h2-h3 failed"
echo "FDB p1down"
bridge -n @sw fdb show br br0 dynamic
echo "NEIGH h2"
ip -n @h2 neigh show dev eth0
STEPS

# The kernel: bash (for `kill %1`), names prefixed, a kernel bridge.
sed -e "s/@\([a-z0-9]*\)/$P\1/g" -e 's/ %HOST%//' -e "s|%TMP%|$TMP|g" \
	"$TMP/steps" >"$TMP/kernel.sh"
(cd "$TMP" && bash -e "$TMP/kernel.sh") >"$TMP/kernel.out" 2>"$TMP/kernel.err" ||
	{ cat "$TMP/kernel.out" "$TMP/kernel.err"; fail "kernel run"; }
for n in h1 h2 h3 sw; do ip netns del "$P$n"; done
# vnet: the same lines, hosts "type kernel", a vnet bridge.
sed -e "s/@\([a-z0-9]*\)/\1/g" -e 's/%HOST%/type kernel/' -e "s|%TMP%|$TMP|g" \
	-e "s|got-\([a-z0-9]*\)|vgot-\1|g" "$TMP/steps" >"$TMP/steps.vnet"
"$VNET" run "$TMP/steps.vnet" >"$TMP/vnet.out" 2>"$TMP/vnet.err" ||
	{ cat "$TMP/vnet.out" "$TMP/vnet.err"; fail "vnet run"; }

# Normalise: MACs become host names; fdb lines "fdb WHEN HOST PORT";
# neighbour lines "neigh HOST IP OWNER" (their states depend on timing);
# sorted, as table order is hash order.
normalize() {
	awk '
	$1 == "MAC" { mac[$5] = $2; next }
	/^RESULT / { print; next }
	/^(FDB|NEIGH) / { sect = $1; what = $2; next }
	sect == "FDB" && ($1 in mac) { print "fdb", what, mac[$1], $3; next }
	sect == "NEIGH" && $2 == "lladdr" { print "neigh", what, $1, ($3 in mac) ? mac[$3] : $3; next }
	' "$1" | sort
}
normalize "$TMP/kernel.out" >"$TMP/kernel.norm"
normalize "$TMP/vnet.out" >"$TMP/vnet.norm"
for h in h1 h3; do
	cmp -s "$TMP/got-$P$h" "$TMP/vgot-$h" || fail "$h: the files fetched differ"
done
cmp -s "$TMP/www/big.bin" "$TMP/vgot-h1" || fail "h1 fetched a damaged file through vnet"
echo "--- kernel bridge"
cat "$TMP/kernel.norm"
grep -q "RESULT plain h1-h2 ok" "$TMP/kernel.norm" || fail "the kernel run itself is broken"
if diff -u "$TMP/kernel.norm" "$TMP/vnet.norm"; then
	echo "vnet's bridge behaves as the kernel's"
	exit 0
fi
echo "vnet differs from the kernel (above); vnet stderr:"
cat "$TMP/vnet.err"
exit 1
