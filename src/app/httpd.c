// SPDX-License-Identifier: MIT
/*
 * app/httpd.c - a small HTTP/1.1 server (RFC 9110, RFC 9112) for GET and
 * HEAD: a built-in page, or the files of a directory.
 *
 * Theory of operation.  One listening socket and any number of
 * connections, all in this job.  Socket wakeups only put a connection on
 * the "ready" list and arm one zero-delay timer; the timer runs each
 * ready connection's step, so no work happens inside the stack.  A step
 *   1. sends what is queued (the response head and body, files streamed
 *      16 KiB at a time as the socket takes them),
 *   2. once the queue is empty, answers the next complete request in the
 *      input buffer (pipelined requests wait their turn, in order),
 *   3. reads more input.
 * Keep-alive follows RFC 9112 9.3: HTTP/1.1 keeps the connection unless
 * "Connection: close", HTTP/1.0 closes it unless "Connection:
 * keep-alive".  Errors close the connection after the response.
 *
 * Limits (what happens when full): a request head may be 8 KiB
 * (MAX_HEAD; longer: 414 if the request line alone does not fit, else
 * 431) with at most 64 fields (431); a request body (GET with
 * Content-Length) is read and discarded up to 1 MiB (more: 413); a
 * chunked request body gets 501.  Input buffers are allocated only while
 * a request is incomplete and output buffers only while a response is
 * being sent, so an idle connection costs a few hundred bytes.  At most
 * MAX_CONNS connections: beyond that the listener is not serviced and
 * new connections wait in its backlog.  A connection idle for
 * IDLE_TIMEOUT is closed (connections sit on a list in order of last
 * activity; one timer watches the oldest).
 *
 * Files: the target is percent-decoded, stripped of its query, and its
 * "." and ".." segments resolved; a ".." above the root is refused with
 * 400 as nginx does, and a path whose real location (symbolic links
 * followed) is outside the root gets 403.  A directory is served by its
 * index.html (a target without the final "/" is redirected, 301).
 *
 * Every request is logged on standard output in the common log format
 * (unless -q); times are the engine clock's (virtual time starts at
 * 2026-01-01 00:00:00 UTC).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "app/common.h"

#define MAX_HEAD 8192
#define MAX_DISCARD (1 << 20)
#define MAX_OUT (64 * 1024)
#define FILE_CHUNK 16384
#define MAX_CONNS 131072
#define IDLE_TIMEOUT (60 * VN_APP_NS_PER_SEC)
#define READ_CHUNK 4096

struct httpd {
	struct vn_job *job;
	uint32_t addr;
	uint16_t port;
	char *root;		/* realpath of -d, or NULL: the built-in page */
	size_t root_len;
	bool quiet;
	struct vn_sock *lsock;
	bool accept_ready;
	long n_conns;
	struct vn_app_list conns;	/* by last activity, oldest first */
	struct vn_app_list ready;
	struct vn_job_timer *work;
	struct vn_job_timer *idle;
};

struct conn {
	struct httpd *h;
	struct vn_sock *sock;
	struct vn_app_list link;	/* in h->conns */
	struct vn_app_list ready_link;	/* in h->ready, or alone */
	uint32_t peer;
	uint32_t local;
	uint16_t local_port;
	int64_t last_ns;
	char *in;			/* request bytes, MAX_HEAD + 1 */
	size_t in_len;
	uint64_t discard;		/* request body bytes still to skip */
	struct vn_app_bytes out;
	FILE *file;			/* body being streamed */
	uint64_t file_left;
	bool close_after;		/* close once the queue is sent */
	bool peer_closed;		/* the peer sent FIN */
};

static void conn_free(struct conn *c)
{
	struct httpd *h = c->h;

	vn_app_list_remove(&c->link);
	vn_app_list_remove(&c->ready_link);
	if (c->sock)
		vn_sock_close(c->sock);
	if (c->file)
		fclose(c->file);
	vn_app_bytes_fini(&c->out);
	free(c->in);
	free(c);
	h->n_conns--;
	/* The listener may have been left waiting at MAX_CONNS. */
	if (h->n_conns == MAX_CONNS - 1 && h->lsock) {
		h->accept_ready = true;
		vn_job_timer_arm(h->work, vn_job_now(h->job));
	}
}

