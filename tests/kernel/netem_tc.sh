#!/bin/sh
# tests/kernel/netem_tc.sh - `tc qdisc ... netem` in vnet against the real
# tc 6.1 and the kernel: what a user types and what comes back.
#
# Compared, byte for byte with exit statuses:
#  - every netem option string of the corpus below: what `tc qdisc add`
#    says, then `tc qdisc show` in text, -s, -j, -p, -iec, -r and
#    all-devices form;
#  - tc's own complaints about bad options (the real tc's parser);
#  - the kernel's answers to qdisc management (add twice, change without
#    a qdisc, replace, handles, delete ...): the kernel side is generic
#    (net/sched/sch_api.c), so the kernel gets a tbf where vnet gets netem
#    and only messages and statuses are compared;
#  - the default qdiscs: noop, then noqueue once a device was up, in
#    `tc qdisc show` and `ip link`.
#
# When the kernel has sch_netem, the netem cases run on it (handles and
# refcnt normalised: Linux's veth has a transmit queue per CPU).  When it
# has not (CONFIG_NET_SCH_NETEM unset, as on the CI machine), the real tc
# still parses every command and prints every listing: an LD_PRELOAD shim
# records the request tc sends, a model of netem_change()/netem_dump()
# (sch_netem.c, 6.x; written from the kernel source, independently of
# vnet's C) turns it into the attributes the kernel would dump, and the
# shim hands those to the real tc in place of the device's qdisc.
# Runs only as root, in namespaces it creates and deletes.
VNET=${1:-build/vnet}
[ "$(id -u)" = 0 ] || { echo "needs root for kernel namespaces"; exit 77; }
for tool in ip tc python3 cc; do
	command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
