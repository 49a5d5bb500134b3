/* SPDX-License-Identifier: MIT */
/*
 * app/common.h - what the built-in applications share: addresses, sizes,
 * a checksum and a test pattern, clock formatting, URLs, HTTP message
 * heads, a byte queue for stream sockets and a tiny intrusive list.
 *
 * Written, like the applications, only against the public API
 * (include/vnet/).  Everything here is plain data processing: nothing
 * blocks, nothing keeps global state.
 */
#ifndef VN_APP_COMMON_H
#define VN_APP_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vnet/job.h"
#include "vnet/socket.h"

#define VN_APP_NS_PER_MS 1000000LL
#define VN_APP_NS_PER_SEC 1000000000LL

/* "255.255.255.255" and its NUL. */
#define VN_APP_ADDR_LEN 16

/* --- addresses, numbers ------------------------------------------------ */

/* A dotted quad (inet_pton's strict form) into host order: 0 or -EINVAL. */
int vn_app_parse_addr(const char *s, uint32_t *addr);
/* @addr (host order) as a dotted quad in @buf; returns @buf. */
char *vn_app_format_addr(uint32_t addr, char buf[VN_APP_ADDR_LEN]);

/*
 * vn_app_parse_size() - a byte count with an optional binary suffix
 * @s: "1500", "64K", "10M", "2G", "1T" (either case; K = 1024)
 *
 * Return: 0 with *@out set, or -EINVAL (empty, garbage, overflow).
 */
int vn_app_parse_size(const char *s, uint64_t *out);

/*
 * vn_app_parse_rate() - a rate in bits per second, decimal suffixes
 * @s: "100", "1.5K", "10M", "1G" (K = 1000), as iperf3's unit_atof_rate
 *
 * Return: 0 with *@out set, or -EINVAL.
 */
int vn_app_parse_rate(const char *s, double *out);

/*
 * vn_app_unit_format() - iperf3's unit_snprintf(): @n bytes shown in the
 * unit that keeps at most four digits.
 * @fmt: 'A' adaptive bytes (KByte = 1024), 'a' adaptive bits (Kbit =
 *       1000); 'K','M','G' / 'k','m','g' fixed units.
 */
void vn_app_unit_format(char *buf, size_t size, double n, char fmt);

/* --- checksum and test pattern ---------------------------------------- */

#define VN_APP_FNV_INIT 0xcbf29ce484222325ULL

/* 64-bit FNV-1a of @len bytes, continuing from @h (VN_APP_FNV_INIT). */
uint64_t vn_app_fnv1a(uint64_t h, const void *data, size_t len);

/*
 * vn_app_pattern() - bytes [@offset, @offset + @len) of the test stream.
 *
 * The stream is deterministic and has no short period (each 8-byte word
 * is a hash of its index), so a lost, duplicated or reordered piece
 * changes the checksum of what arrives.
 */
void vn_app_pattern(uint8_t *buf, uint64_t offset, size_t len);

/* --- time ---------------------------------------------------------------- */

/*
 * vn_app_wall_time() - the wall-clock second of engine time @now_ns.
 *
 * On virtual time the engine's 0 is 2026-01-01 00:00:00 UTC, as captures
 * print it (base/clock.c); on real time it is the host's clock.
 */
int64_t vn_app_wall_time(const struct vn_job *job, int64_t now_ns);
/* RFC 9110 IMF-fixdate: "Thu, 01 Jan 2026 00:00:00 GMT". */
void vn_app_http_date(int64_t sec, char *buf, size_t size);
/* Common log format: "01/Jan/2026:00:00:00 +0000". */
void vn_app_clf_date(int64_t sec, char *buf, size_t size);

/* --- URLs ---------------------------------------------------------------- */

#define VN_APP_URL_MAX 2048

struct vn_app_url {
	char scheme[16];
	char host[256];		/* as written (an IPv4 address to be useful) */
	uint32_t addr;		/* host order, once resolved */
	uint16_t port;
	bool port_given;
	char target[VN_APP_URL_MAX];	/* path and query, at least "/" */
};

/*
 * vn_app_url_parse() - split an http URL as curl 7.88 does
 * @url: "http://10.0.0.1:8080/x?y", "10.0.0.1/x" (scheme defaults to http)
 *
 * Return: 0 (parsed, scheme "http", @u->addr set), or the curl exit code
 * of the failure: 1 (another scheme: @u->scheme names it), 3 (malformed:
 * bad port, spaces, empty host), 6 (a name that is not an IPv4 address:
 * vnet resolves no names; @u->host holds it).
 */
int vn_app_url_parse(const char *url, struct vn_app_url *u);

/* --- HTTP/1.x message heads ------------------------------------------- */

#define VN_APP_HTTP_MAX_HEADERS 64

struct vn_app_http_field {
	const char *name;
	const char *value;	/* leading and trailing blanks removed */
};

struct vn_app_http_head {
	/* Request: method, target, version.  Response: version, status,
	 * reason.  Pointers into the buffer given to the parser. */
	const char *method;
	const char *target;
	const char *version;
	int status;
	const char *reason;
	int minor;		/* HTTP/1.<minor> */
	int n_fields;
	struct vn_app_http_field fields[VN_APP_HTTP_MAX_HEADERS];
};

