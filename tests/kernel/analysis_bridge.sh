#!/bin/sh
# Differential test: the analysis-bridge sequence (examples/analysis-bridge.vnet)
# on the Linux kernel, in throwaway namespaces, and in vnet.  Compared:
#   - whether the VM's ping works in each phase (broken, fix 1, broken
#     again, fix 2),
#   - where br0 learned the VM's and the gateway's MACs after each phase,
#   - which of vmport, uplink and br0 saw ARP requests and replies while
#     the network was broken.
# Gratuitous ARPs (vnet announces new addresses, Linux does not) are left
# out of the capture comparison.  Root only; everything lives in
# namespaces named vab<PID>*, removed on exit.
set -u
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
command -v tcpdump >/dev/null || { echo "needs tcpdump"; exit 77; }
P=vab$$
NAMES="vm analysis vswitch gw"
TMP=$(mktemp -d)
cleanup() {
	for pid in $(cat "$TMP/pids" 2>/dev/null); do kill "$pid" 2>/dev/null; done
	for n in $NAMES; do ip netns del "$P$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# The steps, with @NS for namespace names.  "capture IF" and "stop" are
# the only lines the two runners spell differently.
cat >"$TMP/steps" <<'STEPS'
ip netns add @vm
ip netns add @analysis
ip netns add @vswitch
ip netns add @gw
ip link add eth0 netns @vm type veth peer name vmport netns @analysis
ip link add uplink netns @analysis type veth peer name trunk netns @vswitch
ip link add gwport netns @vswitch type veth peer name eth0 netns @gw
ip -n @analysis link add br0 type bridge
ip -n @analysis link set vmport master br0
ip -n @analysis link set uplink master br0
ip -n @analysis link set vmport up
ip -n @analysis link set uplink up
ip -n @analysis link set br0 up
ip -n @vswitch link add vsw0 type bridge
ip -n @vswitch link set trunk master vsw0
ip -n @vswitch link set gwport master vsw0
ip -n @vswitch link set dev trunk type bridge_slave hairpin on learning off
ip -n @vswitch link set trunk up
ip -n @vswitch link set gwport up
ip -n @vswitch link set vsw0 up
ip -n @vm link set eth0 up
ip -n @vm link set lo up
ip -n @gw link set eth0 up
ip -n @vm addr add 10.0.0.10/24 dev eth0
ip -n @gw addr add 10.0.0.1/24 dev eth0
echo "mac vm $(ip -n @vm -br link show eth0)"
echo "mac gw $(ip -n @gw -br link show eth0)"
capture vmport
capture uplink
capture br0
ip netns exec @vm ping -c 2 -W 1 10.0.0.1 >/dev/null && echo "phase1 ping ok" || echo "phase1 ping failed"
echo "phase1 fdb"
bridge -n @analysis fdb show br br0 dynamic
stop
ip -n @analysis link set br0 type bridge ageing_time 0
ip -n @vm neigh flush dev eth0
ip netns exec @vm ping -c 2 10.0.0.1 >/dev/null && echo "phase2 ping ok" || echo "phase2 ping failed"
echo "phase2 fdb"
bridge -n @analysis fdb show br br0 dynamic
ip -n @analysis link set br0 type bridge ageing_time 30000
ip -n @vm neigh flush dev eth0
ip netns exec @vm ping -c 2 -W 1 10.0.0.1 >/dev/null && echo "phase3 ping ok" || echo "phase3 ping failed"
echo "phase3 fdb"
bridge -n @analysis fdb show br br0 dynamic
bridge -n @analysis link set dev uplink learning off
ip -n @vm neigh flush dev eth0
ip netns exec @vm ping -c 2 10.0.0.1 >/dev/null && echo "phase4 ping ok" || echo "phase4 ping failed"
echo "phase4 fdb"
bridge -n @analysis fdb show br br0 dynamic
STEPS

# --- the kernel ------------------------------------------------------------
kernel_run() {
	: >"$TMP/pids"
	while IFS= read -r line; do
		line=$(echo "$line" | sed "s/@\([a-z]*\)/$P\1/g")
		case $line in
		"ip netns add "*)
			eval "$line" || return 1
			ns=${line#ip netns add }
			# No IPv6 chatter: vnet has no IPv6 (docs/differences.md).
			ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1
			;;
		"capture "*)
			dev=${line#capture }
			ip netns exec "${P}analysis" tcpdump -U -n -i "$dev" \
				-w "$TMP/k-$dev.pcap" 2>/dev/null &
			echo $! >>"$TMP/pids"
			sleep 0.5
			;;
		stop)
			sleep 0.5
			for pid in $(cat "$TMP/pids"); do kill "$pid"; done
			wait
			: >"$TMP/pids"
			;;
		*) eval "$line" ;;
		esac
	done <"$TMP/steps"
}