case $VNET in /*) ;; *) VNET=$(pwd)/$VNET ;; esac

P=vnnetem$$
T=$(mktemp -d /tmp/vnet-netem-tc.XXXXXX)
SOCK=$T/vnet.sock
DPID=
cleanup() {
	[ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	ip netns del $P 2>/dev/null
	ip netns del ${P}d 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
fail() { echo "FAIL: $*"; exit 1; }
FAILS=0
mismatch() {
	echo "MISMATCH: $1"
	shift
	for f in "$@"; do echo "--- $f"; cat "$f"; done
	FAILS=$((FAILS + 1))
}

# --- the shim and the model ----------------------------------------------------
cat >"$T/shim.c" <<'EOF'
/*
 * LD_PRELOAD for the real tc: TCSHIM_SEND=FILE appends each qdisc request
 * tc sends (RTM_NEWQDISC, RTM_DELQDISC) to FILE; TCSHIM_DUMP=FILE holds one
 * RTM_NEWQDISC message that replaces, in the kernel's dump, the message for
 * the same ifindex and parent.  Everything else passes through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

static char rep[65536];
static size_t replen;
static int loaded;

static void load(void)
{
	const char *f = getenv("TCSHIM_DUMP");
	FILE *fp;

	if (loaded)
		return;
	loaded = 1;
	if (!f || !(fp = fopen(f, "rb")))
		return;
	replen = fread(rep, 1, sizeof(rep), fp);
	fclose(fp);
}

/* Rewrites the datagram @in into @out; returns its length, 0 if unchanged. */
static size_t rewrite(const char *in, size_t n, char *out)
{
	const struct tcmsg *want = NLMSG_DATA((struct nlmsghdr *)rep);
	size_t off = 0, olen = 0;
	int changed = 0;

	while (off + sizeof(struct nlmsghdr) <= n) {
		const struct nlmsghdr *h = (const void *)(in + off);
		const struct tcmsg *t = NLMSG_DATA(h);
		size_t len = NLMSG_ALIGN(h->nlmsg_len);

		if (h->nlmsg_len < sizeof(*h) || off + h->nlmsg_len > n)
			break;
		if (h->nlmsg_type == RTM_NEWQDISC &&
		    t->tcm_ifindex == want->tcm_ifindex &&
		    t->tcm_parent == want->tcm_parent) {
			struct nlmsghdr *o = (void *)(out + olen);

			memcpy(o, rep, replen);
			o->nlmsg_seq = h->nlmsg_seq;
			o->nlmsg_pid = h->nlmsg_pid;
			o->nlmsg_flags = h->nlmsg_flags;
			olen += NLMSG_ALIGN(replen);
			changed = 1;
		} else {
			memcpy(out + olen, h, len);
			olen += len;
		}
		off += len;
	}
	return changed ? olen : 0;
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	static char in[1 << 17], out[1 << 17];
	struct iovec iv = { in, sizeof(in) };
	struct msghdr pm;
	size_t olen;
	ssize_t n;

	if (!real)
		real = dlsym(RTLD_NEXT, "recvmsg");
	load();
	if (!replen)
		return real(fd, m, flags);
	pm = *m;
	pm.msg_iov = &iv;
	pm.msg_iovlen = 1;
	n = real(fd, &pm, MSG_PEEK);
	if (n <= 0)
		return real(fd, m, flags);
	olen = rewrite(in, (size_t)n, out);
	if (!olen)
		return real(fd, m, flags);
	m->msg_namelen = pm.msg_namelen;
	if (flags & MSG_PEEK) {
		size_t c = m->msg_iovlen ? m->msg_iov[0].iov_len : 0;

		memcpy(m->msg_iov[0].iov_base, out, c < olen ? c : olen);
		return (ssize_t)olen;
	}
	real(fd, &pm, 0);
	memcpy(m->msg_iov[0].iov_base, out, olen);
	return (ssize_t)olen;
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);
	const char *f = getenv("TCSHIM_SEND");

	if (!real)
		real = dlsym(RTLD_NEXT, "sendmsg");
	if (f && m->msg_iovlen) {
		const struct nlmsghdr *h = m->msg_iov[0].iov_base;
		FILE *fp;

		if ((h->nlmsg_type == RTM_NEWQDISC ||
		     h->nlmsg_type == RTM_DELQDISC) && (fp = fopen(f, "ab"))) {
			for (size_t i = 0; i < m->msg_iovlen; i++)
				fwrite(m->msg_iov[i].iov_base, 1,
				       m->msg_iov[i].iov_len, fp);
			fclose(fp);
		}
	}
	return real(fd, m, flags);
}
EOF
cat >"$T/model.py" <<'EOF'
"""
A model of Linux's sch_netem (netem_init/netem_change/netem_dump, 6.x) for
machines whose kernel lacks it: reads the requests the real tc sent
(captured by the shim), applies them as the kernel would, and writes the
RTM_NEWQDISC message the kernel's dump would carry, so the real tc prints
it.  usage: model.py REQUESTS OUT; prints the kernel's refusal and exits 2
if the kernel would refuse.
"""
import struct, sys

U32 = 0xffffffff
INT_MAX = 0x7fffffff


def attrs(b):
    i = 0
    while i + 4 <= len(b):
        ln, ty = struct.unpack_from('<HH', b, i)
        if ln < 4:
            break
        yield ty & 0x3fff, b[i + 4:i + ln]
        i += (ln + 3) & ~3


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack('<HH', ln, t) + payload + b'\0' * ((4 - ln % 4) % 4)