static void conn_wakeup(struct vn_sock *sock, void *arg)
{
	struct conn *c = arg;
	struct httpd *h = c->h;

	(void)sock;
	if (vn_app_list_empty(&c->ready_link))
		vn_app_list_push_back(&h->ready, &c->ready_link);
	vn_job_timer_arm(h->work, vn_job_now(h->job));
}

static void listen_wakeup(struct vn_sock *sock, void *arg)
{
	struct httpd *h = arg;

	(void)sock;
	h->accept_ready = true;
	vn_job_timer_arm(h->work, vn_job_now(h->job));
}

/* Moves @c to the end of the activity list; arms the idle timer. */
static void touch(struct conn *c)
{
	struct httpd *h = c->h;

	c->last_ns = vn_job_now(h->job);
	vn_app_list_remove(&c->link);
	vn_app_list_push_back(&h->conns, &c->link);
	if (h->conns.next == &c->link)
		vn_job_timer_arm(h->idle, c->last_ns + IDLE_TIMEOUT);
}

/* --- responses ------------------------------------------------------------ */

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 301:
		return "Moved Permanently";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Content Too Large";
	case 414:
		return "URI Too Long";
	case 431:
		return "Request Header Fields Too Large";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 505:
		return "HTTP Version Not Supported";
	default:
		return "Unknown";
	}
}

/* Escapes what a log line must not carry raw (nginx's \xHH). */
static void log_escape(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < size; i++) {
		unsigned char ch = (unsigned char)src[i];

		if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
			n += (size_t)snprintf(dst + n, size - n, "\\x%02X", ch);
		else
			dst[n++] = (char)ch;
	}
	dst[n] = '\0';
}

static void access_log(struct conn *c, const char *line, size_t line_len,
		       int status, uint64_t bytes)
{
	struct httpd *h = c->h;
	char addr[VN_APP_ADDR_LEN], date[40], req[512];

	if (h->quiet)
		return;
	vn_app_clf_date(vn_app_wall_time(h->job, vn_job_now(h->job)), date,
			sizeof(date));
	log_escape(req, sizeof(req), line, line_len);
	if (bytes)
		vn_job_printf(h->job, "%s - - [%s] \"%s\" %d %llu\n",
			      vn_app_format_addr(c->peer, addr), date, req,
			      status, (unsigned long long)bytes);
	else
		vn_job_printf(h->job, "%s - - [%s] \"%s\" %d -\n",
			      vn_app_format_addr(c->peer, addr), date, req,
			      status);
}

/* Queues a response head; the body follows from @body or c->file. */
static void respond(struct conn *c, int status, bool head_only,
		    const char *type, const void *body, uint64_t len,
		    const char *extra)
{
	char date[40];

	vn_app_http_date(vn_app_wall_time(c->h->job, vn_job_now(c->h->job)),
			 date, sizeof(date));
	vn_app_bytes_printf(&c->out,
			    "HTTP/1.1 %d %s\r\n"
			    "Server: vnet-httpd\r\n"
			    "Date: %s\r\n"
			    "Content-Type: %s\r\n"
			    "Content-Length: %llu\r\n"
			    "%s"
			    "Connection: %s\r\n"
			    "\r\n",
			    status, reason(status), date, type,
			    (unsigned long long)len, extra ? extra : "",
			    c->close_after ? "close" : "keep-alive");
	if (body && !head_only)
		vn_app_bytes_add(&c->out, body, (size_t)len);
}

