// SPDX-License-Identifier: MIT
/*
 * dev/afpacket.c - an existing kernel interface as a vnet device, through
 * an AF_PACKET socket (net/packet/af_packet.c) with a TPACKET_V3 ring.
 *
 * Where it sits: a driver at the kernel boundary, like dev/tap.c, but on
 * an interface that exists already (a NIC, one end of a kernel veth): the
 * vnet device is that interface as a bridge port would see it.  Attach
 * two of them to a vnet bridge and vnet bridges two real interfaces.
 *
 * Theory of operation.
 *   Receive: the kernel fills a memory-mapped ring of blocks
 *   (TPACKET_V3); a block is ours when its status says TP_STATUS_USER,
 *   either full or retired by the kernel's 1 ms block timer.  One wakeup
 *   walks every ready block, copies each frame into a vnet buffer (the
 *   block goes back to the kernel at once) and receives it: one system
 *   call (epoll) per wakeup, none per frame.  The virtio-net header in
 *   front of each frame (PACKET_VNET_HDR) carries the partial checksum
 *   and GSO metadata of what the kernel holds (a local sender's 64 KiB
 *   TCP segments on a veth); a VLAN tag the kernel took off (rx VLAN
 *   offload, TP_STATUS_VLAN_VALID) is put back in the frame, as a packet
 *   socket user must.  PACKET_IGNORE_OUTGOING keeps what we send from
 *   coming back: a bridge port only receives.
 *   Transmit: frames wait in a queue and leave with sendmmsg(), up to
 *   BURST per call, when BURST are waiting or the engine has settled this
 *   instant; each with its virtio-net header, so offloaded frames go out
 *   whole and the kernel finishes them (PACKET_QDISC_BYPASS skips the
 *   interface's qdisc, as a NIC driver behind a bridge would not).
 * Limits: frames longer than a ring block are truncated by the kernel and
 * dropped here (rx_length_errors); the interface's carrier and MTU are not
 * followed after creation.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dev/afpacket.h"
#include "dev/gso.h"
#include "dev/vnet_hdr.h"
#include "kernel/knetns.h"
#include "wire/eth.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define BURST 64
#define RX_BUDGET 1024
#define DEFAULT_BLOCK_SIZE (1u << 20)
#define DEFAULT_BLOCKS 16
#define FRAME_SIZE 2048		/* V3 ignores it but for the arithmetic */

struct vn_afpacket {
	struct vn_dev dev;
	struct vn_knetns *knetns;
	char ifname[VN_IFNAMSIZ];
	int kifindex;
	struct vn_fd_watch watch;
	uint8_t *ring;
	size_t ring_size;
	uint32_t block_size, n_blocks, next_block;
	struct vn_bufq txq;
	struct vn_timer flush_timer;
	uint64_t n_rx_frames, n_rx_blocks, n_rx_wakeups, n_rx_truncated;
	uint64_t n_tx_frames, n_tx_calls;
};

static struct vn_afpacket *to_afp(const struct vn_dev *dev)
{
	return container_of(dev, struct vn_afpacket, dev);
}

static struct vn_env *afp_env(const struct vn_afpacket *afp)
{
	return afp->dev.space->env;
}

/* --- receive --------------------------------------------------------------- */

/* Puts back the 802.1Q tag rx VLAN offload took off.  0 or a drop reason. */
static int put_back_vlan(struct vn_buf *buf, const struct tpacket3_hdr *h)
{
	uint16_t tpid = (h->tp_status & TP_STATUS_VLAN_TPID_VALID) &&
				h->hv1.tp_vlan_tpid ?
			h->hv1.tp_vlan_tpid :
			VN_ETH_P_8021Q;
	uint8_t *p;

	if (vn_buf_headroom(buf) < 4)
		return VN_DROP_NOMEM;
	p = vn_buf_push(buf, 4);
	memmove(p, p + 4, 2 * VN_ETH_ALEN);
	vn_store_be16(p + 12, tpid);
	vn_store_be16(p + 14, h->hv1.tp_vlan_tci);
	/* csum_start counts from the block: L3 and L4 did not move. */
	return 0;
}