class Netem:
    def __init__(self):
        self.latency = self.jitter = 0
        self.limit = self.loss = self.gap = self.duplicate = 0
        self.reorder = self.corrupt = 0
        self.rate = 0
        self.packet_overhead = self.cell_size = self.cell_overhead = 0
        self.delay_rho = self.loss_rho = self.dup_rho = 0
        self.reorder_rho = self.corrupt_rho = 0
        self.ecn = 0
        self.loss_model = 'random'
        self.clg = (0, 0, 0, 0, 0)
        self.slot = (0, 0, 0, 0, 0, 0)

    def change(self, opts):
        qopt = struct.unpack_from('<6I', opts, 0)
        tb = dict(attrs(opts[24:]))
        for t in (2, 13):            # DELAY_DIST, SLOT_DIST
            if t in tb and not 0 < len(tb[t]) // 2 <= 16384:
                return 'RTNETLINK answers: Invalid argument'
        if 12 in tb:                 # SLOT: validate_slot()
            mn, mx, mp, mb, dd, dj = struct.unpack('<qqiiqq', tb[12][:40])
            if mn < 0 or mx < 0:
                return 'Error: negative slot delay.'
            if mn > mx:
                return 'Error: slot min delay greater than max delay.'
            if dd < 0 or dj < 0:
                return 'Error: negative dist delay.'
            if mp < 0 or mb < 0:
                return 'Error: negative slot limit.'
        if 5 in tb:                  # LOSS
            for t, p in attrs(tb[5]):
                if t == 1:
                    p13, p31, p32, p14, p23 = struct.unpack('<5I', p[:20])
                    self.loss_model = 'gi'
                    self.clg = (p13, p31, p32, p14, p23)
                elif t == 2:
                    self.loss_model = 'ge'
                    self.clg = struct.unpack('<4I', p[:16]) + (0,)
        else:
            self.loss_model = 'random'
        self.latency = qopt[0] << 6
        self.jitter = qopt[5] << 6
        self.limit, self.gap = qopt[1], qopt[3]
        self.loss, self.duplicate = qopt[2], qopt[4]
        if self.gap:
            self.reorder = U32
        if 1 in tb:
            self.delay_rho, self.loss_rho, self.dup_rho = \
                struct.unpack('<3I', tb[1][:12])
        if 3 in tb:
            self.reorder, self.reorder_rho = struct.unpack('<2I', tb[3][:8])
        if 4 in tb:
            self.corrupt, self.corrupt_rho = struct.unpack('<2I', tb[4][:8])
        if 6 in tb:
            (self.rate, self.packet_overhead, self.cell_size,
             self.cell_overhead) = struct.unpack('<IiIi', tb[6][:16])
        if 8 in tb:
            self.rate = max(self.rate, struct.unpack('<Q', tb[8][:8])[0])
        if 10 in tb:
            self.latency = struct.unpack('<q', tb[10][:8])[0]
        if 11 in tb:
            self.jitter = struct.unpack('<q', tb[11][:8])[0]
        if 7 in tb:
            self.ecn = struct.unpack('<I', tb[7][:4])[0]
        if 12 in tb:
            mn, mx, mp, mb, dd, dj = struct.unpack('<qqiiqq', tb[12][:40])
            self.slot = (mn, mx, mp or INT_MAX, mb or INT_MAX, dd,
                         min(INT_MAX, abs(dj)))
        self.jitter = min(abs(self.jitter), INT_MAX)
        return None

    def dump(self):
        tick = lambda ns: min(ns >> 6, U32)
        b = struct.pack('<6I', tick(self.latency), self.limit, self.loss,
                        self.gap, self.duplicate, tick(self.jitter))
        b += attr(10, struct.pack('<q', self.latency))
        b += attr(11, struct.pack('<q', self.jitter))
        b += attr(1, struct.pack('<3I', self.delay_rho, self.loss_rho,
                                 self.dup_rho))
        b += attr(3, struct.pack('<2I', self.reorder, self.reorder_rho))
        b += attr(4, struct.pack('<2I', self.corrupt, self.corrupt_rho))
        rate = self.rate
        if rate >= 1 << 32:
            b += attr(9, b'') + attr(8, struct.pack('<Q', rate))
            rate = U32
        b += attr(6, struct.pack('<IiIi', rate, self.packet_overhead,
                                 self.cell_size, self.cell_overhead))
        if self.ecn:
            b += attr(7, struct.pack('<I', self.ecn))
        if self.loss_model == 'gi':
            b += attr(5, attr(1, struct.pack('<5I', *self.clg)))
        elif self.loss_model == 'ge':
            b += attr(5, attr(2, struct.pack('<4I', *self.clg[:4])))
        mn, mx, mp, mb, dd, dj = self.slot
        if mn | mx | dj:
            b += attr(12, struct.pack('<qqiiqq', mn, mx,
                                      0 if mp == INT_MAX else mp,
                                      0 if mb == INT_MAX else mb, dd, dj))
        return b


