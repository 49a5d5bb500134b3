#!/bin/sh
# Installs what a fresh Debian 12 lacks to build and test vnet: a C
# compiler, make, libpcap and cmocka headers, the peers the tests
# compare against (tcpdump, tshark, iproute2, iputils-ping, bridge-utils;
# curl, iperf3, python3, nginx-light and setpriv/unshare for the interop
# tests in tests/kernel),
# and clang for the libFuzzer targets (make fuzz).
# Uses sudo when not root; does nothing when everything is there.
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in gcc make pkg-config libpcap-dev libcmocka-dev tcpdump tshark iproute2 iputils-ping bridge-utils net-tools clang \
	curl iperf3 python3 nginx-light util-linux; do
	have_pkg "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "vnet: installing:$need"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq || true
$SUDO apt-get install -y -qq $need >/dev/null