static uint64_t error_page(struct conn *c, int status, bool head_only,
			   const char *extra)
{
	char body[256];
	int n;

	n = snprintf(body, sizeof(body),
		     "<html>\r\n<head><title>%d %s</title></head>\r\n"
		     "<body>\r\n<center><h1>%d %s</h1></center>\r\n"
		     "<hr><center>vnet-httpd</center>\r\n</body>\r\n</html>\r\n",
		     status, reason(status), status, reason(status));
	respond(c, status, head_only, "text/html", body, (uint64_t)n, extra);
	return head_only ? 0 : (uint64_t)n;
}

static uint64_t builtin_page(struct conn *c, bool head_only)
{
	char body[1024], local[VN_APP_ADDR_LEN], peer[VN_APP_ADDR_LEN];
	int n;

	n = snprintf(body, sizeof(body),
		     "<!DOCTYPE html>\n"
		     "<html>\n"
		     "<head><title>vnet httpd</title></head>\n"
		     "<body>\n"
		     "<h1>It works!</h1>\n"
		     "<p>This page comes from the httpd built into vnet, running in a\n"
		     "vnet network namespace: a user-space IPv4 stack inside the vnet\n"
		     "process, reached at %s port %u. You are %s.</p>\n"
		     "<p>Serve files with <code>httpd -d DIR</code>.</p>\n"
		     "</body>\n"
		     "</html>\n",
		     vn_app_format_addr(c->local, local), c->local_port,
		     vn_app_format_addr(c->peer, peer));
	respond(c, 200, head_only, "text/html", body, (uint64_t)n, NULL);
	return head_only ? 0 : (uint64_t)n;
}

static const char *content_type(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ "html", "text/html" },	{ "htm", "text/html" },
		{ "txt", "text/plain" },	{ "css", "text/css" },
		{ "js", "application/javascript" },
		{ "json", "application/json" }, { "xml", "text/xml" },
		{ "png", "image/png" },		{ "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" },	{ "gif", "image/gif" },
		{ "svg", "image/svg+xml" },	{ "ico", "image/x-icon" },
		{ "pdf", "application/pdf" },
	};
	const char *dot = strrchr(path, '.');

	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)(ch | 0x20);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/*
 * The target's path, percent-decoded and normalised into @out ("/a/b").
 * Return: 0, -EINVAL (bad escape, NUL, not origin-form), -EACCES (".."
 * above the root).
 */
static int normalize_path(const char *target, char *out, size_t size)
{
	char dec[MAX_HEAD];
	size_t n = 0, o = 0;
	const char *p;

	/* absolute-form (RFC 9112 3.2.2): take the path. */
	if (!strncasecmp(target, "http://", 7)) {
		target = strchr(target + 7, '/');
		if (!target)
			target = "/";
	}
	if (*target != '/')
		return -EINVAL;
	for (p = target; *p && *p != '?' && *p != '#'; p++) {
		char ch = *p;

		if (ch == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -EINVAL;
			ch = (char)(hi * 16 + lo);
			p += 2;
		}
		if (n + 1 >= sizeof(dec))
			return -EINVAL;
		dec[n++] = ch;
	}
	dec[n] = '\0';
	/* Resolve "." and ".." segments (RFC 3986 5.2.4). */
	p = dec;
	while (*p) {
		const char *seg = p + 1, *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);

		p = seg + len;
		if (len == 0 && *p) {
			continue;	/* "//" */
		} else if (len == 1 && seg[0] == '.') {
			if (!*p && o + 1 < size)
				out[o++] = '/';
			continue;
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0)
				return -EACCES;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (!*p && o + 1 < size)
				out[o++] = '/';
			continue;
		}
		if (o + len + 2 >= size)
			return -EINVAL;
		out[o++] = '/';
		memcpy(out + o, seg, len);
		o += len;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return 0;
}