# --- vnet -------------------------------------------------------------------
vnet_script() {
	while IFS= read -r line; do
		line=$(echo "$line" | sed 's/@//g')
		case $line in
		"capture "*)
			dev=${line#capture }
			echo "ip netns exec analysis tcpdump -n -i $dev -w $TMP/v-$dev.pcap &"
			;;
		stop) echo "kill %1 %2 %3"; echo "wait" ;;
		'echo "mac '*)
			# No command substitution in vnet scripts: print the line.
			who=$(echo "$line" | sed 's/echo "mac \([a-z]*\) .*/\1/')
			echo "echo -n 'mac $who '"
			echo "ip -n $who -br link show eth0"
			;;
		*'>/dev/null && echo '*)
			cmd=${line%% >/dev/null*}
			rest=${line#* && }
			echo "$cmd && $rest"
			;;
		*) echo "$line" ;;
		esac
	done <"$TMP/steps"
}

kernel_run >"$TMP/kernel.out" 2>"$TMP/kernel.err" || {
	echo "kernel run failed"; cat "$TMP/kernel.err"; exit 1; }
vnet_script >"$TMP/steps.vnet"
"$VNET" run "$TMP/steps.vnet" >"$TMP/vnet.raw" 2>"$TMP/vnet.err"
# Keep the report lines (mac, phase, fdb) and drop ping/tcpdump chatter.
grep -E '^(mac |phase|[0-9a-f]{2}:)' "$TMP/vnet.raw" >"$TMP/vnet.out"

# MACs become names; fdb lines become "NAME PORT".  Only the VM and the
# gateway are compared: the kernel's bridge devices also send an IGMPv3
# report (224.0.0.106, multicast router discovery) that bridges learn,
# and vnet has no IGMP yet (docs/differences.md).
normalize() {
	vm=$(awk '$1 == "mac" && $2 == "vm" { print $5 }' "$1")
	gw=$(awk '$1 == "mac" && $2 == "gw" { print $5 }' "$1")
	grep -v '^mac ' "$1" | sed -e "s/$vm/VM/" -e "s/$gw/GW/" |
		awk '/^phase/ { print; next }
		     $1 == "VM" || $1 == "GW" { print $1, $3 }'
}
normalize "$TMP/kernel.out" >"$TMP/kernel.norm"
normalize "$TMP/vnet.out" >"$TMP/vnet.norm"

# Which capture saw requests and replies (gratuitous ARPs left out).
seen() {
	tcpdump -n -r "$1" 2>/dev/null | awk '
		/ARP, Request who-has/ { if ($5 != $7) req = 1 }
		/ARP, Reply/ { rep = 1 }
		END { printf "requests=%d replies=%d\n", req, rep }'
}
for dev in vmport uplink br0; do
	echo "capture $dev $(seen "$TMP/k-$dev.pcap")" >>"$TMP/kernel.norm"
	echo "capture $dev $(seen "$TMP/v-$dev.pcap")" >>"$TMP/vnet.norm"
done

echo "--- kernel"
cat "$TMP/kernel.norm"
if diff -u "$TMP/kernel.norm" "$TMP/vnet.norm"; then
	echo "vnet behaves as the kernel"
	exit 0
fi
echo "vnet differs from the kernel (above); vnet stderr:"
cat "$TMP/vnet.err"
exit 1