/* One frame of a ready block into a vnet buffer, or NULL (counted). */
static struct vn_buf *take(struct vn_afpacket *afp,
			   const struct tpacket3_hdr *h)
{
	const uint8_t *frame = (const uint8_t *)h + h->tp_mac;
	uint32_t len = h->tp_snaplen;
	struct vn_buf *buf;

	if (h->tp_snaplen < h->tp_len || len < VN_ETH_HLEN) {
		afp->n_rx_truncated++;
		afp->dev.stats.rx_length_errors++;
		afp->dev.stats.rx_errors++;
		return NULL;
	}
	buf = vn_buf_alloc(afp_env(afp)->pool, len + 4);
	if (!buf) {
		afp->dev.stats.rx_dropped++;
		return NULL;
	}
	memcpy(vn_buf_put(buf, len), frame, len);
	/* The header sits right before the frame (tpacket_rcv()). */
	if (vn_vnet_hdr_parse(frame - VN_VNET_HDR_SHORT, buf) ||
	    ((h->tp_status & TP_STATUS_VLAN_VALID) &&
	     put_back_vlan(buf, h))) {
		afp->dev.stats.rx_errors++;
		vn_dev_drop_rx(&afp->dev, buf, VN_DROP_OFFLOAD_BAD);
		return NULL;
	}
	return buf;
}

static void afp_rx(struct vn_fd_watch *w, uint32_t revents)
{
	struct vn_afpacket *afp = container_of(w, struct vn_afpacket, watch);
	unsigned budget = RX_BUDGET;

	(void)revents;
	afp->n_rx_wakeups++;
	while (budget) {
		struct tpacket_block_desc *bd = (struct tpacket_block_desc *)(
			afp->ring + (size_t)afp->next_block * afp->block_size);
		const uint8_t *p;
		uint32_t n;

		if (!(__atomic_load_n(&bd->hdr.bh1.block_status,
				      __ATOMIC_ACQUIRE) & TP_STATUS_USER))
			break;
		n = bd->hdr.bh1.num_pkts;
		p = (const uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt;
		for (uint32_t i = 0; i < n; i++) {
			const struct tpacket3_hdr *h =
				(const struct tpacket3_hdr *)p;
			struct vn_buf *buf = take(afp, h);

			if (buf) {
				afp->n_rx_frames++;
				vn_dev_receive(&afp->dev, buf);
			}
			p += h->tp_next_offset;
		}
		afp->n_rx_blocks++;
		budget = budget > n ? budget - n : 0;
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL,
				 __ATOMIC_RELEASE);
		afp->next_block = (afp->next_block + 1) % afp->n_blocks;
	}
}

/* --- transmit -------------------------------------------------------------- */

static void flush(struct vn_afpacket *afp)
{
	struct mmsghdr msgs[BURST];
	struct iovec iov[BURST][2];
	uint8_t hdrs[BURST][VN_VNET_HDR_SHORT];
	struct vn_buf *bufs[BURST];

	while (afp->txq.len) {
		unsigned n = 0, sent = 0;

		while (n < BURST && (bufs[n] = vn_bufq_pop(&afp->txq))) {
			vn_vnet_hdr_emit(hdrs[n], VN_VNET_HDR_SHORT, bufs[n]);
			iov[n][0].iov_base = hdrs[n];
			iov[n][0].iov_len = VN_VNET_HDR_SHORT;
			iov[n][1].iov_base = bufs[n]->data;
			iov[n][1].iov_len = bufs[n]->len;
			memset(&msgs[n], 0, sizeof(msgs[n]));
			msgs[n].msg_hdr.msg_iov = iov[n];
			msgs[n].msg_hdr.msg_iovlen = 2;
			n++;
		}
		while (sent < n) {
			int r = sendmmsg(afp->watch.fd, msgs + sent, n - sent,
					 MSG_DONTWAIT);

			afp->n_tx_calls++;
			if (r > 0) {
				for (int i = 0; i < r; i++)
					vn_buf_free(bufs[sent + i]);
				afp->n_tx_frames += (uint64_t)r;
				sent += (unsigned)r;
				continue;
			}
			if (r < 0 && errno == EINTR)
				continue;
			/* The first of the rest failed: drop it, go on. */
			afp->dev.stats.tx_errors++;
			if (r < 0 && (errno == ENETDOWN || errno == ENXIO)) {
				afp->dev.stats.tx_carrier++;
				vn_buf_drop(bufs[sent], VN_DROP_KERNEL_DOWN);
			} else {
				vn_buf_drop(bufs[sent], VN_DROP_KERNEL_TX_ERROR);
			}
			sent++;
		}
	}
}

static void flush_timer_fn(struct vn_timer *t, vn_time now)
{
	(void)now;
	flush(container_of(t, struct vn_afpacket, flush_timer));
}

