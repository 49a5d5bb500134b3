// SPDX-License-Identifier: MIT
/*
 * app/common.c - helpers the built-in applications share; see common.h.
 *
 * The URL parser follows curl 7.88's urlapi where users see it: a
 * missing scheme means http, "http:/host" is tolerated, a port is 0 to
 * 65535 digits (empty means the default), IPv4 hosts may be written as
 * curl's ipv4_normalize() accepts them (1 to 4 parts, decimal, octal or
 * hex: "2130706433" is 127.0.0.1).  The HTTP head parser accepts what
 * RFC 9112 section 2.2 says a robust recipient should (bare LF line
 * ends) and rejects what it says to reject (whitespace before a colon,
 * obsolete line folding).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/common.h"

int vn_app_parse_addr(const char *s, uint32_t *addr)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) != 1)
		return -EINVAL;
	*addr = ntohl(in.s_addr);
	return 0;
}

char *vn_app_format_addr(uint32_t addr, char buf[VN_APP_ADDR_LEN])
{
	snprintf(buf, VN_APP_ADDR_LEN, "%u.%u.%u.%u", addr >> 24,
		 (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff);
	return buf;
}

int vn_app_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case 'k':
	case 'K':
		mult = 1ULL << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = 1ULL << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = 1ULL << 30;
		end++;
		break;
	case 't':
	case 'T':
		mult = 1ULL << 40;
		end++;
		break;
	default:
		break;
	}
	if (*end || v > UINT64_MAX / mult)
		return -EINVAL;
	*out = v * mult;
	return 0;
}

int vn_app_parse_rate(const char *s, double *out)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)*s) && *s != '.')
		return -EINVAL;
	v = strtod(s, &end);
	switch (*end) {
	case 'k':
	case 'K':
		v *= 1e3;
		end++;
		break;
	case 'm':
	case 'M':
		v *= 1e6;
		end++;
		break;
	case 'g':
	case 'G':
		v *= 1e9;
		end++;
		break;
	case 't':
	case 'T':
		v *= 1e12;
		end++;
		break;
	default:
		break;
	}
	if (*end || !isfinite(v) || v < 0)
		return -EINVAL;
	*out = v;
	return 0;
}

void vn_app_unit_format(char *buf, size_t size, double n, char fmt)
{
	static const char *const byte_label[] = { "Byte", "KByte", "MByte",
						  "GByte", "TByte" };
	static const char *const bit_label[] = { "bit", "Kbit", "Mbit",
						 "Gbit", "Tbit" };
	bool bits = !isupper((unsigned char)fmt);
	double base = bits ? 1000.0 : 1024.0;
	int conv = 0;

	if (bits)
		n *= 8;
	switch (toupper((unsigned char)fmt)) {
	case 'K':
		conv = 1;
		break;
	case 'M':
		conv = 2;
		break;
	case 'G':
		conv = 3;
		break;
	default:
		for (double t = n; t >= base && conv < 4; t /= base)
			conv++;
		break;
	}
	for (int i = 0; i < conv; i++)
		n /= base;
	/* iperf3: always four places ("9.99", "99.9", " 999", "1023"). */
	if (n < 9.995)
		snprintf(buf, size, "%4.2f %s", n,
			 bits ? bit_label[conv] : byte_label[conv]);
	else if (n < 99.95)
		snprintf(buf, size, "%4.1f %s", n,
			 bits ? bit_label[conv] : byte_label[conv]);
	else
		snprintf(buf, size, "%4.0f %s", n,
			 bits ? bit_label[conv] : byte_label[conv]);
}

uint64_t vn_app_fnv1a(uint64_t h, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* splitmix64's finaliser: a good hash of the word index. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void vn_app_pattern(uint8_t *buf, uint64_t offset, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint64_t pos = offset + i;
		uint64_t word = mix64(pos / 8);
		unsigned shift = (unsigned)(pos % 8);

		for (; shift < 8 && i < len; shift++, i++)
			buf[i] = (uint8_t)(word >> (8 * shift));
	}
}

/* 2026-01-01T00:00:00Z, what virtual time 0 prints as (base/clock.c). */
#define VIRTUAL_EPOCH 1767225600LL

