// SPDX-License-Identifier: MIT
/*
 * app/curl.c - curl for http:// URLs, as curl 7.88.1 (Debian 12) behaves
 * and prints: GET or HEAD over HTTP/1.1, the body to standard output or a
 * file, -v's "*", ">" and "<" lines, curl's error messages and exit
 * codes.
 *
 * Theory of operation.  URLs are fetched one after the other.  Each
 * transfer is a small state machine driven by socket wakeups (deferred
 * to a zero-delay timer, so no work runs inside the stack):
 *   CONNECTING -> SENDING (the request, as the socket takes it) -> HEAD
 *   (bytes gathered until the empty line, at most MAX_HEAD) -> BODY
 *   (framed by Content-Length, chunked transfer coding, or the end of
 *   the connection) -> done.
 * A connection that may be kept (HTTP/1.1 without "Connection: close",
 * a known body length) is "left intact" and re-used by a following URL
 * to the same address and port, as curl's connection cache does.
 * Timers: --connect-timeout bounds the handshake, -m the whole transfer;
 * both are engine timers, so they take no time on a virtual clock.
 *
 * As curl writing to a pipe with --no-progress-meter: -v prints "{ [N
 * bytes data]" for the first data of a response and never a progress
 * meter.  Names are not resolved (vnet has no DNS): a host must be an
 * IPv4 address in any form curl accepts; https and other schemes are
 * refused with curl's "Protocol not supported" (exit 1).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/common.h"

#define MAX_HEAD (100 * 1024)	/* CURL_MAX_HTTP_HEADER */
#define RECV_SIZE 16384		/* curl's download buffer */
#define MAX_HEADERS 32

enum curl_state {
	ST_IDLE,
	ST_CONNECTING,
	ST_SENDING,
	ST_HEAD,
	ST_BODY,
};

enum body_mode {
	BODY_NONE,
	BODY_LENGTH,
	BODY_CHUNKED,
	BODY_CLOSE,
};

enum chunk_state {
	CH_SIZE,		/* hex digits */
	CH_EXT,			/* extensions, up to CRLF */
	CH_DATA,
	CH_DATA_CR,		/* the CRLF after data */
	CH_DATA_LF,
	CH_TRAILER,		/* trailer lines after the last chunk */
	CH_TRAILER_LF,
	CH_DONE,
};

struct curl {
	struct vn_job *job;
	/* Options. */
	bool silent, show_error, verbose, head_only, include, fail;
	int64_t max_time, connect_timeout;	/* ns, 0: none */
	const char *method;
	const char *agent;
	const char *headers[MAX_HEADERS];
	int n_headers;
	char **args;		/* our copy of argv: the strings below */
	char **urls;
	char **outfiles;
	int n_urls, n_outfiles, idx;
	int result;
	/* The connection (kept across URLs when possible). */
	struct vn_sock *sock;
	uint32_t conn_addr;
	uint16_t conn_port;
	char conn_host[256];
	int conn_id, next_conn_id;
	/* The transfer. */
	enum curl_state state;
	struct vn_app_url url;
	int64_t t_start;
	struct vn_app_bytes req;
	char *head;
	size_t head_len;
	int status;
	bool keep;
	bool data_logged;
	enum body_mode mode;
	uint64_t expect;	/* Content-Length */
	uint64_t left;
	uint64_t n_body;
	enum chunk_state chunk;
	int chunk_digits;
	FILE *out;
	const char *out_path;
	bool out_failed;
	struct vn_job_timer *work;
	struct vn_job_timer *conn_timer;
	struct vn_job_timer *max_timer;
	uint8_t rbuf[RECV_SIZE];
};

static void next_url(struct curl *cu);