def main():
    reqs = open(sys.argv[1], 'rb').read()
    q, ifindex, handle = None, 0, 0
    off = 0
    while off + 16 <= len(reqs):
        ln, ty = struct.unpack_from('<IH', reqs, off)
        body = reqs[off + 16:off + ln]
        off += (ln + 3) & ~3
        _, ifindex, h, _, _ = struct.unpack_from('<B3xiIII', body, 0)
        tb = dict(attrs(body[20:]))
        if tb.get(1, b'').rstrip(b'\0') != b'netem' or 2 not in tb:
            continue
        new = q is None
        if new:
            q = Netem()
            handle = h
        err = q.change(tb[2])
        if err:
            print(err)
            sys.exit(2)
    body = struct.pack('<BBHiIII', 0, 0, 0, ifindex, handle, 0xffffffff, 2)
    body += attr(1, b'netem\0') + attr(2, q.dump())
    body += attr(7, attr(1, struct.pack('<QI4x', 0, 0)) +
                 attr(3, struct.pack('<5I', 0, 0, 0, 0, 0)))
    body += attr(3, bytes(36))
    open(sys.argv[2], 'wb').write(
        struct.pack('<IHHII', 16 + len(body), 36, 0, 0, 0) + body)


main()
EOF
cc -shared -fPIC -O1 -o "$T/shim.so" "$T/shim.c" -ldl ||
	{ echo "cannot build the LD_PRELOAD shim"; exit 77; }
SHIM=$T/shim.so

# Distribution tables: tc reads TC_LIB_DIR/NAME.dist; vnet computes the
# built-in ones and reads others from there too.
mkdir "$T/tclib"
for d in /usr/lib/x86_64-linux-gnu/tc /usr/lib64/tc /usr/lib/tc; do
	[ -f $d/normal.dist ] && cp $d/*.dist "$T/tclib/" && break
done
printf '# a custom table\n 1 2 3\n -4 -5\n' >"$T/tclib/custom.dist"
export TC_LIB_DIR="$T/tclib"

# --- the kernel side and vnet, the same topology ------------------------------
ip netns add $P || fail "ip netns add"
ip -n $P link add va type veth peer name vb || fail "veth"
ip -n $P link set va up
ip -n $P link set vb up
HAVE_NETEM=0
if tc -n $P qdisc add dev va root netem delay 1ms 2>/dev/null; then
	HAVE_NETEM=1
	tc -n $P qdisc del dev va root
fi
VA=$(cat /sys/class/net/lo/ifindex >/dev/null; ip -n $P -o link show va | cut -d: -f1)

"$VNET" daemon --socket "$SOCK" 2>"$T/daemon.log" &
DPID=$!
i=0
until grep -q '^vnet daemon: listening on ' "$T/daemon.log"; do
	kill -0 "$DPID" 2>/dev/null || fail "the vnet daemon exited"
	[ $i -lt 100 ] || fail "the vnet daemon did not start"
	sleep 0.1
	i=$((i + 1))
done
v() { "$VNET" --socket "$SOCK" "$@"; }
v ip netns add $P || fail "vnet: ip netns add"
v ip -n $P link add va type veth peer name vb || fail "vnet: veth"
v ip -n $P link set va up
v ip -n $P link set vb up

# Runs `tc ARGS` on both sides: k.out k.err krc, v.out v.err vrc.
both() {
	tc "$@" >"$T/k.out" 2>"$T/k.err"
	krc=$?
	v tc "$@" >"$T/v.out" 2>"$T/v.err"
	vrc=$?
}

COMPARED=0
same() {
	COMPARED=$((COMPARED + 1))
	[ "$krc" = "$vrc" ] && cmp -s "$T/k.out" "$T/v.out" &&
		cmp -s "$T/k.err" "$T/v.err" && return 0
	echo "kernel rc $krc, vnet rc $vrc" >"$T/rcs"
	mismatch "$1" "$T/rcs" "$T/k.out" "$T/v.out" "$T/k.err" "$T/v.err"
	return 1
}

# With a real netem: Linux's veth has one transmit queue per CPU.
normalise() {
	sed -i -e 's/refcnt [0-9]*/refcnt 2/' \
		-e 's/"refcnt":\( *\)[0-9]*/"refcnt":\12/' "$@"
}