static int afp_xmit(struct vn_dev *dev, struct vn_buf *buf)
{
	struct vn_afpacket *afp = to_afp(dev);

	vn_bufq_push(&afp->txq, buf);
	if (afp->txq.len >= BURST)
		flush(afp);
	else if (!vn_timer_armed(&afp->flush_timer))
		vn_env_timer_arm(afp_env(afp), &afp->flush_timer,
				 vn_env_now(afp_env(afp)));
	return 0;
}

/* --- control -------------------------------------------------------------- */

static void afp_stop(struct vn_dev *dev)
{
	vn_bufq_purge(&to_afp(dev)->txq, VN_DROP_DEV_DOWN);
}

static void afp_uninit(struct vn_dev *dev)
{
	struct vn_afpacket *afp = to_afp(dev);

	vn_env_timer_cancel(afp_env(afp), &afp->flush_timer);
	vn_poller_unwatch(&afp_env(afp)->poller, &afp->watch);
	vn_bufq_purge(&afp->txq, VN_DROP_DEV_DELETED);
	if (afp->ring)
		munmap(afp->ring, afp->ring_size);
	afp->ring = NULL;
	/* Closing the socket ends the promiscuous membership too. */
	close(afp->watch.fd);
	afp->watch.fd = -1;
	vn_knetns_put(afp->knetns);
	afp->knetns = NULL;
}

static void afp_destroy(struct vn_dev *dev)
{
	free(to_afp(dev));
}

static const struct vn_dev_ops afp_ops = {
	.kind = "afpacket",
	.stop = afp_stop,
	.xmit = afp_xmit,
	.uninit = afp_uninit,
	.destroy = afp_destroy,
};

bool vn_dev_is_afpacket(const struct vn_dev *dev)
{
	return dev->ops == &afp_ops;
}

struct vn_knetns *vn_afpacket_knetns(const struct vn_dev *dev)
{
	return to_afp(dev)->knetns;
}

void vn_afpacket_get_info(const struct vn_dev *dev,
			  struct vn_afpacket_info *info)
{
	const struct vn_afpacket *afp = to_afp(dev);

	memset(info, 0, sizeof(*info));
	memcpy(info->ifname, afp->ifname, sizeof(info->ifname));
	info->kifindex = afp->kifindex;
	info->knetns = afp->knetns ? afp->knetns->label : "";
	info->block_size = afp->block_size;
	info->n_blocks = afp->n_blocks;
	info->vnet_hdr = true;
	info->n_rx_frames = afp->n_rx_frames;
	info->n_rx_blocks = afp->n_rx_blocks;
	info->n_rx_wakeups = afp->n_rx_wakeups;
	info->n_rx_truncated = afp->n_rx_truncated;
	info->n_tx_frames = afp->n_tx_frames;
	info->n_tx_calls = afp->n_tx_calls;
}

/* --- creation: the socket is opened inside the kernel namespace ---------- */

struct open_arg {
	const char *ifname;
	uint32_t block_size, n_blocks;
};

static int fail(char *msg, size_t size, int rc, const char *what,
		const char *ifname)
{
	if (rc == -ENODEV)
		snprintf(msg, size, "Cannot find device \"%s\"", ifname);
	else if (rc == -EPERM)
		snprintf(msg, size,
			 "%s: attaching a kernel interface needs CAP_NET_RAW (run as root)",
			 ifname);
	else
		snprintf(msg, size, "%s: %s: %s", ifname, what, strerror(-rc));
	return rc;
}

static int setopt(int fd, int opt, const void *v, socklen_t len)
{
	return setsockopt(fd, SOL_PACKET, opt, v, len) < 0 ? -errno : 0;
}

