// SPDX-License-Identifier: MIT
/*
 * dev/tap.c - kernel TAP devices (drivers/net/tun.c seen from user space).
 *
 * Where it sits: a driver at the kernel boundary.  Frames the kernel
 * sends out of its side of the TAP are read here and received on the vnet
 * device with vn_dev_receive(), as a NIC driver's poll loop would; frames
 * vnet transmits on the device are written to the kernel, which receives
 * them on its side.  Enslave the vnet device to a bridge, give it an
 * address, capture on it: it is an ordinary vnet device.
 *
 * Theory of operation.
 *   Queues: one file descriptor per queue (IFF_MULTI_QUEUE when more
 *   than one), each watched by the engine's poller.  The kernel spreads
 *   its transmissions over the queues by flow; vnet picks the queue it
 *   writes to by a hash of the frame's addresses and ports, so a flow
 *   stays on one queue and in order.
 *   Batches: a readable queue is read up to BURST frames (or
 *   BURST_BYTES) in a row, then the burst is received; frames to the
 *   kernel are queued per queue and written when BURST are waiting or
 *   when the engine has settled this instant (a zero-delay timer), so
 *   the packet path itself never makes a system call.  A TAP has no
 *   recvmmsg/sendmmsg: one read or write per frame is the kernel's
 *   interface, the batching is in when they happen.
 *   Offloads: with IFF_VNET_HDR every frame carries a virtio-net header
 *   (dev/vnet_hdr.c).  TUNSETOFFLOAD tells the kernel vnet takes partial
 *   checksums and TSO (and USO where the kernel has it), so a kernel TCP
 *   sender's 64 KiB segments arrive whole; they go out whole through
 *   devices that take them (another TAP) and are finished by dev/gso.c
 *   elsewhere.  Reads land in a 64 KiB spare block; a frame that fits a
 *   small block is copied into one, so the large blocks stay few.
 *   Carrier: the kernel side starts without carrier (IFF_NO_CARRIER) and
 *   has it while the vnet device is up (TUNSETCARRIER), as veth peers do.
 *   The vnet side has carrier while the kernel side exists; a queue whose
 *   read fails for another reason than "nothing to read" (the kernel
 *   device was deleted under it) stops being read.
 * Limits: TAP only (no TUN: vnet is an Ethernet network); at most
 * VN_TAP_MAX_QUEUES queues; a frame the kernel refuses (its side down:
 * EIO) is dropped and counted (VN_DROP_KERNEL_DOWN).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/hash.h"
#include "dev/gso.h"
#include "dev/tap.h"
#include "dev/vnet_hdr.h"
#include "kernel/knetns.h"
#include "wire/eth.h"
#include "wire/ipv4.h"

/* Linux 6.2+: USO both ways; older kernels refuse the flags. */
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

#define BURST 64
/*
 * A burst also ends at this many bytes, so what was read is written on
 * while still in the core's cache: 64 TSO frames would be 4 MiB, beyond
 * a core's L2, and TCP through a TAP bridge was ~15% slower so.
 */
#define BURST_BYTES (128u << 10)
/* The largest frame a read can bring: 64 KiB of IP, Ethernet, 2 tags. */
#define MAX_FRAME (VN_BUF_LARGE_SIZE - VN_BUF_HEADROOM)
#define SMALL_ROOM (VN_BUF_SMALL_SIZE - VN_BUF_HEADROOM)

struct vn_tap;

struct tap_queue {
	struct vn_fd_watch watch;
	struct vn_tap *tap;
	struct vn_bufq txq;
	struct vn_buf *spare;	/* the next read lands here */
	bool dead;		/* a read failed: no longer watched */
};

struct vn_tap {
	struct vn_dev dev;
	struct vn_knetns *knetns;
	char kname[VN_IFNAMSIZ];
	int kifindex;
	unsigned n_queues;
	bool multi_queue;
	bool offload;
	bool veth;
	uint32_t hdr_len;	/* VN_VNET_HDR_LEN with offloads, else 0 */
	struct vn_timer flush_timer;
	struct tap_queue q[VN_TAP_MAX_QUEUES];
	uint64_t n_rx_frames, n_rx_calls, n_rx_bursts;
	uint64_t n_tx_frames, n_tx_calls, n_tx_flushes;
};

static struct vn_tap *to_tap(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_tap, dev);
}

static struct vn_env *tap_env(const struct vn_tap *tap)
{
	return tap->dev.space->env;
}

/* --- receive: kernel -> vnet ------------------------------------------- */