# --- 1. netem options, and what tc qdisc show prints ------------------------------
netem_case() {
	rm -f "$T/sent" "$T/dump"
	# shellcheck disable=SC2086 # the options are words
	TCSHIM_SEND="$T/sent" LD_PRELOAD=$SHIM \
		tc -n $P qdisc add dev va root handle 1: netem $1 \
		>"$T/k.out" 2>"$T/k.err"
	krc=$?
	if [ $HAVE_NETEM = 0 ] && [ $krc = 2 ] &&
	   [ "$(cat "$T/k.err")" = "Error: Specified qdisc kind is unknown." ]; then
		# tc accepted it: what would netem have done?
		if python3 "$T/model.py" "$T/sent" "$T/dump" >"$T/k.err"; then
			krc=0
			: >"$T/k.err"
		else
			krc=2
		fi
	fi
	# shellcheck disable=SC2086
	v tc -n $P qdisc add dev va root handle 1: netem $1 >"$T/v.out" 2>"$T/v.err"
	vrc=$?
	same "tc qdisc add ... netem $1" || return
	[ $krc = 0 ] || return
	for view in "qdisc show dev va" "-s qdisc show dev va" \
		    "-j qdisc show dev va" "-s -j -p qdisc show" "qdisc show" \
		    "-iec qdisc show dev va" "-r qdisc show dev va"; do
		if [ $HAVE_NETEM = 1 ]; then
			# shellcheck disable=SC2086
			tc -n $P $view >"$T/k.out" 2>"$T/k.err"
		else
			# shellcheck disable=SC2086
			TCSHIM_DUMP="$T/dump" LD_PRELOAD=$SHIM \
				tc -n $P $view >"$T/k.out" 2>"$T/k.err"
		fi
		krc=$?
		normalise "$T/k.out"
		# shellcheck disable=SC2086
		v tc -n $P $view >"$T/v.out" 2>"$T/v.err"
		vrc=$?
		same "netem $1 / tc $view"
	done
	[ $HAVE_NETEM = 1 ] && tc -n $P qdisc del dev va root
	v tc -n $P qdisc del dev va root
}

while read -r opts; do
	case $opts in '#'*) continue ;; esac
	netem_case "$opts"
done <<'EOF'
# delay, jitter, correlation, distributions; tc 6.1 keeps time in 64 ns
# ticks through whole microseconds, and prints with %.3g
delay 200ms 10ms loss 1%
delay 100ms
delay 1us
delay 1.5
delay 0.1ms
delay 999us
delay 1234567us
delay 274s
delay 10ms 1ms 25%
delay 10ms 0 25
delay 0 10ms
latency 5ms
d 5ms
delay 5sec
delay 5msecs
delay 5USEC
delay 1e3ms
delay 0x10ms
delay 100ms 10ms distribution normal
delay 100ms 10ms distribution pareto
delay 100ms 10ms distribution paretonormal
delay 100ms 10ms 30% distribution normal
delay 100ms 10ms distribution custom
# loss models
loss 1%
loss 1
loss 0.5% 25%
loss random 1%
loss random 33.333%
loss 0.0001%
loss 100%
loss 0
drop 3%
loss state 1%
loss state 1% 2%
loss state 1% 2% 3% 4% 5%
loss gemodel 1%
loss gemodel 1% 2% 3% 4%
# duplicate (its correlation goes only with another), corrupt, reorder
duplicate 5%
duplicate 5% 25%
duplicate 5% 25% loss 1% 10%
dup 1%
corrupt 0.1%
corrupt 1% 10%
delay 10ms reorder 25%
delay 10ms reorder 25% 50%
delay 10ms reorder 25% gap 5
delay 10ms reorder 100% gap 3
delay 10ms reorder 25% gap 0x10
# limit and rate units
limit 10
limit 1k
limit 1.5kb
limit 0
limit 1.3
limit 1mbit
rate 1mbit
rate 1Mbit
rate 100kbit
rate 1gbit
rate 10gbit
rate 40gbit
rate 100
rate 1.5mbit
rate 1kbps
rate 1mibit
rate 1Kibit
rate 0
rate 7bit
rate 8bit
rate 1tbit
rate 1mbit 20
rate 1mbit -20
rate 1mbit 20 100 -5
rate 1mbit 20 -100
rate 1mbit 0x10
rate 50%
rate 12.5%
# slots
slot 10ms
slot 10ms 20ms
slot 10ms 20ms packets 5
slot 10ms 20ms packets 5 bytes 3000
slot 10ms bytes 3k
slot 5ns
slot 1.5us
slot 5
slot 1e12
slot distribution normal 10ms 2ms
slot distribution pareto 10ms 2ms packets 3
# ecn
ecn loss 1%
loss 1% ecn
loss state 1% ecn
# everything at once, and nothing
delay 10ms 5ms 25% loss 0.3% 25% duplicate 1% 10% reorder 25% 50% corrupt 0.1% rate 1mbit 20 limit 100
limit 1000
# what tc refuses, with its messages and statuses
delay
delay -5ms
delay 5xs
delay 300s
delay 275s
delay 5ms -1ms
delay 5ms 1ms -3
delay 5ms 1ms 3 4
delay 5ms 1ms 101
delay 5ms 1ms 5%%
delay 5ns
delay 5 ms
jitter 5ms
loss random
loss foo
loss -1%
loss 101%
loss 1% loss 2%
loss state
loss state 101%
loss gemodel 1% 200%
reorder 25%
delay 10ms gap 5
delay 10ms reorder 0 gap 5
delay 10ms reorder 25% gap -1
delay 10ms reorder 5% gap 2 3
limit -1
limit 4294967296
limit x
rate 1xbit
rate 1mbit 2.5
rate
rate 1mbit 20 100 5 7
slot 20ms 10ms
slot 10ms packets
slot 10ms packets x
slot distribution normal 10ms 0
slot distribution nosuch 10ms 1ms
slot foo
slot
ecn
distribution normal
delay 10ms distribution normal
delay 10ms 2ms distribution nosuch
corrupt abc
loss %
help
foo
EOF