/* Serves @path (normalised) from the root directory. */
static uint64_t serve_file(struct conn *c, const char *path,
			   const char *host, bool head_only, int *status)
{
	struct httpd *h = c->h;
	char full[PATH_MAX], real[PATH_MAX];
	struct stat st;
	FILE *f;

	if ((size_t)snprintf(full, sizeof(full), "%s%s", h->root, path) >=
	    sizeof(full)) {
		*status = 404;
		return error_page(c, 404, head_only, NULL);
	}
	if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (path[strlen(path) - 1] != '/') {
			char loc[MAX_HEAD + 64];

			snprintf(loc, sizeof(loc), "Location: http://%s%s/\r\n",
				 host, path);
			*status = 301;
			return error_page(c, 301, head_only, loc);
		}
		if ((size_t)snprintf(full, sizeof(full), "%s%sindex.html",
				     h->root, path) >= sizeof(full)) {
			*status = 404;
			return error_page(c, 404, head_only, NULL);
		}
	}
	if (!realpath(full, real) || stat(real, &st) || !S_ISREG(st.st_mode)) {
		*status = errno == EACCES ? 403 : 404;
		return error_page(c, *status, head_only, NULL);
	}
	/* Symbolic links must not lead out of the root. */
	if (strncmp(real, h->root, h->root_len) ||
	    (real[h->root_len] != '/' && real[h->root_len] != '\0')) {
		*status = 403;
		return error_page(c, 403, head_only, NULL);
	}
	f = head_only ? NULL : fopen(real, "rb");
	if (!head_only && !f) {
		*status = errno == EACCES ? 403 : 404;
		return error_page(c, *status, head_only, NULL);
	}
	*status = 200;
	respond(c, 200, head_only, content_type(real), NULL,
		(uint64_t)st.st_size, NULL);
	c->file = f;
	c->file_left = head_only ? 0 : (uint64_t)st.st_size;
	return c->file_left;
}

/* The first line of the head, for the log. */
static size_t first_line(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len;

	if (n && buf[n - 1] == '\r')
		n--;
	return n;
}

/* Answers the request whose head is in[0, head_len). */
static void handle_request(struct conn *c, size_t head_len)
{
	struct vn_app_http_head req;
	char copy[MAX_HEAD + 1], path[MAX_HEAD + 2];
	const char *conn_hdr, *host, *te, *cl;
	size_t skip = 0, line_len;
	int status = 400, rc;
	uint64_t bytes;
	bool head_only = false;

	while (skip < head_len && (c->in[skip] == '\r' || c->in[skip] == '\n'))
		skip++;
	line_len = first_line(c->in + skip, head_len - skip);
	memcpy(copy, c->in, head_len);
	copy[head_len] = '\0';
	rc = vn_app_http_parse_request(copy, head_len, &req);
	if (rc) {
		status = rc == -E2BIG ? 431 : rc == -EPROTONOSUPPORT ? 505 : 400;
		c->close_after = true;
		bytes = error_page(c, status, false, NULL);
		goto log;
	}
	head_only = !strcmp(req.method, "HEAD");
	conn_hdr = vn_app_http_field(&req, "Connection");
	if (req.minor == 0)
		c->close_after = !vn_app_http_has_token(conn_hdr, "keep-alive");
	else
		c->close_after = vn_app_http_has_token(conn_hdr, "close");
	host = vn_app_http_field(&req, "Host");
	te = vn_app_http_field(&req, "Transfer-Encoding");
	cl = vn_app_http_field(&req, "Content-Length");
	if ((req.minor >= 1 && !host) || (te && cl)) {
		c->close_after = true;
		bytes = error_page(c, 400, head_only, NULL);
		status = 400;
		goto log;
	}
	if (strcmp(req.method, "GET") && !head_only) {
		c->close_after = true;
		status = 405;
		bytes = error_page(c, 405, false, "Allow: GET, HEAD\r\n");
		goto log;
	}
	if (te) {
		c->close_after = true;
		status = 501;
		bytes = error_page(c, 501, head_only, NULL);
		goto log;
	}
	if (cl) {
		char *end;
		unsigned long long v = strtoull(cl, &end, 10);

		if (*end || !*cl || *cl == '-') {
			c->close_after = true;
			status = 400;
			bytes = error_page(c, 400, head_only, NULL);
			goto log;
		}
		if (v > MAX_DISCARD) {
			c->close_after = true;
			status = 413;
			bytes = error_page(c, 413, head_only, NULL);
			goto log;
		}
		c->discard = v;
	}
	rc = normalize_path(req.target, path, sizeof(path));
	if (rc) {
		c->close_after = true;
		status = 400;
		bytes = error_page(c, 400, head_only, NULL);
		goto log;
	}
	if (!host)
		host = "";
	if (c->h->root) {
		bytes = serve_file(c, path, host, head_only, &status);
	} else if (!strcmp(path, "/") || !strcmp(path, "/index.html")) {
		status = 200;
		bytes = builtin_page(c, head_only);
	} else {
		status = 404;
		bytes = error_page(c, 404, head_only, NULL);
	}
log:
	access_log(c, c->in + skip, line_len, status, bytes);
}

