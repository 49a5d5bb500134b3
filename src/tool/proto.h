/* SPDX-License-Identifier: MIT */
/*
 * tool/proto.h - the frames between `vnet` clients and `vnet daemon`.
 *
 * A connection is a byte stream of frames: a 5-byte header (type, then the
 * payload length as a big-endian 32-bit number) and the payload.  Payloads
 * are at most VN_PROTO_MAX_LEN bytes; anything longer, an unknown type or a
 * payload of the wrong shape is a protocol error and ends the connection.
 *
 *   client -> daemon            daemon -> client
 *   HELLO "vnet/1 oneshot|shell" HELLO "vnet/1"
 *   LINE  command line text      STDOUT bytes, STDERR bytes
 *   SIGNAL 1 byte (SIGINT ...)   EXIT 1 byte: the line's status (0..255)
 *
 * The client speaks first with HELLO, then sends one LINE at a time and
 * waits for its EXIT; STDOUT and STDERR frames may come at any moment (a
 * background job printing while a shell sits at its prompt).  SIGNAL
 * interrupts the line in progress, as Ctrl-C does in a terminal.
 */
#ifndef VN_TOOL_PROTO_H
#define VN_TOOL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VN_PROTO_VERSION "vnet/1"
#define VN_PROTO_HDR_LEN 5
#define VN_PROTO_MAX_LEN 65536u
#define VN_PROTO_HELLO_MAX_LEN 64u

/* Frame types: name, number, description.  One list for both. */
#define VN_PROTO_TYPES(X)                                  \
	X(HELLO, 1, "hello")                               \
	X(LINE, 2, "command line")                         \
	X(SIGNAL, 3, "signal")                             \
	X(STDOUT, 4, "standard output")                    \
	X(STDERR, 5, "standard error")                     \
	X(EXIT, 6, "exit status")

enum vn_proto_type {
#define VN_PROTO_ENUM(name, num, desc) VN_PROTO_##name = num,
	VN_PROTO_TYPES(VN_PROTO_ENUM)
#undef VN_PROTO_ENUM
};

/* A decoded frame; @data points into the reader's buffer. */
struct vn_frame {
	enum vn_proto_type type;
	const uint8_t *data;
	uint32_t len;
};

/*
 * An incoming byte stream cut into frames.  The buffer holds one whole
 * frame at most, so a peer cannot make the reader grow.
 */
struct vn_proto_reader {
	uint8_t buf[VN_PROTO_HDR_LEN + VN_PROTO_MAX_LEN];
	size_t start;		/* first byte not yet consumed */
	size_t len;		/* bytes in buf */
};

const char *vn_proto_type_name(enum vn_proto_type type);

void vn_proto_reader_init(struct vn_proto_reader *rd);

/**
 * vn_proto_read() - read what the socket has into the reader
 * @fd: a stream socket, blocking or not
 *
 * Return: bytes read (> 0), 0 at end of stream, or a negative errno
 * (-EAGAIN when a non-blocking socket has nothing).
 */
long vn_proto_read(struct vn_proto_reader *rd, int fd);

/**
 * vn_proto_next() - take the next complete frame from the reader
 * @f: filled when a frame is returned; valid until the next vn_proto_read()
 * @err: on -EPROTO, a sentence saying what was wrong
 *
 * Checks the header and, through vn_proto_check(), the payload's shape.
 *
 * Return: 1 with a frame, 0 if more bytes are needed, -EPROTO.
 */
int vn_proto_next(struct vn_proto_reader *rd, struct vn_frame *f, char *err,
		  size_t errsize);

/* Bytes of an incomplete frame left in the reader (0 between frames). */
size_t vn_proto_pending(const struct vn_proto_reader *rd);

/**
 * vn_proto_check() - validate a payload for its type
 *
 * HELLO: 1..64 bytes of printable text; LINE: text without NUL bytes;
 * SIGNAL and EXIT: exactly one byte; STDOUT, STDERR: anything.
 *
 * Return: 0 or -EPROTO with @err set.
 */
int vn_proto_check(const struct vn_frame *f, char *err, size_t errsize);

/**
 * vn_proto_emit() - write a frame header and payload into @out
 * @out: at least VN_PROTO_HDR_LEN + @len bytes
 * @len: at most VN_PROTO_MAX_LEN
 *
 * Return: the frame's length.
 */
size_t vn_proto_emit(uint8_t *out, enum vn_proto_type type, const void *data,
		     uint32_t len);

/* Writes a whole frame to a blocking socket.  Return: 0 or -errno. */
int vn_proto_send(int fd, enum vn_proto_type type, const void *data,
		  uint32_t len);

/*
 * The socket a daemon listens on when no --socket is given:
 * $VNET_SOCKET, else $XDG_RUNTIME_DIR/vnet.sock, else /tmp/vnet-$UID.sock.
 * Return: 0, or -ENAMETOOLONG if it does not fit a Unix socket address.
 */
int vn_proto_default_path(char *buf, size_t size);

/* Checks @path fits in sockaddr_un.  Return: 0 or -ENAMETOOLONG. */
int vn_proto_check_path(const char *path);

/*
 * Connects to the daemon at @path; checks the daemon runs as the same
 * user (or root).  Return: the socket, or -errno (-ENOENT and
 * -ECONNREFUSED: nobody is listening; -EPERM: a daemon of another user).
 */
int vn_proto_connect(const char *path);

/* Parses a SIGNAL payload or produces one; signals a client may send. */
bool vn_proto_signal_allowed(int sig);

#endif