/* A buffer for the next read: large when a GSO frame may come. */
static struct vn_buf *spare_get(struct vn_tap *tap, struct tap_queue *q)
{
	if (!q->spare)
		q->spare = vn_buf_alloc(tap_env(tap)->pool,
					tap->offload || tap->dev.mtu > 1500 ?
						MAX_FRAME :
						SMALL_ROOM);
	return q->spare;
}

/*
 * Takes the frame just read into the spare: small frames are copied out
 * of a large spare (it stays for the next read), the others take it.
 */
static struct vn_buf *take_frame(struct vn_tap *tap, struct tap_queue *q,
				 uint32_t len)
{
	struct vn_buf *spare = q->spare, *buf;

	if (len <= SMALL_ROOM && spare->block->size > VN_BUF_SMALL_SIZE) {
		buf = vn_buf_alloc(tap_env(tap)->pool, len);
		if (!buf)
			return NULL;
		memcpy(vn_buf_put(buf, len), spare->data, len);
		return buf;
	}
	q->spare = NULL;
	vn_buf_put(spare, len);
	return spare;
}

/* The kernel side went away (deleted there): stop reading this queue. */
static void queue_dead(struct vn_tap *tap, struct tap_queue *q)
{
	vn_poller_unwatch(&tap_env(tap)->poller, &q->watch);
	q->dead = true;
	vn_bufq_purge(&q->txq, VN_DROP_KERNEL_DOWN);
	for (unsigned i = 0; i < tap->n_queues; i++)
		if (!tap->q[i].dead)
			return;
	vn_dev_set_carrier(&tap->dev, false);
}

static void tap_rx(struct vn_fd_watch *w, uint32_t revents)
{
	struct tap_queue *q = container_of(w, struct tap_queue, watch);
	struct vn_tap *tap = q->tap;
	struct vn_buf *burst[BURST];
	uint8_t hdr[VN_VNET_HDR_LEN];
	unsigned n = 0;
	uint32_t bytes = 0;

	(void)revents;
	while (n < BURST && bytes < BURST_BYTES) {
		struct vn_buf *spare = spare_get(tap, q), *buf;
		struct iovec iov[2];
		int niov = 0;
		ssize_t r;
		uint32_t len;

		if (!spare)
			break;	/* pool exhausted: the kernel keeps them */
		if (tap->hdr_len) {
			iov[niov].iov_base = hdr;
			iov[niov++].iov_len = tap->hdr_len;
		}
		iov[niov].iov_base = spare->data;
		iov[niov++].iov_len = vn_buf_tailroom(spare);
		r = readv(w->fd, iov, niov);
		tap->n_rx_calls++;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN) {
				tap->dev.stats.rx_errors++;
				queue_dead(tap, q);
			}
			break;
		}
		if ((uint32_t)r < tap->hdr_len + VN_ETH_HLEN) {
			tap->dev.stats.rx_errors++;
			tap->dev.stats.rx_length_errors++;
			continue;
		}
		len = (uint32_t)r - tap->hdr_len;
		buf = take_frame(tap, q, len);
		if (!buf) {
			vn_dev_drop_rx(&tap->dev, spare, VN_DROP_NOMEM);
			q->spare = NULL;
			break;
		}
		if (tap->hdr_len && vn_vnet_hdr_parse(hdr, buf)) {
			tap->dev.stats.rx_errors++;
			vn_dev_drop_rx(&tap->dev, buf, VN_DROP_OFFLOAD_BAD);
			continue;
		}
		burst[n++] = buf;
		bytes += len;
	}
	if (!n)
		return;
	tap->n_rx_bursts++;
	tap->n_rx_frames += n;
	for (unsigned i = 0; i < n; i++)
		vn_dev_receive(&tap->dev, burst[i]);
}

/* --- transmit: vnet -> kernel ------------------------------------------ */

static void flush_queue(struct vn_tap *tap, struct tap_queue *q)
{
	uint8_t hdr[VN_VNET_HDR_LEN];
	struct vn_buf *buf;

	if (!q->txq.len)
		return;
	tap->n_tx_flushes++;
	while ((buf = vn_bufq_pop(&q->txq))) {
		struct iovec iov[2];
		int niov = 0;
		ssize_t r;

		if (tap->hdr_len) {
			vn_vnet_hdr_emit(hdr, tap->hdr_len, buf);
			iov[niov].iov_base = hdr;
			iov[niov++].iov_len = tap->hdr_len;
		}
		iov[niov].iov_base = buf->data;
		iov[niov++].iov_len = buf->len;
		do {
			r = writev(q->watch.fd, iov, niov);
		} while (r < 0 && errno == EINTR);
		tap->n_tx_calls++;
		if (r >= 0) {
			tap->n_tx_frames++;
			vn_buf_free(buf);
		} else if (errno == EIO) {
			/* The kernel side is down: tun_get_user() refuses. */
			tap->dev.stats.tx_carrier++;
			tap->dev.stats.tx_errors++;
			vn_buf_drop(buf, VN_DROP_KERNEL_DOWN);
		} else {
			tap->dev.stats.tx_errors++;
			vn_buf_drop(buf, VN_DROP_KERNEL_TX_ERROR);
		}
	}
}