/* --- connections ---------------------------------------------------------- */

/* Moves file data into the output queue as it drains. */
static void refill(struct conn *c)
{
	uint8_t chunk[FILE_CHUNK];

	while (c->file && vn_app_bytes_pending(&c->out) < FILE_CHUNK) {
		size_t want = c->file_left < sizeof(chunk) ? (size_t)c->file_left :
							      sizeof(chunk);
		size_t n = want ? fread(chunk, 1, want, c->file) : 0;

		if (n < want) {
			/* The file shrank: the promised length cannot be
			 * kept, so the connection must end. */
			c->close_after = true;
			c->file_left = 0;
		}
		if (n)
			vn_app_bytes_add(&c->out, chunk, n);
		c->file_left -= n;
		if (!c->file_left) {
			fclose(c->file);
			c->file = NULL;
		}
	}
}

/* Reads into the input buffer.  Return: false if the connection died. */
static bool conn_read(struct conn *c)
{
	for (;;) {
		uint8_t scratch[READ_CHUNK];
		ssize_t n;

		if (c->discard) {
			size_t want = c->discard < sizeof(scratch) ?
					      (size_t)c->discard :
					      sizeof(scratch);

			n = vn_sock_recv(c->sock, scratch, want, 0);
			if (n > 0) {
				c->discard -= (uint64_t)n;
				continue;
			}
		} else {
			if (c->in_len >= MAX_HEAD)
				return true;
			if (!c->in) {
				c->in = malloc(MAX_HEAD + 1);
				if (!c->in)
					return false;
			}
			n = vn_sock_recv(c->sock, c->in + c->in_len,
					 MAX_HEAD - c->in_len, 0);
			if (n > 0) {
				c->in_len += (size_t)n;
				touch(c);
				/* One request at a time: stop once a head is
				 * complete (bounded buffering). */
				if (vn_app_http_head_len(c->in, c->in_len))
					return true;
				continue;
			}
		}
		if (n == -EAGAIN)
			return true;
		if (n == 0) {
			c->peer_closed = true;
			return true;
		}
		return false;
	}
}

/* One step of a connection.  Return: false once it is gone. */
static bool conn_step(struct conn *c)
{
	for (;;) {
		ssize_t left;
		size_t head_len;

		refill(c);
		left = vn_app_bytes_flush(&c->out, c->sock);
		if (left < 0)
			return false;
		if (left > 0 || c->file)
			return true;	/* wait for VN_POLLOUT */
		/* Everything sent. */
		vn_app_bytes_fini(&c->out);
		vn_app_bytes_init(&c->out, MAX_OUT);
		if (c->close_after)
			return false;
		if (!conn_read(c))
			return false;
		head_len = c->discard ? 0 :
					vn_app_http_head_len(c->in, c->in_len);
		if (head_len) {
			handle_request(c, head_len);
			memmove(c->in, c->in + head_len, c->in_len - head_len);
			c->in_len -= head_len;
			touch(c);
			continue;
		}
		if (c->in_len >= MAX_HEAD) {
			bool one_line = memchr(c->in, '\n', c->in_len) != NULL;
			int status = one_line ? 431 : 414;

			c->close_after = true;
			access_log(c, c->in, first_line(c->in, c->in_len),
				   status, error_page(c, status, false, NULL));
			c->in_len = 0;
			continue;
		}
		if (!c->in_len && c->in) {
			free(c->in);
			c->in = NULL;
		}
		if (c->peer_closed) {
			/* Half a request and the peer is gone: nothing to
			 * answer; a complete one was answered above. */
			return false;
		}
		return true;
	}
}