static void verbose(struct curl *cu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void verbose(struct curl *cu, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	if (!cu->verbose)
		return;
	/* One write per line: a script prefixes each with FILE:LINE. */
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	vn_job_eprintf(cu->job, "* %s\n", line);
}

static int64_t elapsed_ms(const struct curl *cu)
{
	return (vn_job_now(cu->job) - cu->t_start) / VN_APP_NS_PER_MS;
}

static void schedule(struct curl *cu)
{
	vn_job_timer_arm(cu->work, vn_job_now(cu->job));
}

static void wakeup(struct vn_sock *sock, void *arg)
{
	(void)sock;
	schedule(arg);
}

static void drop_connection(struct curl *cu, bool say)
{
	if (say)
		verbose(cu, "Closing connection %d", cu->conn_id);
	if (cu->sock)
		vn_sock_close(cu->sock);
	cu->sock = NULL;
}

static void close_output(struct curl *cu)
{
	if (cu->out && cu->out != stdout)
		fclose(cu->out);
	cu->out = NULL;
}

/* The transfer ends with curl exit code @code and message @msg. */
static void transfer_failed(struct curl *cu, int code, const char *msg)
{
	vn_job_timer_cancel(cu->conn_timer);
	vn_job_timer_cancel(cu->max_timer);
	verbose(cu, "%s", msg);
	drop_connection(cu, true);
	close_output(cu);
	cu->state = ST_IDLE;
	cu->result = code;
	if (!cu->silent || cu->show_error)
		vn_job_eprintf(cu->job, "curl: (%d) %s\n", code, msg);
	cu->idx++;
	next_url(cu);
}

static void transfer_done(struct curl *cu)
{
	vn_job_timer_cancel(cu->conn_timer);
	vn_job_timer_cancel(cu->max_timer);
	close_output(cu);
	if (cu->out_failed) {
		cu->state = ST_BODY;
		transfer_failed(cu, 23, "Failure writing output to destination");
		return;
	}
	cu->state = ST_IDLE;
	cu->result = 0;
	if (cu->keep) {
		verbose(cu, "Connection #%d to host %s left intact", cu->conn_id,
			cu->conn_host);
	} else {
		drop_connection(cu, true);
	}
	cu->idx++;
	next_url(cu);
}

/* --- output ---------------------------------------------------------------- */

static void write_out(struct curl *cu, const void *data, size_t len)
{
	if (cu->out_failed || !len)
		return;
	if (!cu->out_path) {
		vn_job_write(cu->job, 1, data, len);
		return;
	}
	if (!cu->out) {
		cu->out = fopen(cu->out_path, "wb");
		if (!cu->out) {
			if (!cu->silent)
				vn_job_eprintf(cu->job, "Warning: Failed to open the file %s: %s\n",
					       cu->out_path, strerror(errno));
			cu->out_failed = true;
			return;
		}
	}
	if (fwrite(data, 1, len, cu->out) != len)
		cu->out_failed = true;
}

/* --- the request ---------------------------------------------------------- */

static void print_lines(struct curl *cu, const char *prefix, const char *p,
			size_t len)
{
	size_t plen = strlen(prefix);

	while (len) {
		const char *nl = memchr(p, '\n', len);
		size_t n = nl ? (size_t)(nl - p) + 1 : len;
		char *line = malloc(plen + n);

		if (line) {
			memcpy(line, prefix, plen);
			memcpy(line + plen, p, n);
			vn_job_write(cu->job, 2, line, plen + n);
			free(line);
		}
		p += n;
		len -= n;
	}
}

static void send_request(struct curl *cu)
{
	const char *method = cu->method ? cu->method :
			     cu->head_only ? "HEAD" : "GET";
	bool have_agent = false, have_accept = false, have_host = false;

	vn_app_bytes_init(&cu->req, 64 * 1024);
	for (int i = 0; i < cu->n_headers; i++) {
		if (!strncasecmp(cu->headers[i], "User-Agent:", 11))
			have_agent = true;
		if (!strncasecmp(cu->headers[i], "Accept:", 7))
			have_accept = true;
		if (!strncasecmp(cu->headers[i], "Host:", 5))
			have_host = true;
	}
	vn_app_bytes_printf(&cu->req, "%s %s HTTP/1.1\r\n", method,
			    cu->url.target);
	if (!have_host) {
		if (cu->url.port != 80)
			vn_app_bytes_printf(&cu->req, "Host: %s:%u\r\n",
					    cu->url.host, cu->url.port);
		else
			vn_app_bytes_printf(&cu->req, "Host: %s\r\n",
					    cu->url.host);
	}
	if (!have_agent)
		vn_app_bytes_printf(&cu->req, "User-Agent: %s\r\n",
				    cu->agent ? cu->agent : "curl/7.88.1");
	if (!have_accept)
		vn_app_bytes_printf(&cu->req, "Accept: */*\r\n");
	for (int i = 0; i < cu->n_headers; i++) {
		const char *colon = strchr(cu->headers[i], ':');

		/* "Name:" alone removes a header curl would send. */
		if (colon && !colon[1])
			continue;
		vn_app_bytes_printf(&cu->req, "%s\r\n", cu->headers[i]);
	}
	vn_app_bytes_printf(&cu->req, "\r\n");
	if (cu->verbose)
		print_lines(cu, "> ", (const char *)cu->req.data, cu->req.len);
	cu->state = ST_SENDING;
	cu->head_len = 0;
	cu->data_logged = false;
	cu->n_body = 0;
	schedule(cu);
}

/* --- the response ------------------------------------------------------------ */

static void deliver(struct curl *cu, const uint8_t *data, size_t len)
{
	cu->n_body += len;
	write_out(cu, data, len);
}

/* Body bytes of one read: framing applied, data written.  Return: 0,
 * 1 when the body is complete, or a negative error (chunk syntax). */
static int body_input(struct curl *cu, const uint8_t *p, size_t len)
{
	if (len && cu->verbose && !cu->data_logged) {
		vn_job_eprintf(cu->job, "{ [%zu bytes data]\n", len);
		cu->data_logged = true;
	}
	switch (cu->mode) {
	case BODY_NONE:
		return 1;
	case BODY_CLOSE:
		deliver(cu, p, len);
		return 0;
	case BODY_LENGTH: {
		size_t n = len < cu->left ? len : (size_t)cu->left;

		deliver(cu, p, n);
		cu->left -= n;
		return cu->left ? 0 : 1;
	}
	case BODY_CHUNKED:
		break;
	}
	for (size_t i = 0; i < len; i++) {
		uint8_t ch = p[i];

		switch (cu->chunk) {
		case CH_SIZE:
			if (ch == '\r' || ch == ';' || ch == ' ' || ch == '\t') {
				if (!cu->chunk_digits)
					return -EINVAL;
				cu->chunk = CH_EXT;
				if (ch != '\r')
					break;
				break;
			}
			if (ch == '\n') {
				if (!cu->chunk_digits)
					return -EINVAL;
				goto size_done;
			}
			if (!strchr("0123456789abcdefABCDEF", ch) || !ch ||
			    cu->chunk_digits == 15)
				return -EINVAL;
			cu->left = cu->left * 16 +
				   (uint64_t)(ch <= '9' ? ch - '0' :
							 (ch | 0x20) - 'a' + 10);
			cu->chunk_digits++;
			break;
		case CH_EXT:
			if (ch != '\n')
				break;
size_done:
			cu->chunk_digits = 0;
			cu->chunk = cu->left ? CH_DATA : CH_TRAILER;
			break;
		case CH_DATA: {
			size_t n = len - i < cu->left ? len - i :
							  (size_t)cu->left;

			deliver(cu, p + i, n);
			cu->left -= n;
			i += n - 1;
			if (!cu->left)
				cu->chunk = CH_DATA_CR;
			break;
		}
		case CH_DATA_CR:
			if (ch == '\n') {
				cu->chunk = CH_SIZE;
				break;
			}
			if (ch != '\r')
				return -EINVAL;
			cu->chunk = CH_DATA_LF;
			break;
		case CH_DATA_LF:
			if (ch != '\n')
				return -EINVAL;
			cu->chunk = CH_SIZE;
			break;
		case CH_TRAILER:
			/* An empty line ends the trailer section. */
			if (ch == '\n') {
				cu->chunk = CH_DONE;
				return 1;
			}
			cu->chunk = ch == '\r' ? CH_TRAILER_LF : CH_TRAILER;
			if (ch != '\r') {
				/* A trailer field: skip to its end. */
				while (i < len && p[i] != '\n')
					i++;
			}
			break;
		case CH_TRAILER_LF:
			if (ch != '\n')
				return -EINVAL;
			cu->chunk = CH_DONE;
			return 1;
		case CH_DONE:
			return 1;
		}
	}
	return 0;
}

static void chunk_error(struct curl *cu)
{
	transfer_failed(cu, 56,
			"Illegal or missing hexadecimal sequence in chunked-encoding");
}

/* The head is complete in cu->head[0, len); the rest follows in @rest. */
static void head_done(struct curl *cu, size_t len, const uint8_t *rest,
		      size_t rest_len)
{
	struct vn_app_http_head h;
	char *copy = malloc(len + 1);
	const char *te, *cl, *conn;
	char msg[64];
	int rc;

	if (!copy) {
		transfer_failed(cu, 27, "Out of memory");
		return;
	}
	memcpy(copy, cu->head, len);
	copy[len] = '\0';
	if (vn_app_http_parse_response(copy, len, &h)) {
		free(copy);
		transfer_failed(cu, 1, "Received HTTP/0.9 when not allowed");
		return;
	}
	cu->status = h.status;
	if (h.minor == 0)
		verbose(cu, "HTTP 1.0, assume close after body");
	if (cu->verbose)
		print_lines(cu, "< ", cu->head, len);
	conn = vn_app_http_field(&h, "Connection");
	cu->keep = h.minor >= 1 ? !vn_app_http_has_token(conn, "close") :
				  vn_app_http_has_token(conn, "keep-alive");
	te = vn_app_http_field(&h, "Transfer-Encoding");
	cl = vn_app_http_field(&h, "Content-Length");
	if (cu->head_only || h.status == 204 || h.status == 304 ||
	    (h.status >= 100 && h.status < 200)) {
		cu->mode = BODY_NONE;
	} else if (te && vn_app_http_has_token(te, "chunked")) {
		cu->mode = BODY_CHUNKED;
		cu->chunk = CH_SIZE;
		cu->chunk_digits = 0;
		cu->left = 0;
	} else if (cl) {
		char *end;

		cu->expect = strtoull(cl, &end, 10);
		if (*end || !*cl) {
			free(copy);
			transfer_failed(cu, 8, "Invalid Content-Length: value");
			return;
		}
		cu->mode = cu->expect ? BODY_LENGTH : BODY_NONE;
		cu->left = cu->expect;
	} else {
		cu->mode = BODY_CLOSE;
		cu->keep = false;
	}
	free(copy);
	if (cu->fail && h.status >= 400) {
		snprintf(msg, sizeof(msg), "The requested URL returned error: %d",
			 h.status);
		transfer_failed(cu, 22, msg);
		return;
	}
	if (cu->include || cu->head_only)
		write_out(cu, cu->head, len);
	cu->state = ST_BODY;
	if (cu->mode == BODY_NONE) {
		transfer_done(cu);
		return;
	}
	rc = body_input(cu, rest, rest_len);
	if (rc < 0)
		chunk_error(cu);
	else if (rc > 0)
		transfer_done(cu);
}

/* The connection ended (@err 0: orderly) while receiving. */
static void peer_gone(struct curl *cu, int err)
{
	char msg[128];

	cu->keep = false;
	if (cu->state == ST_HEAD) {
		if (!cu->head_len) {
			transfer_failed(cu, 52, "Empty reply from server");
			return;
		}
		/* curl 7.88 accepts a cut head silently. */
		transfer_done(cu);
		return;
	}
	if (err) {
		snprintf(msg, sizeof(msg), "Recv failure: %s", strerror(err));
		transfer_failed(cu, 56, msg);
		return;
	}
	switch (cu->mode) {
	case BODY_CLOSE:
	case BODY_NONE:
		transfer_done(cu);
		return;
	case BODY_LENGTH:
		snprintf(msg, sizeof(msg),
			 "transfer closed with %llu bytes remaining to read",
			 (unsigned long long)cu->left);
		transfer_failed(cu, 18, msg);
		return;
	case BODY_CHUNKED:
		transfer_failed(cu, 18,
				"transfer closed with outstanding read data remaining");
		return;
	}
}

static void receive_step(struct curl *cu)
{
	for (;;) {
		ssize_t n = vn_sock_recv(cu->sock, cu->rbuf, sizeof(cu->rbuf), 0);

		if (n == -EAGAIN)
			return;
		if (n <= 0) {
			peer_gone(cu, n < 0 ? (int)-n : 0);
			return;
		}
		if (cu->state == ST_HEAD) {
			size_t room = MAX_HEAD - cu->head_len, take, hl;

			if (!cu->head) {
				cu->head = malloc(MAX_HEAD);
				if (!cu->head) {
					transfer_failed(cu, 27, "Out of memory");
					return;
				}
			}
			take = (size_t)n < room ? (size_t)n : room;
			memcpy(cu->head + cu->head_len, cu->rbuf, take);
			cu->head_len += take;
			/* Not even the start of a status line: HTTP/0.9. */
			if (cu->head_len >= 5 && strncmp(cu->head, "HTTP/", 5)) {
				transfer_failed(cu, 1,
						"Received HTTP/0.9 when not allowed");
				return;
			}
			hl = vn_app_http_head_len(cu->head, cu->head_len);
			if (!hl) {
				if (cu->head_len == MAX_HEAD) {
					transfer_failed(cu, 100,
							"Too large response headers");
					return;
				}
				continue;
			}
			/* Bytes past the head, in head[] and beyond. */
			{
				size_t extra = cu->head_len - hl;
				const uint8_t *rest = cu->rbuf + take - extra;

				head_done(cu, hl, rest, extra + ((size_t)n - take));
			}
			return;
		}
		{
			int rc = body_input(cu, cu->rbuf, (size_t)n);

			if (rc < 0) {
				chunk_error(cu);
				return;
			}
			if (rc > 0) {
				transfer_done(cu);
				return;
			}
		}
	}
}

/* --- connecting ----------------------------------------------------------- */

/*
 * connect() failed with @err: at once (@immediate: no route, as curl's
 * "Immediate connect fail") or during the handshake.  A handshake that
 * timed out (SYN retries exhausted) is curl's 28 with the same message.
 */
static void connect_failed(struct curl *cu, int err, bool immediate)
{
	char msg[400];

	vn_job_timer_cancel(cu->conn_timer);
	if (immediate)
		verbose(cu, "Immediate connect fail for %s: %s", cu->url.host,
			strerror(err));
	else
		verbose(cu, "connect to %s port %u failed: %s", cu->url.host,
			cu->url.port, strerror(err));
	snprintf(msg, sizeof(msg),
		 "Failed to connect to %s port %u after %lld ms: Couldn't connect to server",
		 cu->url.host, cu->url.port, (long long)elapsed_ms(cu));
	transfer_failed(cu, err == ETIMEDOUT ? 28 : 7, msg);
}

static void connected(struct curl *cu)
{
	vn_job_timer_cancel(cu->conn_timer);
	cu->conn_addr = cu->url.addr;
	cu->conn_port = cu->url.port;
	snprintf(cu->conn_host, sizeof(cu->conn_host), "%s", cu->url.host);
	verbose(cu, "Connected to %s (%s) port %u (#%d)", cu->url.host,
		cu->url.host, cu->url.port, cu->conn_id);
	send_request(cu);
}

static void start_connect(struct curl *cu)
{
	struct vn_sockaddr to = { cu->url.addr, cu->url.port };
	int rc;

	cu->conn_id = cu->next_conn_id++;
	verbose(cu, "  Trying %s:%u...", cu->url.host, cu->url.port);
	rc = vn_socket(vn_job_netns(cu->job), VN_SOCK_STREAM, 0, &cu->sock);
	if (rc) {
		cu->sock = NULL;
		connect_failed(cu, -rc, true);
		return;
	}
	vn_sock_set_wakeup(cu->sock, wakeup, cu);
	cu->state = ST_CONNECTING;
	rc = vn_sock_connect(cu->sock, &to);
	if (rc && rc != -EINPROGRESS) {
		connect_failed(cu, -rc, true);
		return;
	}
	if (cu->connect_timeout)
		vn_job_timer_arm(cu->conn_timer,
				 vn_job_now(cu->job) + cu->connect_timeout);
	schedule(cu);
}

static void connect_step(struct curl *cu)
{
	unsigned ev = vn_sock_poll(cu->sock);
	int err;

	if (!(ev & (VN_POLLOUT | VN_POLLERR | VN_POLLHUP)))
		return;
	err = vn_sock_error(cu->sock);
	if (err) {
		connect_failed(cu, -err, false);
		return;
	}
	if (ev & VN_POLLOUT)
		connected(cu);
}

/* --- URLs ------------------------------------------------------------------ */

static void start_url(struct curl *cu)
{
	const char *text = cu->urls[cu->idx];
	char msg[512];
	int rc;

	cu->t_start = vn_job_now(cu->job);
	cu->out_path = cu->idx < cu->n_outfiles ? cu->outfiles[cu->idx] : NULL;
	if (cu->out_path && !strcmp(cu->out_path, "-"))
		cu->out_path = NULL;
	cu->out_failed = false;
	cu->status = 0;
	rc = vn_app_url_parse(text, &cu->url);
	if (rc) {
		int id = cu->conn_id;

		switch (rc) {
		case 1:
			snprintf(msg, sizeof(msg),
				 "Protocol \"%s\" not supported or disabled in libcurl",
				 cu->url.scheme);
			break;
		case 6:
			snprintf(msg, sizeof(msg), "Could not resolve host: %s",
				 cu->url.host);
			break;
		case 7:
			/* A well-formed IPv6 URL: vnet has no IPv6. */
			verbose(cu, "  Trying [%s]:%u...", cu->url.host,
				cu->url.port);
			snprintf(msg, sizeof(msg),
				 "Failed to connect to %s port %u after 0 ms: Couldn't connect to server",
				 cu->url.host, cu->url.port);
			break;
		default:
			snprintf(msg, sizeof(msg),
				 "URL using bad/illegal format or missing URL");
			break;
		}
		/* Closing connection -1: curl had none yet. */
		if (rc == 1)
			verbose(cu, "%s", msg);
		if (rc == 6 || rc == 7) {
			verbose(cu, "%s", msg);
			cu->conn_id = cu->next_conn_id++;
		} else {
			cu->conn_id = -1;
		}
		verbose(cu, "Closing connection %d", cu->conn_id);
		cu->conn_id = id;
		cu->result = rc;
		if (!cu->silent || cu->show_error)
			vn_job_eprintf(cu->job, "curl: (%d) %s\n", rc, msg);
		cu->idx++;
		next_url(cu);
		return;
	}
	if (cu->max_time)
		vn_job_timer_arm(cu->max_timer, cu->t_start + cu->max_time);
	if (cu->sock && cu->conn_addr == cu->url.addr &&
	    cu->conn_port == cu->url.port &&
	    !(vn_sock_poll(cu->sock) & (VN_POLLRDHUP | VN_POLLHUP | VN_POLLERR))) {
		verbose(cu, "Re-using existing connection #%d with host %s",
			cu->conn_id, cu->url.host);
		send_request(cu);
		return;
	}
	drop_connection(cu, false);
	start_connect(cu);
}

static void next_url(struct curl *cu)
{
	vn_app_bytes_fini(&cu->req);
	free(cu->head);
	cu->head = NULL;
	cu->head_len = 0;
	if (cu->idx >= cu->n_urls) {
		drop_connection(cu, false);
		vn_job_exit(cu->job, cu->result);
		return;
	}
	start_url(cu);
}

static void work_fire(struct vn_job_timer *t, void *arg)
{
	struct curl *cu = arg;
	ssize_t left;

	(void)t;
	switch (cu->state) {
	case ST_IDLE:
		break;
	case ST_CONNECTING:
		connect_step(cu);
		break;
	case ST_SENDING:
		left = vn_app_bytes_flush(&cu->req, cu->sock);
		if (left < 0) {
			char msg[96];

			snprintf(msg, sizeof(msg), "Send failure: %s",
				 strerror((int)-left));
			transfer_failed(cu, 55, msg);
			break;
		}
		if (left)
			break;
		cu->state = ST_HEAD;
		receive_step(cu);
		break;
	case ST_HEAD:
	case ST_BODY:
		receive_step(cu);
		break;
	}
}

static void conn_timer_fire(struct vn_job_timer *t, void *arg)
{
	struct curl *cu = arg;
	char msg[400];

	(void)t;
	if (cu->state != ST_CONNECTING)
		return;
	verbose(cu, "ipv4 connect timeout after %lldms, move on!",
		(long long)(cu->connect_timeout / VN_APP_NS_PER_MS));
	snprintf(msg, sizeof(msg),
		 "Failed to connect to %s port %u after %lld ms: Timeout was reached",
		 cu->url.host, cu->url.port, (long long)elapsed_ms(cu));
	transfer_failed(cu, 28, msg);
}

static void max_timer_fire(struct vn_job_timer *t, void *arg)
{
	struct curl *cu = arg;
	char msg[400];

	(void)t;
	if (cu->state == ST_IDLE)
		return;
	if (cu->state == ST_CONNECTING)
		snprintf(msg, sizeof(msg),
			 "Connection timed out after %lld milliseconds",
			 (long long)elapsed_ms(cu));
	else if (cu->state == ST_BODY && cu->mode == BODY_LENGTH)
		snprintf(msg, sizeof(msg),
			 "Operation timed out after %lld milliseconds with %llu out of %llu bytes received",
			 (long long)elapsed_ms(cu),
			 (unsigned long long)cu->n_body,
			 (unsigned long long)cu->expect);
	else
		snprintf(msg, sizeof(msg),
			 "Operation timed out after %lld milliseconds with %llu bytes received",
			 (long long)elapsed_ms(cu),
			 (unsigned long long)cu->n_body);
	transfer_failed(cu, 28, msg);
}

static void curl_release(struct vn_job *job)
{
	struct curl *cu = vn_job_data(job);

	drop_connection(cu, false);
	close_output(cu);
	vn_app_bytes_fini(&cu->req);
	free(cu->head);
	free(cu->urls);
	free(cu->outfiles);
	vn_app_argv_free(cu->args);
	free(cu);
}

static const struct vn_job_ops curl_ops = {
	.release = curl_release,
};

/* --- arguments ---------------------------------------------------------- */

static int try_help(struct vn_job *job)
{
	vn_job_eprintf(job,
		       "curl: try 'curl --help' or 'curl --manual' for more information\n");
	return 2;
}

static int help(struct vn_job *job)
{
	vn_job_printf(job,
		      "Usage: curl [options...] <url>\n"
		      "     --connect-timeout <seconds> Maximum time allowed for connection\n"
		      " -f, --fail                Fail fast with no output on HTTP errors\n"
		      " -H, --header <header/@file> Pass custom header(s) to server\n"
		      " -h, --help <category>     Get help for commands\n"
		      " -I, --head                Show document info only\n"
		      " -i, --include             Include protocol response headers in the output\n"
		      " -m, --max-time <fractional seconds> Maximum time allowed for transfer\n"
		      " -o, --output <file>       Write to file instead of stdout\n"
		      " -X, --request <method>    Specify request method to use\n"
		      " -S, --show-error          Show error even when -s is used\n"
		      " -s, --silent              Silent mode\n"
		      " -A, --user-agent <name>   Send User-Agent <name> to server\n"
		      " -v, --verbose             Make the operation more talkative\n"
		      "vnet's curl speaks http:// to IPv4 addresses only.\n");
	return 0;
}

static int parse_secs(const char *s, int64_t *ns)
{
	char *end;
	double v;

	if (!*s)
		return -EINVAL;
	v = strtod(s, &end);
	if (*end || v < 0 || v > 1e9)
		return -EINVAL;
	*ns = (int64_t)(v * 1e9 + 0.5);
	return 0;
}

enum {
	OPT_CONNECT_TIMEOUT = 0x100,
	OPT_NO_PROGRESS,
	OPT_URL,
};

static const struct vn_app_longopt curl_longopts[] = {
	{ "output", true, 'o' },
	{ "silent", false, 's' },
	{ "show-error", false, 'S' },
	{ "verbose", false, 'v' },
	{ "head", false, 'I' },
	{ "include", false, 'i' },
	{ "fail", false, 'f' },
	{ "max-time", true, 'm' },
	{ "connect-timeout", true, OPT_CONNECT_TIMEOUT },
	{ "header", true, 'H' },
	{ "request", true, 'X' },
	{ "user-agent", true, 'A' },
	{ "help", false, 'h' },
	{ "no-progress-meter", false, OPT_NO_PROGRESS },
	{ "url", true, OPT_URL },
	{ NULL, false, 0 },
};

int vn_app_curl(struct vn_job *job, int argc, char **argv);

int vn_app_curl(struct vn_job *job, int argc, char **argv)
{
	struct curl *cu = calloc(1, sizeof(*cu));
	struct vn_app_getopt g;
	char **extra_urls = NULL;
	int c, n_extra = 0, status = 2;

	if (!cu || !(argv = vn_app_argv_dup(argc, argv))) {
		free(cu);
		vn_job_eprintf(job, "curl: (27) Out of memory\n");
		return 27;
	}
	cu->args = argv;
	if (vn_app_getopt_init(&g, argc, argv)) {
		vn_app_argv_free(argv);
		free(cu);
		vn_job_eprintf(job, "curl: (27) Out of memory\n");
		return 27;
	}
	cu->job = job;
	cu->conn_id = -1;
	vn_job_set_ops(job, &curl_ops, cu);
	cu->urls = calloc((size_t)argc + 1, sizeof(char *));
	cu->outfiles = calloc((size_t)argc + 1, sizeof(char *));
	extra_urls = calloc((size_t)argc + 1, sizeof(char *));
	if (!cu->urls || !cu->outfiles || !extra_urls)
		goto out;
	while ((c = vn_app_getopt_next(&g, "o:sSvIifm:H:X:A:h",
				       curl_longopts)) != -1) {
		switch (c) {
		case 'o':
			cu->outfiles[cu->n_outfiles++] = (char *)g.arg;
			break;
		case 's':
			cu->silent = true;
			break;
		case 'S':
			cu->show_error = true;
			break;
		case 'v':
			cu->verbose = true;
			break;
		case 'I':
			cu->head_only = true;
			break;
		case 'i':
			cu->include = true;
			break;
		case 'f':
			cu->fail = true;
			break;
		case 'm':
		case OPT_CONNECT_TIMEOUT:
			if (parse_secs(g.arg, c == 'm' ? &cu->max_time :
							 &cu->connect_timeout)) {
				if (c == 'm')
					vn_job_eprintf(job, "curl: option -m: expected a proper numerical parameter\n");
				else
					vn_job_eprintf(job, "curl: option --connect-timeout: expected a proper numerical parameter\n");
				status = try_help(job);
				goto out;
			}
			break;
		case 'H':
			if (cu->n_headers < MAX_HEADERS)
				cu->headers[cu->n_headers++] = g.arg;
			break;
		case 'X':
			cu->method = g.arg;
			break;
		case 'A':
			cu->agent = g.arg;
			break;
		case OPT_URL:
			extra_urls[n_extra++] = (char *)g.arg;
			break;
		case 'h':
			status = help(job);
			goto out;
		case OPT_NO_PROGRESS:
			break;
		case ':':
			if (g.name)
				vn_job_eprintf(job, "curl: option --%s: requires parameter\n",
					       g.name);
			else
				vn_job_eprintf(job, "curl: option -%c: requires parameter\n",
					       g.opt);
			status = try_help(job);
			goto out;
		default:
			if (g.name)
				vn_job_eprintf(job, "curl: option --%s: is unknown\n",
					       g.name);
			else
				vn_job_eprintf(job, "curl: option -%c: is unknown\n",
					       g.opt);
			status = try_help(job);
			goto out;
		}
	}
	for (int i = 0; i < n_extra; i++)
		cu->urls[cu->n_urls++] = extra_urls[i];
	for (int i = 0; i < g.n_operands; i++)
		cu->urls[cu->n_urls++] = g.operands[i];
	if (!cu->n_urls) {
		status = try_help(job);
		goto out;
	}
	cu->work = vn_job_timer_new(job, work_fire, cu);
	cu->conn_timer = vn_job_timer_new(job, conn_timer_fire, cu);
	cu->max_timer = vn_job_timer_new(job, max_timer_fire, cu);
	vn_app_getopt_fini(&g);
	free(extra_urls);
	next_url(cu);
	return VN_JOB_RUNNING;
out:
	vn_app_getopt_fini(&g);
	free(extra_urls);
	return status;
}