# A change keeps what it leaves out (netem_change()): reorder, corrupt,
# rate and correlations stay; the loss model falls back to random.
change_case() {
	rm -f "$T/sent" "$T/dump"
	for step in "$@"; do
		# shellcheck disable=SC2086
		TCSHIM_SEND="$T/sent" LD_PRELOAD=$SHIM tc -n $P qdisc $step \
			>/dev/null 2>&1
		# shellcheck disable=SC2086
		v tc -n $P qdisc $step >/dev/null 2>&1 || fail "vnet: tc qdisc $step"
	done
	if [ $HAVE_NETEM = 1 ]; then
		tc -n $P qdisc show dev va >"$T/k.out" 2>"$T/k.err"
	else
		python3 "$T/model.py" "$T/sent" "$T/dump" || fail "model: $*"
		TCSHIM_DUMP="$T/dump" LD_PRELOAD=$SHIM tc -n $P qdisc show dev va \
			>"$T/k.out" 2>"$T/k.err"
	fi
	krc=$?
	normalise "$T/k.out"
	v tc -n $P qdisc show dev va >"$T/v.out" 2>"$T/v.err"
	vrc=$?
	same "$*"
	[ $HAVE_NETEM = 1 ] && tc -n $P qdisc del dev va root
	v tc -n $P qdisc del dev va root
}
change_case "add dev va root handle 1: netem delay 100ms 10ms 25% reorder 25% 50% corrupt 1% rate 1mbit loss state 1%" \
	"change dev va root netem delay 50ms"
change_case "add dev va root handle 1: netem delay 100ms loss 5% 25%" \
	"replace dev va root netem loss 2%" \
	"change dev va root netem duplicate 1% 10% loss 3%"
change_case "add dev va root handle 1: netem slot 10ms 20ms packets 3 ecn loss 1%" \
	"change dev va root netem delay 1s"

# --- 2. qdisc management: the kernel's answers (a tbf stands in for netem) -------
KIND="tbf rate 1mbit burst 32kbit latency 400ms"
NETEM="netem delay 10ms"
while read -r line; do
	case $line in '#'*|'') continue ;; esac
	# shellcheck disable=SC2086
	tc $(echo "$line" | sed "s/@/$KIND/") >"$T/k.out" 2>"$T/k.err"
	krc=$?
	# shellcheck disable=SC2086
	v tc $(echo "$line" | sed "s/@/$NETEM/") >"$T/v.out" 2>"$T/v.err"
	vrc=$?
	same "tc $line"