static void flush_all(struct vn_tap *tap)
{
	for (unsigned i = 0; i < tap->n_queues; i++)
		flush_queue(tap, &tap->q[i]);
}

static void flush_timer_fn(struct vn_timer *t, vn_time now)
{
	(void)now;
	flush_all(container_of(t, struct vn_tap, flush_timer));
}

/* The queue for @buf: a hash of its flow, so a flow keeps its order. */
static unsigned pick_queue(const struct vn_tap *tap, const struct vn_buf *buf)
{
	const uint8_t *p = buf->data;
	uint64_t key;

	if (tap->n_queues == 1)
		return 0;
	key = vn_mac_to_u64(p) ^ vn_mac_to_u64(p + VN_ETH_SRC) << 16;
	if (vn_eth_type(p) == VN_ETH_P_IP &&
	    buf->len >= VN_ETH_HLEN + VN_IPV4_HLEN) {
		const uint8_t *ip = p + VN_ETH_HLEN;
		uint32_t hl = vn_ipv4_hlen(ip);

		key = (uint64_t)vn_ipv4_src(ip) << 32 ^ vn_ipv4_dst(ip) ^
		      (uint64_t)vn_ipv4_proto(ip) << 8;
		if (!vn_ipv4_is_fragment(ip) &&
		    buf->len >= VN_ETH_HLEN + hl + 4 &&
		    (vn_ipv4_proto(ip) == VN_IPPROTO_TCP ||
		     vn_ipv4_proto(ip) == VN_IPPROTO_UDP))
			key ^= (uint64_t)vn_load_be32(ip + hl) << 16;
	}
	return vn_hash_u64(key, tap_env(tap)->hash_seed) % tap->n_queues;
}

static int tap_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_tap *tap = to_tap(dev);
	struct tap_queue *q = &tap->q[pick_queue(tap, buf)];

	if (unlikely(q->dead)) {
		vn_buf_drop(buf, VN_DROP_KERNEL_DOWN);
		return VN_DROP_KERNEL_DOWN;
	}
	vn_bufq_push(&q->txq, buf);
	if (q->txq.len >= BURST)
		flush_queue(tap, q);
	else if (!vn_timer_armed(&tap->flush_timer))
		vn_env_timer_arm(tap_env(tap), &tap->flush_timer,
				 vn_env_now(tap_env(tap)));
	return 0;
}

/* --- control ------------------------------------------------------------ */

static void set_kernel_carrier(struct vn_tap *tap, bool on)
{
	int v = on;

	/* Best effort: kernels before 5.0 have no TUNSETCARRIER. */
	if (!tap->q[0].dead && ioctl(tap->q[0].watch.fd, TUNSETCARRIER, &v))
		return;
}

static int tap_open(struct vn_dev *dev, struct vn_err *err)
{
	(void)err;
	set_kernel_carrier(to_tap(dev), true);
	return 0;
}

static void tap_stop(struct vn_dev *dev)
{
	struct vn_tap *tap = to_tap(dev);

	for (unsigned i = 0; i < tap->n_queues; i++)
		vn_bufq_purge(&tap->q[i].txq, VN_DROP_DEV_DOWN);
	if (tap->q[0].watch.fd >= 0)
		set_kernel_carrier(tap, false);
}

static void tap_uninit(struct vn_dev *dev)
{
	struct vn_tap *tap = to_tap(dev);

	vn_env_timer_cancel(tap_env(tap), &tap->flush_timer);
	for (unsigned i = 0; i < tap->n_queues; i++) {
		struct tap_queue *q = &tap->q[i];

		vn_poller_unwatch(&tap_env(tap)->poller, &q->watch);
		vn_bufq_purge(&q->txq, VN_DROP_DEV_DELETED);
		if (q->spare)
			vn_buf_free(q->spare);
		q->spare = NULL;
		/* Closing the last queue removes the kernel side. */
		close(q->watch.fd);
		q->watch.fd = -1;
		q->dead = true;
	}
	vn_knetns_put(tap->knetns);
	tap->knetns = NULL;
}

static void tap_destroy(struct vn_dev *dev)
{
	free(to_tap(dev));
}