static void accept_all(struct httpd *h)
{
	while (h->n_conns < MAX_CONNS) {
		struct vn_sockaddr a;
		struct vn_sock *s;
		struct conn *c;

		if (vn_sock_accept(h->lsock, &s))
			break;
		c = calloc(1, sizeof(*c));
		if (!c) {
			vn_sock_close(s);
			break;
		}
		c->h = h;
		c->sock = s;
		vn_app_list_init(&c->link);
		vn_app_list_init(&c->ready_link);
		vn_app_bytes_init(&c->out, MAX_OUT);
		if (!vn_sock_getpeername(s, &a))
			c->peer = a.addr;
		vn_sock_getname(s, &a);
		c->local = a.addr;
		c->local_port = a.port;
		h->n_conns++;
		touch(c);
		vn_sock_set_wakeup(s, conn_wakeup, c);
		vn_app_list_push_back(&h->ready, &c->ready_link);
	}
	h->accept_ready = h->n_conns >= MAX_CONNS;
}

static void work_fire(struct vn_job_timer *t, void *arg)
{
	struct httpd *h = arg;

	(void)t;
	if (h->accept_ready && h->n_conns < MAX_CONNS)
		accept_all(h);
	while (!vn_app_list_empty(&h->ready)) {
		struct conn *c = vn_app_container_of(h->ready.next, struct conn,
						     ready_link);

		vn_app_list_remove(&c->ready_link);
		if (!conn_step(c))
			conn_free(c);
	}
}

static void idle_fire(struct vn_job_timer *t, void *arg)
{
	struct httpd *h = arg;
	int64_t now = vn_job_now(h->job);

	(void)t;
	while (!vn_app_list_empty(&h->conns)) {
		struct conn *c = vn_app_container_of(h->conns.next, struct conn,
						     link);

		if (c->last_ns + IDLE_TIMEOUT > now) {
			vn_job_timer_arm(h->idle, c->last_ns + IDLE_TIMEOUT);
			return;
		}
		conn_free(c);
	}
}

static void shutdown_all(struct httpd *h)
{
	while (!vn_app_list_empty(&h->conns))
		conn_free(vn_app_container_of(h->conns.next, struct conn, link));
	if (h->lsock)
		vn_sock_close(h->lsock);
	h->lsock = NULL;
}

static void httpd_signal(struct vn_job *job, int sig)
{
	struct httpd *h = vn_job_data(job);

	shutdown_all(h);
	vn_job_exit(job, 128 + sig);
}

static void httpd_release(struct vn_job *job)
{
	struct httpd *h = vn_job_data(job);

	shutdown_all(h);
	free(h->root);
	free(h);
}

static const struct vn_job_ops httpd_ops = {
	.signal = httpd_signal,
	.release = httpd_release,
};

static int usage(struct vn_job *job, int status)
{
	vn_job_eprintf(job,
		       "Usage: httpd [-q] [-p [IP:]PORT] [-d DIR]\n\n"
		       "Serve HTTP/1.1 (GET, HEAD) in this namespace\n\n"
		       "\t-p [IP:]PORT\tBind to IP:PORT (default *:80)\n"
		       "\t-d DIR\t\tServe files from DIR (default: a built-in page)\n"
		       "\t-q\t\tNo access log\n");
	return status;
}