int64_t vn_app_wall_time(const struct vn_job *job, int64_t now_ns)
{
	struct timespec ts;
	int64_t delta;

	if (vn_job_is_virtual(job))
		return VIRTUAL_EPOCH + now_ns / VN_APP_NS_PER_SEC;
	/*
	 * Real time: the host's clock, shifted back by how long ago @now_ns
	 * was.  Only for display (Date headers, access logs); every timeout
	 * runs on the engine clock.
	 */
	clock_gettime(CLOCK_REALTIME, &ts);
	delta = vn_job_now(job) - now_ns;
	return (int64_t)ts.tv_sec - delta / VN_APP_NS_PER_SEC;
}

static void utc(int64_t sec, struct tm *tm)
{
	time_t t = (time_t)sec;

	gmtime_r(&t, tm);
}

static const char *const wday[] = { "Sun", "Mon", "Tue", "Wed",
				    "Thu", "Fri", "Sat" };
static const char *const month[] = { "Jan", "Feb", "Mar", "Apr",
				     "May", "Jun", "Jul", "Aug",
				     "Sep", "Oct", "Nov", "Dec" };

void vn_app_http_date(int64_t sec, char *buf, size_t size)
{
	struct tm tm;

	utc(sec, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d GMT",
		 wday[tm.tm_wday], tm.tm_mday, month[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void vn_app_clf_date(int64_t sec, char *buf, size_t size)
{
	struct tm tm;

	utc(sec, &tm);
	snprintf(buf, size, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday,
		 month[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

/* curl's ipv4_normalize(): "a", "a.b", "a.b.c", "a.b.c.d", each part
 * decimal, 0-octal or 0x-hex, the last part filling the remaining bytes. */
static int ipv4_normalize(const char *host, uint32_t *addr)
{
	unsigned long parts[4];
	int n = 0;
	const char *p = host;

	if (!*host)
		return -EINVAL;
	for (;;) {
		char *end;

		if (!isdigit((unsigned char)*p) || n == 4)
			return -EINVAL;
		errno = 0;
		parts[n++] = strtoul(p, &end, 0);
		if (errno || parts[n - 1] > 0xffffffffUL)
			return -EINVAL;
		p = end;
		if (!*p)
			break;
		if (*p != '.')
			return -EINVAL;
		p++;
	}
	for (int i = 0; i < n - 1; i++)
		if (parts[i] > 0xff)
			return -EINVAL;
	switch (n) {
	case 1:
		*addr = (uint32_t)parts[0];
		return 0;
	case 2:
		if (parts[1] > 0xffffff)
			return -EINVAL;
		*addr = (uint32_t)(parts[0] << 24 | parts[1]);
		return 0;
	case 3:
		if (parts[2] > 0xffff)
			return -EINVAL;
		*addr = (uint32_t)(parts[0] << 24 | parts[1] << 16 | parts[2]);
		return 0;
	default:
		if (parts[3] > 0xff)
			return -EINVAL;
		*addr = (uint32_t)(parts[0] << 24 | parts[1] << 16 |
				   parts[2] << 8 | parts[3]);
		return 0;
	}
}

int vn_app_url_parse(const char *url, struct vn_app_url *u)
{
	const char *p = url, *colon, *host, *host_end, *slash, *at;
	size_t n;

	memset(u, 0, sizeof(*u));
	for (const char *c = url; *c; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
			return 3;
	if (strlen(url) >= VN_APP_URL_MAX)
		return 3;
	/* A scheme is letters before "://" (or ":/"); without one, http. */
	colon = strchr(url, ':');
	n = colon ? (size_t)(colon - url) : 0;
	if (colon && n > 0 && n < sizeof(u->scheme) && colon[1] == '/' &&
	    strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.") == n &&
	    isalpha((unsigned char)url[0])) {
		for (size_t i = 0; i < n; i++)
			u->scheme[i] = (char)tolower((unsigned char)url[i]);
		p = colon + 2;
		if (*p == '/')
			p++;
	} else if (colon && n > 0 && n < sizeof(u->scheme) &&
		   strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") == n &&
		   !isdigit((unsigned char)colon[1])) {
		/* "http:host" is neither a scheme nor a host:port. */
		return 3;
	} else {
		strcpy(u->scheme, "http");
	}
	host = p;
	host_end = host + strcspn(host, "/?#");
	slash = host_end;
	/* user:password@ is allowed and ignored (no authentication). */
	at = memchr(host, '@', (size_t)(host_end - host));
	if (at)
		host = at + 1;
	if (*host == '[') {
		/* IPv6: well formed, but vnet has none -- "Couldn't connect". */
		const char *rb = memchr(host, ']', (size_t)(host_end - host));

		n = rb ? (size_t)(rb - host - 1) : 0;
		if (!n || n >= sizeof(u->host))
			return 3;
		memcpy(u->host, host + 1, n);
		u->port = 80;
		return strcmp(u->scheme, "http") ? 1 : 7;
	}
	colon = memchr(host, ':', (size_t)(host_end - host));
	n = (size_t)((colon ? colon : host_end) - host);
	if (n == 0 || n >= sizeof(u->host))
		return 3;
	memcpy(u->host, host, n);
	if (colon) {
		const char *d = colon + 1;
		unsigned long port = 0;

		if (d < host_end) {
			for (const char *c = d; c < host_end; c++) {
				if (!isdigit((unsigned char)*c))
					return 3;
				port = port * 10 + (unsigned long)(*c - '0');
				if (port > 65535)
					return 3;
			}
			u->port = (uint16_t)port;
			u->port_given = true;
		}
	}
	if (strcmp(u->scheme, "http"))
		return 1;
	if (!u->port_given)
		u->port = 80;
	/* The target: path and query, never the fragment. */
	n = strcspn(slash, "#");
	if (*slash != '/') {
		u->target[0] = '/';
		memcpy(u->target + 1, slash, n);
	} else {
		memcpy(u->target, slash, n);
	}
	if (ipv4_normalize(u->host, &u->addr))
		return 6;
	vn_app_format_addr(u->addr, u->host);
	return 0;
}

size_t vn_app_http_head_len(const char *buf, size_t len)
{
	/* Skip leading empty lines (RFC 9112 2.2: at least one). */
	size_t i = 0;

	while (i < len && (buf[i] == '\r' || buf[i] == '\n'))
		i++;
	for (; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (i + 1 < len && buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Next line of [*p, end): NUL-terminated, CR removed; NULL at the end. */
static char *next_line(char **p, char *end)
{
	char *line = *p, *nl;

	if (line >= end)
		return NULL;
	nl = memchr(line, '\n', (size_t)(end - line));
	if (!nl)
		nl = end;
	*p = nl + 1;
	if (nl > line && nl[-1] == '\r')
		nl[-1] = '\0';
	if (nl < end)
		*nl = '\0';
	return line;
}

static bool is_tchar(char c)
{
	return isalnum((unsigned char)c) || strchr("!#$%&'*+-.^_`|~", c);
}

static int parse_fields(char **p, char *end, struct vn_app_http_head *h)
{
	char *line;

	while ((line = next_line(p, end)) && *line) {
		char *colon = strchr(line, ':'), *v, *e;

		/* RFC 9112 5.1/5.2: no whitespace before the colon, no
		 * obsolete line folding. */
		if (!colon || colon == line || *line == ' ' || *line == '\t')
			return -EINVAL;
		for (char *c = line; c < colon; c++)
			if (!is_tchar(*c))
				return -EINVAL;
		if (h->n_fields == VN_APP_HTTP_MAX_HEADERS)
			return -E2BIG;
		*colon = '\0';
		v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		e = v + strlen(v);
		while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		for (char *c = v; c < e; c++)
			if ((unsigned char)*c < ' ' && *c != '\t')
				return -EINVAL;
		h->fields[h->n_fields].name = line;
		h->fields[h->n_fields].value = v;
		h->n_fields++;
	}
	return 0;
}

static int parse_version(const char *v, int *minor)
{
	if (strncmp(v, "HTTP/", 5) || !isdigit((unsigned char)v[5]) ||
	    v[6] != '.' || !isdigit((unsigned char)v[7]) || v[8])
		return -EINVAL;
	if (v[5] != '1')
		return -EPROTONOSUPPORT;
	*minor = v[7] - '0';
	return 0;
}

int vn_app_http_parse_request(char *buf, size_t len,
			      struct vn_app_http_head *h)
{
	char *p = buf, *end = buf + len, *line, *sp1, *sp2;

	memset(h, 0, sizeof(*h));
	while (p < end && (*p == '\r' || *p == '\n'))
		p++;
	line = next_line(&p, end);
	if (!line)
		return -EINVAL;
	/* request-line = method SP request-target SP HTTP-version */
	sp1 = strchr(line, ' ');
	if (!sp1 || sp1 == line)
		return -EINVAL;
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || sp2 == sp1 + 1 || strchr(sp2 + 1, ' '))
		return -EINVAL;
	*sp1 = *sp2 = '\0';
	for (char *c = line; *c; c++)
		if (!is_tchar(*c))
			return -EINVAL;
	for (char *c = sp1 + 1; *c; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
			return -EINVAL;
	h->method = line;
	h->target = sp1 + 1;
	h->version = sp2 + 1;
	if (parse_version(h->version, &h->minor) == -EINVAL)
		return -EINVAL;
	if (parse_fields(&p, end, h))
		return h->n_fields == VN_APP_HTTP_MAX_HEADERS ? -E2BIG :
								 -EINVAL;
	return parse_version(h->version, &h->minor);
}

int vn_app_http_parse_response(char *buf, size_t len,
			       struct vn_app_http_head *h)
{
	char *p = buf, *end = buf + len, *line, *sp;

	memset(h, 0, sizeof(*h));
	line = next_line(&p, end);
	if (!line)
		return -EINVAL;
	sp = strchr(line, ' ');
	if (!sp)
		return -EINVAL;
	*sp = '\0';
	h->version = line;
	if (parse_version(line, &h->minor))
		return -EINVAL;
	if (!isdigit((unsigned char)sp[1]) || !isdigit((unsigned char)sp[2]) ||
	    !isdigit((unsigned char)sp[3]) || (sp[4] && sp[4] != ' '))
		return -EINVAL;
	h->status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
	h->reason = sp[4] ? sp + 5 : sp + 4;
	return parse_fields(&p, end, h);
}

const char *vn_app_http_field(const struct vn_app_http_head *h,
			      const char *name)
{
	for (int i = 0; i < h->n_fields; i++)
		if (!strcasecmp(h->fields[i].name, name))
			return h->fields[i].value;
	return NULL;
}

bool vn_app_http_has_token(const char *value, const char *token)
{
	size_t n = strlen(token);

	while (value && *value) {
		const char *e = value + strcspn(value, ",");
		const char *s = value, *t = e;

		while (s < t && (*s == ' ' || *s == '\t'))
			s++;
		while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
			t--;
		if ((size_t)(t - s) == n && !strncasecmp(s, token, n))
			return true;
		value = *e ? e + 1 : e;
	}
	return false;
}

void vn_app_bytes_init(struct vn_app_bytes *b, size_t max_size)
{
	memset(b, 0, sizeof(*b));
	b->max_size = max_size;
}

void vn_app_bytes_fini(struct vn_app_bytes *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* Room for @len more bytes at the end (compacting or growing). */
static int reserve(struct vn_app_bytes *b, size_t len)
{
	size_t need, size;
	uint8_t *p;

	if (b->off == b->len)
		b->off = b->len = 0;
	if (b->size - b->len >= len)
		return 0;
	if (b->off) {
		memmove(b->data, b->data + b->off, b->len - b->off);
		b->len -= b->off;
		b->off = 0;
		if (b->size - b->len >= len)
			return 0;
	}
	need = b->len + len;
	if (need > b->max_size)
		return -ENOBUFS;
	size = b->size ? b->size : 256;
	while (size < need)
		size *= 2;
	if (size > b->max_size)
		size = b->max_size;
	p = realloc(b->data, size);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->size = size;
	return 0;
}

int vn_app_bytes_add(struct vn_app_bytes *b, const void *data, size_t len)
{
	int rc = reserve(b, len);

	if (rc)
		return rc;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	return 0;
}

int vn_app_bytes_printf(struct vn_app_bytes *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n < sizeof(small))
		return vn_app_bytes_add(b, small, (size_t)n);
	if (reserve(b, (size_t)n + 1))
		return -ENOBUFS;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

ssize_t vn_app_bytes_flush(struct vn_app_bytes *b, struct vn_sock *sock)
{
	while (b->off < b->len) {
		ssize_t n = vn_sock_send(sock, b->data + b->off,
					 b->len - b->off, 0);

		if (n == -EAGAIN)
			break;
		if (n < 0)
			return n;
		b->off += (size_t)n;
	}
	if (b->off == b->len)
		b->off = b->len = 0;
	return (ssize_t)(b->len - b->off);
}

char **vn_app_argv_dup(int argc, char **argv)
{
	char **copy = calloc((size_t)argc + 1, sizeof(char *));

	if (!copy)
		return NULL;
	for (int i = 0; i < argc; i++) {
		copy[i] = strdup(argv[i]);
		if (!copy[i]) {
			vn_app_argv_free(copy);
			return NULL;
		}
	}
	return copy;
}

void vn_app_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}

int vn_app_getopt_init(struct vn_app_getopt *g, int argc, char **argv)
{
	memset(g, 0, sizeof(*g));
	g->argc = argc;
	g->argv = argv;
	g->ind = 1;
	g->operands = calloc((size_t)(argc > 0 ? argc : 1), sizeof(char *));
	return g->operands ? 0 : -ENOMEM;
}

void vn_app_getopt_fini(struct vn_app_getopt *g)
{
	free(g->operands);
	g->operands = NULL;
}

static int long_option(struct vn_app_getopt *g, const char *text,
		       const struct vn_app_longopt *longopts)
{
	const char *eq = strchr(text, '=');
	size_t n = eq ? (size_t)(eq - text) : strlen(text);

	for (const struct vn_app_longopt *l = longopts; l && l->name; l++) {
		if (strlen(l->name) != n || strncmp(l->name, text, n))
			continue;
		g->arg = NULL;
		if (l->has_arg) {
			if (eq) {
				g->arg = eq + 1;
			} else if (g->ind < g->argc) {
				g->arg = g->argv[g->ind++];
			} else {
				g->name = l->name;
				return ':';
			}
		} else if (eq) {
			g->name = l->name;
			return '?';
		}
		return l->val;
	}
	g->name = text;
	return '?';
}

int vn_app_getopt_next(struct vn_app_getopt *g, const char *shortopts,
		       const struct vn_app_longopt *longopts)
{
	const char *a, *spec;
	int c;

	g->name = NULL;
	g->arg = NULL;
	while (!g->pos) {
		if (g->ind >= g->argc)
			return -1;
		a = g->argv[g->ind++];
		if (!strcmp(a, "--")) {
			while (g->ind < g->argc)
				g->operands[g->n_operands++] = g->argv[g->ind++];
			return -1;
		}
		if (a[0] == '-' && a[1] == '-')
			return long_option(g, a + 2, longopts);
		if (a[0] != '-' || !a[1]) {
			g->operands[g->n_operands++] = (char *)a;
			continue;
		}
		g->pos = 1;
	}
	a = g->argv[g->ind - 1];
	c = (unsigned char)a[g->pos++];
	spec = c != ':' ? strchr(shortopts, c) : NULL;
	if (!a[g->pos])
		g->pos = 0;
	g->opt = c;
	if (!spec)
		return '?';
	if (spec[1] != ':')
		return c;
	if (g->pos) {
		g->arg = a + g->pos;
		g->pos = 0;
	} else if (g->ind < g->argc) {
		g->arg = g->argv[g->ind++];
	} else {
		return ':';
	}
	return c;
}

struct service {
	uint16_t port;
	uint8_t proto;		/* 1 tcp, 2 udp, 3 both */
	const char *name;
};

/* Debian netbase /etc/services, the ports people try most. */
static const struct service services[] = {
	{ 20, 1, "ftp-data" },	  { 21, 1, "ftp" },	   { 21, 2, "fsp" },
	{ 22, 1, "ssh" },	  { 23, 1, "telnet" },	   { 25, 1, "smtp" },
	{ 53, 3, "domain" },	  { 67, 2, "bootps" },	   { 68, 2, "bootpc" },
	{ 69, 2, "tftp" },	  { 80, 1, "http" },	   { 110, 1, "pop3" },
	{ 119, 1, "nntp" },	  { 123, 2, "ntp" },	   { 143, 1, "imap2" },
	{ 161, 3, "snmp" },	  { 162, 3, "snmp-trap" }, { 179, 1, "bgp" },
	{ 389, 3, "ldap" },	  { 443, 3, "https" },	   { 445, 1, "microsoft-ds" },
	{ 514, 1, "shell" },	  { 514, 2, "syslog" },	   { 587, 1, "submission" },
	{ 993, 1, "imaps" },	  { 995, 1, "pop3s" },	   { 1080, 1, "socks" },
	{ 3306, 1, "mysql" },	  { 5432, 1, "postgresql" }, { 6379, 1, "redis" },
	{ 8080, 1, "http-alt" },
};

const char *vn_app_service_name(uint16_t port, bool udp)
{
	for (size_t i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (services[i].port == port &&
		    (services[i].proto & (udp ? 2 : 1)))
			return services[i].name;
	return NULL;
}