static const struct vn_dev_ops tap_ops = {
	.kind = "tun",
	.open = tap_open,
	.stop = tap_stop,
	.xmit = tap_xmit,
	.uninit = tap_uninit,
	.destroy = tap_destroy,
};

/* The vnet end of a veth whose peer is a TAP in a kernel namespace. */
static const struct vn_dev_ops tap_veth_ops = {
	.kind = "veth",
	.open = tap_open,
	.stop = tap_stop,
	.xmit = tap_xmit,
	.uninit = tap_uninit,
	.destroy = tap_destroy,
};

bool vn_dev_is_tap(const struct vn_dev *dev)
{
	return dev->ops == &tap_ops || dev->ops == &tap_veth_ops;
}

void vn_tap_get_info(const struct vn_dev *dev, struct vn_tap_info *info)
{
	const struct vn_tap *tap = to_tap(dev);

	memset(info, 0, sizeof(*info));
	memcpy(info->kname, tap->kname, sizeof(info->kname));
	info->kifindex = tap->kifindex;
	info->knetns = tap->knetns ? tap->knetns->label : "";
	info->n_queues = tap->n_queues;
	info->multi_queue = tap->multi_queue;
	info->offload = tap->offload;
	info->veth = tap->veth;
	info->n_rx_frames = tap->n_rx_frames;
	info->n_rx_calls = tap->n_rx_calls;
	info->n_rx_bursts = tap->n_rx_bursts;
	info->n_tx_frames = tap->n_tx_frames;
	info->n_tx_calls = tap->n_tx_calls;
	info->n_tx_flushes = tap->n_tx_flushes;
}

struct vn_knetns *vn_tap_knetns(const struct vn_dev *dev)
{
	return to_tap(dev)->knetns;
}

/* --- creation: in a child inside the kernel namespace ------------------- */

struct open_arg {
	const struct vn_tap_config *cfg;
	const char *kname;
};

static int fail(char *msg, size_t size, int rc, const char *what,
		const char *kname)
{
	/* EACCES: /dev/net/tun itself is root's only (mode 0600). */
	if (rc == -EPERM ||
	    (rc == -EACCES && !strcmp(what, "open /dev/net/tun")))
		snprintf(msg, size,
			 "%s: creating a kernel TAP device needs CAP_NET_ADMIN (run as root)",
			 kname);
	else if (rc == -EBUSY)
		snprintf(msg, size,
			 "%s: a kernel device of that name exists already",
			 kname);
	else
		snprintf(msg, size, "%s: %s: %s", kname, what, strerror(-rc));
	return rc;
}

static int open_queue(const struct open_arg *a, bool first, int *fdp,
		      unsigned *offloads, char *msg, size_t size)
{
	const struct vn_tap_config *cfg = a->cfg;
	struct ifreq ifr;
	int fd, hdr = VN_VNET_HDR_LEN;

	fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == EACCES && cfg->knetns->userfd >= 0) {
		/*
		 * Root of our own user namespace, but the device node's mode
		 * is checked against the real uid: rootless TAPs need it
		 * crw-rw-rw- as udev makes it (pasta needs the same).
		 */
		snprintf(msg, size,
			 "%s: /dev/net/tun is not open to uid %u: a rootless kernel namespace needs it readable and writable by all (mode 0666, as udev sets it)",
			 a->kname, (unsigned)cfg->knetns->owner_uid);
		return -EACCES;
	}
	if (fd < 0)
		return fail(msg, size, -errno, "open /dev/net/tun", a->kname);
	*fdp = fd;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", a->kname);
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_NO_CARRIER;
	if (first)
		ifr.ifr_flags |= IFF_TUN_EXCL;
	if (cfg->offload)
		ifr.ifr_flags |= IFF_VNET_HDR;
	if (cfg->multi_queue)
		ifr.ifr_flags |= IFF_MULTI_QUEUE;
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		return fail(msg, size, -errno, "TUNSETIFF", a->kname);
	if (!cfg->offload)
		return 0;
	if (ioctl(fd, TUNSETVNETHDRSZ, &hdr) < 0)
		return fail(msg, size, -errno, "TUNSETVNETHDRSZ", a->kname);
	*offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN |
		    TUN_F_USO4 | TUN_F_USO6;
	if (ioctl(fd, TUNSETOFFLOAD, *offloads) < 0) {
		*offloads &= ~(unsigned)(TUN_F_USO4 | TUN_F_USO6);
		if (ioctl(fd, TUNSETOFFLOAD, *offloads) < 0)
			return fail(msg, size, -errno, "TUNSETOFFLOAD",
				    a->kname);
	}
	return 0;
}