static int parse_listen(struct httpd *h, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char addr[VN_APP_ADDR_LEN];
	char *end;
	long port;

	if (colon) {
		size_t n = (size_t)(colon - arg);

		if (n >= sizeof(addr))
			return -EINVAL;
		memcpy(addr, arg, n);
		addr[n] = '\0';
		if (vn_app_parse_addr(addr, &h->addr))
			return -EINVAL;
		arg = colon + 1;
	}
	port = strtol(arg, &end, 10);
	if (!*arg || *end || port < 1 || port > 65535)
		return -EINVAL;
	h->port = (uint16_t)port;
	return 0;
}

int vn_app_httpd(struct vn_job *job, int argc, char **argv);

int vn_app_httpd(struct vn_job *job, int argc, char **argv)
{
	struct httpd *h = calloc(1, sizeof(*h));
	struct vn_app_getopt g;
	const char *dir = NULL;
	struct vn_sockaddr me;
	int c, rc;

	if (!h || vn_app_getopt_init(&g, argc, argv)) {
		free(h);
		vn_job_eprintf(job, "httpd: %s\n", strerror(ENOMEM));
		return 1;
	}
	h->job = job;
	h->port = 80;
	vn_app_list_init(&h->conns);
	vn_app_list_init(&h->ready);
	vn_job_set_ops(job, &httpd_ops, h);
	while ((c = vn_app_getopt_next(&g, "fhqvp:d:", NULL)) != -1) {
		switch (c) {
		case 'f':
		case 'v':
			break;
		case 'q':
			h->quiet = true;
			break;
		case 'p':
			if (parse_listen(h, g.arg)) {
				vn_job_eprintf(job, "httpd: invalid port '%s'\n",
					       g.arg);
				vn_app_getopt_fini(&g);
				return 1;
			}
			break;
		case 'd':
			dir = g.arg;
			break;
		case 'h':
			vn_app_getopt_fini(&g);
			return usage(job, 0);
		case ':':
			vn_job_eprintf(job, "httpd: option requires an argument -- '%c'\n",
				       g.opt);
			vn_app_getopt_fini(&g);
			return usage(job, 1);
		default:
			if (g.name)
				vn_job_eprintf(job, "httpd: unrecognized option '--%s'\n",
					       g.name);
			else
				vn_job_eprintf(job, "httpd: invalid option -- '%c'\n",
					       g.opt);
			vn_app_getopt_fini(&g);
			return usage(job, 1);
		}
	}
	rc = g.n_operands;
	vn_app_getopt_fini(&g);
	if (rc)
		return usage(job, 1);
	if (dir) {
		struct stat st;

		h->root = realpath(dir, NULL);
		if (!h->root || stat(h->root, &st)) {
			vn_job_eprintf(job, "httpd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			vn_job_eprintf(job, "httpd: %s: %s\n", dir,
				       strerror(ENOTDIR));
			return 1;
		}
		h->root_len = strlen(h->root);
		if (h->root_len == 1)
			h->root_len = 0;	/* "/": every path is inside */
	}
	rc = vn_socket(vn_job_netns(job), VN_SOCK_STREAM, 0, &h->lsock);
	if (rc) {
		vn_job_eprintf(job, "httpd: socket: %s\n", strerror(-rc));
		return 1;
	}
	vn_sock_setopt(h->lsock, VN_SO_REUSEADDR, 1);
	me.addr = h->addr;
	me.port = h->port;
	rc = vn_sock_bind(h->lsock, &me);
	if (rc) {
		vn_job_eprintf(job, "httpd: bind: %s\n", strerror(-rc));
		return 1;
	}
	/* As large as net.core.somaxconn allows: bursts of connections. */
	rc = vn_sock_listen(h->lsock, 65535);
	if (rc) {
		vn_job_eprintf(job, "httpd: listen: %s\n", strerror(-rc));
		return 1;
	}
	h->work = vn_job_timer_new(job, work_fire, h);
	h->idle = vn_job_timer_new(job, idle_fire, h);
	vn_sock_set_wakeup(h->lsock, listen_wakeup, h);
	h->accept_ready = true;
	vn_job_timer_arm(h->work, vn_job_now(job));
	return VN_JOB_RUNNING;
}