static int open_child(void *varg, int *fds, unsigned *n_fds, char *msg,
		      size_t size)
{
	const struct open_arg *a = varg;
	struct tpacket_req3 req;
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	struct ifreq ifr;
	int fd, one = 1, v3 = TPACKET_V3, rc;
	unsigned ifindex = if_nametoindex(a->ifname);
	uint8_t mac[6];

	if (!ifindex)
		return fail(msg, size, -ENODEV, "", a->ifname);
	/* Protocol 0: nothing is queued before the ring and bind are set. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return fail(msg, size, -errno, "socket", a->ifname);
	memset(&req, 0, sizeof(req));
	req.tp_block_size = a->block_size;
	req.tp_block_nr = a->n_blocks;
	req.tp_frame_size = FRAME_SIZE;
	req.tp_frame_nr = a->block_size / FRAME_SIZE * a->n_blocks;
	req.tp_retire_blk_tov = 1;	/* ms: latency for light traffic */
	if ((rc = setopt(fd, PACKET_VNET_HDR, &one, sizeof(one))) ||
	    (rc = setopt(fd, PACKET_VERSION, &v3, sizeof(v3))) ||
	    (rc = setopt(fd, PACKET_RX_RING, &req, sizeof(req))) ||
	    (rc = setopt(fd, PACKET_IGNORE_OUTGOING, &one, sizeof(one))) ||
	    (rc = setopt(fd, PACKET_QDISC_BYPASS, &one, sizeof(one)))) {
		close(fd);
		return fail(msg, size, rc, "setsockopt", a->ifname);
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		rc = -errno;
		close(fd);
		return fail(msg, size, rc, "bind", a->ifname);
	}
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = (int)ifindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if ((rc = setopt(fd, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)))) {
		close(fd);
		return fail(msg, size, rc, "promiscuous mode", a->ifname);
	}
	memset(mac, 0, sizeof(mac));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", a->ifname);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 &&
	    ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	fds[0] = fd;
	*n_fds = 1;
	snprintf(msg, size, "%u %02x:%02x:%02x:%02x:%02x:%02x", ifindex,
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return 0;
}

int vn_afpacket_create(struct vn_devspace *space, const char *name,
		       const struct vn_afpacket_config *cfg,
		       struct vn_dev **out, struct vn_err *err)
{
	struct open_arg a = {
		.ifname = cfg->ifname,
		.block_size = cfg->block_size ? cfg->block_size
					      : DEFAULT_BLOCK_SIZE,
		.n_blocks = cfg->n_blocks ? cfg->n_blocks : DEFAULT_BLOCKS,
	};
	struct vn_afpacket *afp;
	char reply[64] = "", macs[32] = "";
	unsigned n_fds, kifindex = 0;
	uint8_t mac[6];
	int fd, rc;

	if (!vn_dev_name_valid(name))
		return vn_err_set(err, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
				  name);
	if (vn_dev_lookup(space, name))
		return vn_err_rtnl(err, -EEXIST);
	if (a.block_size % 4096 || a.block_size < FRAME_SIZE ||
	    a.n_blocks < 2 || a.n_blocks > 1024)
		return vn_err_set(err, -EINVAL,
				  "%s: the ring needs 2 to 1024 blocks of a multiple of 4096 bytes",
				  name);
	afp = calloc(1, sizeof(*afp));
	if (!afp)
		return vn_err_rtnl(err, -ENOMEM);
	rc = vn_knetns_call(cfg->knetns, open_child, &a, &fd, 1, &n_fds, reply,
			    sizeof(reply), err);
	if (rc) {
		free(afp);
		return rc;
	}
	afp->ring_size = (size_t)a.block_size * a.n_blocks;
	afp->ring = mmap(NULL, afp->ring_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_POPULATE, fd, 0);
	if (afp->ring == MAP_FAILED) {
		rc = -errno;
		close(fd);
		free(afp);
		return vn_err_set(err, rc, "%s: mmap of the ring: %s", name,
				  strerror(-rc));
	}
	vn_dev_setup(&afp->dev, space->env, &afp_ops, name);
	if (sscanf(reply, "%u %31s", &kifindex, macs) == 2 &&
	    !vn_mac_parse(macs, mac) && vn_mac_is_valid(mac)) {
		memcpy(afp->dev.mac, mac, sizeof(mac));
		afp->dev.addr_assign = VN_ADDR_PERM;
	}
	snprintf(afp->ifname, sizeof(afp->ifname), "%s", cfg->ifname);
	afp->kifindex = (int)kifindex;
	afp->knetns = vn_knetns_get(cfg->knetns);
	afp->block_size = a.block_size;
	afp->n_blocks = a.n_blocks;
	afp->dev.features = VN_DEV_F_CSUM | VN_DEV_F_TSO4 | VN_DEV_F_TSO6 |
			    VN_DEV_F_TSO_ECN | VN_DEV_F_USO;
	afp->dev.carrier = true;
	vn_bufq_init(&afp->txq);
	vn_timer_init(&afp->flush_timer, flush_timer_fn);
	afp->watch.fd = fd;
	afp->watch.events = EPOLLIN;
	afp->watch.fn = afp_rx;
	rc = vn_dev_register(space, &afp->dev, 0, err);
	VN_ASSERT(rc == 0);	/* the name was checked above */
	if (vn_poller_watch(&space->env->poller, &afp->watch)) {
		vn_dev_unregister(&afp->dev);
		return vn_err_set(err, -EIO, "%s: cannot watch the socket",
				  name);
	}
	*out = &afp->dev;
	return 0;
}