/* Address and MTU of the kernel side, through a socket in its namespace. */
static int configure(const struct open_arg *a, int fd, char *msg,
		     size_t size)
{
	const struct vn_tap_config *cfg = a->cfg;
	struct ifreq ifr;
	int s, rc = 0;

	if (cfg->has_kmac) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, IFNAMSIZ, "%s", a->kname);
		ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
		memcpy(ifr.ifr_hwaddr.sa_data, cfg->kmac, 6);
		if (ioctl(fd, SIOCSIFHWADDR, &ifr) < 0)
			return fail(msg, size, -errno, "set address",
				    a->kname);
	}
	if (!cfg->kmtu)
		return 0;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return fail(msg, size, -errno, "socket", a->kname);
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", a->kname);
	ifr.ifr_mtu = (int)cfg->kmtu;
	if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
		rc = fail(msg, size, -errno, "set mtu", a->kname);
	close(s);
	return rc;
}

static int open_child(void *varg, int *fds, unsigned *n_fds, char *msg,
		      size_t size)
{
	const struct open_arg *a = varg;
	unsigned offloads = 0;
	int rc = 0;

	for (unsigned i = 0; i < a->cfg->n_queues && !rc; i++) {
		fds[i] = -1;
		rc = open_queue(a, i == 0, &fds[i], &offloads, msg, size);
		*n_fds = i + 1;
	}
	if (!rc)
		rc = configure(a, fds[0], msg, size);
	if (rc) {
		for (unsigned i = 0; i < *n_fds; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		*n_fds = 0;
		return rc;
	}
	snprintf(msg, size, "%u %u", if_nametoindex(a->kname), offloads);
	return 0;
}

int vn_tap_create(struct vn_devspace *space, const char *name,
		  const struct vn_tap_config *cfg, struct vn_dev **out,
		  struct vn_err *err)
{
	struct open_arg a = { .cfg = cfg, .kname = cfg->kname ? cfg->kname : name };
	int fds[VN_TAP_MAX_QUEUES];
	unsigned n_fds, kifindex = 0, offloads = 0;
	char reply[64] = "";
	struct vn_tap *tap;
	int rc;

	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (!vn_dev_name_valid(a.kname))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  a.kname);
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	if (cfg->n_queues < 1 || cfg->n_queues > VN_TAP_MAX_QUEUES ||
	    (cfg->n_queues > 1 && !cfg->multi_queue))
		return vn_err_set(err, -EINVAL,
				  "%s: between 1 and %u queues, more than one with multi_queue",
				  name, VN_TAP_MAX_QUEUES);
	tap = calloc(1, sizeof(*tap));
	if (!tap)
		return vn_err_rtnl(err, -ENOMEM);
	rc = vn_knetns_call(cfg->knetns, open_child, &a, fds, VN_TAP_MAX_QUEUES,
			    &n_fds, reply, sizeof(reply), err);
	if (rc) {
		free(tap);
		return rc;
	}
	sscanf(reply, "%u %u", &kifindex, &offloads);
	vn_dev_setup(&tap->dev, space->env, cfg->veth ? &tap_veth_ops : &tap_ops,
		     name);
	snprintf(tap->kname, sizeof(tap->kname), "%s", a.kname);
	tap->kifindex = (int)kifindex;
	tap->knetns = vn_knetns_get(cfg->knetns);
	tap->n_queues = n_fds;
	tap->multi_queue = cfg->multi_queue;
	tap->offload = cfg->offload;
	tap->veth = cfg->veth;
	tap->hdr_len = cfg->offload ? VN_VNET_HDR_LEN : 0;
	if (cfg->offload) {
		tap->dev.features = VN_DEV_F_CSUM | VN_DEV_F_TSO4 |
				    VN_DEV_F_TSO6 | VN_DEV_F_TSO_ECN;
		if (offloads & TUN_F_USO4)
			tap->dev.features |= VN_DEV_F_USO;
	}
	tap->dev.carrier = true;
	vn_timer_init(&tap->flush_timer, flush_timer_fn);
	for (unsigned i = 0; i < n_fds; i++) {
		struct tap_queue *q = &tap->q[i];

		q->tap = tap;
		vn_bufq_init(&q->txq);
		q->watch.fd = fds[i];
		q->watch.events = EPOLLIN;
		q->watch.fn = tap_rx;
	}
	rc = vn_dev_register(space, &tap->dev, 0, err);
	VN_ASSERT(rc == 0);	/* the name was checked above */
	for (unsigned i = 0; i < n_fds; i++)
		if (vn_poller_watch(&space->env->poller, &tap->q[i].watch))
			tap->q[i].dead = true;
	*out = &tap->dev;
	return 0;
}