/*
 * vn_app_http_head_len() - where a message head ends
 *
 * Return: the length of the head including its empty line ("\r\n\r\n",
 * or bare "\n\n" as servers tolerate), or 0 if it is not complete in
 * [@buf, @buf + @len).
 */
size_t vn_app_http_head_len(const char *buf, size_t len);

/*
 * vn_app_http_parse_request() - parse a request head in place
 * @buf: the head (vn_app_http_head_len() bytes); NULs are written into it
 *
 * Return: 0, -EINVAL for a malformed head (400), -E2BIG for more than
 * VN_APP_HTTP_MAX_HEADERS fields (431), -EPROTONOSUPPORT for a version
 * other than HTTP/1.x (505).
 */
int vn_app_http_parse_request(char *buf, size_t len,
			      struct vn_app_http_head *h);
/* The same for a response head; -EINVAL if it is not "HTTP/1.x NNN". */
int vn_app_http_parse_response(char *buf, size_t len,
			       struct vn_app_http_head *h);
/* A field's value by case-insensitive name, or NULL. */
const char *vn_app_http_field(const struct vn_app_http_head *h,
			      const char *name);
/* Does a comma-separated field value hold @token (case-insensitive)? */
bool vn_app_http_has_token(const char *value, const char *token);

/* --- a byte queue for stream sockets ---------------------------------- */

/*
 * Bytes waiting to be sent on a TCP socket.  Grows on demand up to
 * @max_size; vn_app_bytes_flush() sends what the socket takes and keeps
 * the rest for the next VN_POLLOUT.
 */
struct vn_app_bytes {
	uint8_t *data;
	size_t off;		/* first unsent byte */
	size_t len;		/* end of queued bytes */
	size_t size;
	size_t max_size;
};

void vn_app_bytes_init(struct vn_app_bytes *b, size_t max_size);
void vn_app_bytes_fini(struct vn_app_bytes *b);
static inline size_t vn_app_bytes_pending(const struct vn_app_bytes *b)
{
	return b->len - b->off;
}
/* Return: 0, or -ENOBUFS if @len more would pass max_size (nothing added). */
int vn_app_bytes_add(struct vn_app_bytes *b, const void *data, size_t len);
int vn_app_bytes_printf(struct vn_app_bytes *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Return: bytes still pending (0: all sent), or the socket's negative
 * errno other than -EAGAIN.
 */
ssize_t vn_app_bytes_flush(struct vn_app_bytes *b, struct vn_sock *sock);

/* --- an intrusive list ------------------------------------------------- */

/* Doubly linked and circular; a node not on a list points to itself. */
struct vn_app_list {
	struct vn_app_list *prev, *next;
};

static inline void vn_app_list_init(struct vn_app_list *l)
{
	l->prev = l->next = l;
}

static inline bool vn_app_list_empty(const struct vn_app_list *l)
{
	return l->next == l;
}

static inline void vn_app_list_remove(struct vn_app_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	vn_app_list_init(n);
}

static inline void vn_app_list_push_back(struct vn_app_list *l,
					 struct vn_app_list *n)
{
	n->prev = l->prev;
	n->next = l;
	l->prev->next = n;
	l->prev = n;
}

#define vn_app_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* --- option parsing ------------------------------------------------------ */

struct vn_app_longopt {
	const char *name;	/* without the leading "--" */
	bool has_arg;
	int val;		/* returned by vn_app_getopt() */
};

/*
 * getopt_long() as glibc does it, for a job's argv: short options may be
 * clustered ("-lvp 80", "-p80"), long ones take "--name VALUE" or
 * "--name=VALUE", operands may come between options (they are collected,
 * in order, into @operands), and "--" ends the options.
 */
struct vn_app_getopt {
	int argc;
	char **argv;
	int ind;		/* next argv element */
	int pos;		/* inside a cluster of short options */
	const char *arg;	/* the current option's argument */
	int opt;		/* the offending option for '?' and ':' */
	const char *name;	/* the offending long option, or NULL */
	int n_operands;
	char **operands;	/* argc entries, owned (free()) */
};

/*
 * A private copy of a job's argv (which belongs to the caller, see
 * cmd/commands.h), for an application that keeps pointers into it while
 * it runs.  Return: the copy (free with vn_app_argv_free()) or NULL.
 */
char **vn_app_argv_dup(int argc, char **argv);
void vn_app_argv_free(char **argv);

/* Return: 0, or -ENOMEM. */
int vn_app_getopt_init(struct vn_app_getopt *g, int argc, char **argv);
void vn_app_getopt_fini(struct vn_app_getopt *g);
/*
 * Return: the option character (or a long option's val), '?' for an
 * unknown option, ':' for a missing argument (g->opt / g->name say
 * which), or -1 once every element has been seen.
 */
int vn_app_getopt_next(struct vn_app_getopt *g, const char *shortopts,
		       const struct vn_app_longopt *longopts);

/* --- well-known service names ------------------------------------------ */

/* Debian netbase's name for @port over "tcp"/"udp", or NULL. */
const char *vn_app_service_name(uint16_t port, bool udp);

#endif
