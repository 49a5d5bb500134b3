// SPDX-License-Identifier: MIT
/*
 * tool/proto.c - framing between `vnet` clients and the daemon; see
 * proto.h for the frame list.  Both ends use the same reader, so the
 * daemon's defence against a hostile or broken client (bounded frames,
 * known types, payloads checked before use) is also the client's against
 * a confused daemon.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/util.h"
#include "tool/proto.h"

const char *vn_proto_type_name(enum vn_proto_type type)
{
	switch (type) {
#define VN_PROTO_NAME(name, num, desc) \
	case VN_PROTO_##name:          \
		return desc;
		VN_PROTO_TYPES(VN_PROTO_NAME)
#undef VN_PROTO_NAME
	}
	return "unknown";
}

static bool type_known(uint8_t type)
{
	switch (type) {
#define VN_PROTO_KNOWN(name, num, desc) case num:
		VN_PROTO_TYPES(VN_PROTO_KNOWN)
#undef VN_PROTO_KNOWN
		return true;
	}
	return false;
}

void vn_proto_reader_init(struct vn_proto_reader *rd)
{
	rd->start = 0;
	rd->len = 0;
}

long vn_proto_read(struct vn_proto_reader *rd, int fd)
{
	ssize_t n;

	/* Move the unconsumed tail to the front: a frame always fits. */
	if (rd->start) {
		memmove(rd->buf, rd->buf + rd->start, rd->len - rd->start);
		rd->len -= rd->start;
		rd->start = 0;
	}
	if (rd->len == sizeof(rd->buf))
		return -ENOBUFS;	/* unreachable: a frame always fits */
	do
		n = read(fd, rd->buf + rd->len, sizeof(rd->buf) - rd->len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	rd->len += (size_t)n;
	return n;
}

size_t vn_proto_pending(const struct vn_proto_reader *rd)
{
	return rd->len - rd->start;
}

int vn_proto_check(const struct vn_frame *f, char *err, size_t errsize)
{
	switch (f->type) {
	case VN_PROTO_HELLO:
		if (!f->len || f->len > VN_PROTO_HELLO_MAX_LEN)
			goto bad_len;
		for (uint32_t i = 0; i < f->len; i++) {
			if (f->data[i] < 0x20 || f->data[i] > 0x7e) {
				snprintf(err, errsize,
					 "hello frame is not printable text");
				return -EPROTO;
			}
		}
		return 0;
	case VN_PROTO_LINE:
		if (memchr(f->data, '\0', f->len)) {
			snprintf(err, errsize,
				 "command line contains a NUL byte");
			return -EPROTO;
		}
		return 0;
	case VN_PROTO_SIGNAL:
	case VN_PROTO_EXIT:
		if (f->len != 1)
			goto bad_len;
		return 0;
	case VN_PROTO_STDOUT:
	case VN_PROTO_STDERR:
		return 0;
	}
	snprintf(err, errsize, "unknown frame type %d", (int)f->type);
	return -EPROTO;
bad_len:
	snprintf(err, errsize, "%s frame of %u bytes",
		 vn_proto_type_name(f->type), f->len);
	return -EPROTO;
}

int vn_proto_next(struct vn_proto_reader *rd, struct vn_frame *f, char *err,
		  size_t errsize)
{
	const uint8_t *p = rd->buf + rd->start;
	size_t avail = rd->len - rd->start;
	uint32_t len;

	if (avail < VN_PROTO_HDR_LEN)
		return 0;
	/* Refuse a bad header at once, before waiting for its payload. */
	if (!type_known(p[0])) {
		snprintf(err, errsize, "unknown frame type %u", p[0]);
		return -EPROTO;
	}
	len = vn_load_be32(p + 1);
	if (len > VN_PROTO_MAX_LEN) {
		snprintf(err, errsize, "%s frame of %u bytes (at most %u)",
			 vn_proto_type_name(p[0]), len, VN_PROTO_MAX_LEN);
		return -EPROTO;
	}
	if (avail < VN_PROTO_HDR_LEN + (size_t)len)
		return 0;
	f->type = p[0];
	f->data = p + VN_PROTO_HDR_LEN;
	f->len = len;
	if (vn_proto_check(f, err, errsize))
		return -EPROTO;
	rd->start += VN_PROTO_HDR_LEN + len;
	if (rd->start == rd->len)
		rd->start = rd->len = 0;
	return 1;
}

size_t vn_proto_emit(uint8_t *out, enum vn_proto_type type, const void *data,
		     uint32_t len)
{
	VN_ASSERT(len <= VN_PROTO_MAX_LEN);
	out[0] = (uint8_t)type;
	vn_store_be32(out + 1, len);
	if (len)
		memcpy(out + VN_PROTO_HDR_LEN, data, len);
	return VN_PROTO_HDR_LEN + (size_t)len;
}

int vn_proto_send(int fd, enum vn_proto_type type, const void *data,
		  uint32_t len)
{
	uint8_t hdr[VN_PROTO_HDR_LEN];
	const uint8_t *parts[2] = { hdr, data };
	size_t lens[2] = { sizeof(hdr), len };

	hdr[0] = (uint8_t)type;
	vn_store_be32(hdr + 1, len);
	for (int i = 0; i < 2; i++) {
		size_t off = 0;

		while (off < lens[i]) {
			ssize_t n = send(fd, parts[i] + off, lens[i] - off,
					 MSG_NOSIGNAL);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno;
			off += (size_t)n;
		}
	}
	return 0;
}

int vn_proto_check_path(const char *path)
{
	struct sockaddr_un sun;

	if (!*path || strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	return 0;
}

int vn_proto_default_path(char *buf, size_t size)
{
	const char *env = getenv("VNET_SOCKET");
	const char *dir = getenv("XDG_RUNTIME_DIR");
	int n;

	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (dir && *dir)
		n = snprintf(buf, size, "%s/vnet.sock", dir);
	else
		n = snprintf(buf, size, "/tmp/vnet-%u.sock",
			     (unsigned)getuid());
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return vn_proto_check_path(buf);
}

int vn_proto_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int fd, rc;

	if (vn_proto_check_path(path))
		return -ENAMETOOLONG;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	do
		rc = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		goto fail;
	/* A socket in /tmp may be anybody's: only talk to ourselves. */
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0)
		goto fail;
	if (cred.uid != getuid() && cred.uid != 0) {
		close(fd);
		return -EPERM;
	}
	return fd;
fail:
	rc = -errno;
	close(fd);
	return rc;
}

bool vn_proto_signal_allowed(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP ||
	       sig == SIGQUIT || sig == SIGKILL;
}