done <<EOF
-n $P qdisc del dev va root
-n $P qdisc change dev va root @
-n $P qdisc add dev va root @
-n $P qdisc add dev va root @
-n $P qdisc add dev va root handle 5: @
-n $P qdisc change dev va root handle 5: @
-n $P qdisc replace dev va root @
-n $P qdisc replace dev va root handle 5: @
-n $P qdisc change dev va handle 5: @
-n $P qdisc change dev va handle 6: @
-n $P qdisc add dev va handle 5: @
-n $P qdisc change dev va root handle 5: @
-n $P qdisc del dev va handle 5:
-n $P qdisc del dev va root handle 6:
-n $P qdisc del dev va handle 6:
-n $P qdisc del dev va root pfifo
-n $P qdisc add dev va parent 7:1 @
-n $P qdisc del dev va parent 7:
-n $P qdisc del dev va root handle 5: @
-n $P qdisc del dev va root
-n $P qdisc del dev va
-n $P qdisc add dev va @
-n $P qdisc add dev nope root @
-n $P qdisc add root @
-n $P qdisc add dev va root foo
-n $P qdisc add dev va root
-n $P qdisc add dev va root foo bar
-n $P qdisc add dev va root handle zz @
-n $P qdisc add dev va root handle 10000: @
-n $P qdisc add dev va root root @
-n $P qdisc add dev va root dev vb @
-n $P qdisc add dev va handle 1: handle 2: root @
-n $P qdisc add dev va parent zz @
-n $P qdisc add dev va root parent 1: @
-n $P qdisc add dev
-n $P qdisc show dev nope
-n $P qdisc show dev
-n $P qdisc show dev va handle zz
-n $P qdisc show dev va parent zz
-n $P qdisc show dev va root root
-n $P qdisc show dev va handle 1: root
-n $P qdisc show va
-n $P qdisc foo
-n $P qdisc l
-n $P foo
-n $P -x qdisc
-n nosuchns$$ qdisc
-n $P qdisc show dev va root
-n $P qdisc show dev va parent root
-n $P qdisc show dev va ingress
-n $P qdisc show dev va handle 1:
EOF

# --- 3. default qdiscs: noop, noqueue once up -------------------------------------
D=${P}d
ip netns add $D || fail "ip netns add $D"
v ip netns add $D || fail "vnet: ip netns add $D"
listing() {
	for view in "qdisc show" "-s qdisc show" "-j qdisc show" "-j -p -s qdisc" \
		    "-o -s qdisc show" "-r qdisc show" "qdisc show dev va"; do
		# shellcheck disable=SC2086
		both -n $D $view
		same "$1: tc $view"
	done
	ip -n $D link show | grep -o 'qdisc [a-z]*' >"$T/k.out"
	v ip -n $D link show | grep -o 'qdisc [a-z]*' >"$T/v.out"
	krc=0 vrc=0
	: >"$T/k.err"
	: >"$T/v.err"
	same "$1: ip link qdisc"
}
for side in kernel vnet; do
	if [ $side = kernel ]; then run() { "$@"; }; else run() { v "$@"; }; fi
	run ip -n $D link add va type veth peer name vb
done
listing "all down, never up"
for side in kernel vnet; do
	if [ $side = kernel ]; then run() { "$@"; }; else run() { v "$@"; }; fi
	run ip -n $D link set va up
	run ip -n $D link set lo up
done
listing "va and lo up"
for side in kernel vnet; do
	if [ $side = kernel ]; then run() { "$@"; }; else run() { v "$@"; }; fi
	run ip -n $D link set va down
	run ip -n $D link set lo down
done
listing "down again: noqueue stays"

# The daemon ends cleanly (a SAN=1 build reports leaks at exit).
kill -TERM "$DPID"
wait "$DPID" || fail "the vnet daemon exited with status $?"
DPID=
! grep -q Sanitizer "$T/daemon.log" || fail "$(cat "$T/daemon.log")"

[ $FAILS = 0 ] || fail "$FAILS of $COMPARED comparisons differ"
[ $HAVE_NETEM = 1 ] && echo "$COMPARED outputs equal the kernel's netem" ||
	echo "$COMPARED outputs equal tc 6.1 with a model of sch_netem (the kernel has none)"
exit 0
