// SPDX-License-Identifier: MIT
/*
 * app/ab.c - ab, ApacheBench 2.3 as Debian 12 ships it (apache2-utils
 * 2.4): N requests, C at a time, and ab's report.
 *
 * Theory of operation, following ab.c's test() loop: connection slot 0
 * connects first; once its response head has arrived (the server
 * works), the other C - 1 slots start.  Each slot connects, writes the
 * HTTP/1.0 request, reads until the server closes (or, with -k and a
 * "Keep-Alive" response with Content-Length, until the body is complete,
 * then sends the next request on the same connection), records the
 * request's times (connect, first byte, end) and starts the next request
 * while fewer than N have started.  Wakeups are deferred to a zero-delay
 * timer and each ready slot runs one step, so no work happens inside the
 * stack.  Times are the engine clock's, in microseconds as APR's: on
 * virtual time they are the links' configured delays, so the report is
 * the same every run.
 *
 * Counting follows ab: the first good response fixes the document length
 * (a different length later is a "Length" failure unless -l), a status
 * other than 2xx counts as "Non-2xx", a connection refused ends the run
 * with "apr_socket_recv: Connection refused (111)" and exit status 111
 * (unless -r), and -s seconds without any event ends it with
 * "apr_pollset_poll: The timeout specified has expired (70007)".
 * Memory: one slot per concurrent request (with an 8 KiB head buffer,
 * allocated while reading) and 32 bytes of statistics per request.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/common.h"

#define CBUFFSIZE 8192
#define MAX_CONCURRENCY 200000
#define MAX_REQUESTS 50000	/* -t without -n */
#define AB_MAX INT64_MAX

enum slot_state {
	SLOT_UNCONNECTED,
	SLOT_CONNECTING,
	SLOT_WRITE,
	SLOT_READ,
};

struct slot {
	struct ab *ab;
	struct vn_sock *sock;
	enum slot_state state;
	bool ready;		/* on the ready list */
	struct vn_app_list ready_link;
	int64_t start, connect, endwrite, beginread;	/* microseconds */
	size_t rwrote;
	uint64_t read;		/* bytes of this response */
	uint64_t bread;		/* body bytes */
	uint64_t length;	/* Content-Length for keep-alive */
	bool keepalive, gotheader;
	char *cbuff;
	size_t cbx;
};

struct stat_entry {
	int64_t starttime, waittime, ctime, time;
};

struct ab {
	struct vn_job *job;
	/* Options. */
	long requests, concurrency;
	int tlimit;
	int64_t timeout_us;
	bool keepalive, head, nolength, recverrok, percentile, confidence;
	long heartbeatres;
	char *request;
	size_t reqlen;
	char hostname[256];
	uint32_t addr;
	uint16_t port;
	char *path;
	uint32_t bind_addr;
	bool bind;
	char **args;
	/* Counters, as ab's globals. */
	long started, done, doneka, good, bad;
	long err_length, err_conn, err_recv, err_except, err_response, epipe;
	uint64_t doclen, totalread, totalbread;
	bool requests_initialized;
	char servername[1024];
	int64_t start, lasttime, stoptime;
	struct stat_entry *stats;
	struct slot *con;
	struct vn_app_list ready;
	struct vn_job_timer *work, *poll_timer, *stop_timer;
	bool finished;
	uint8_t buffer[CBUFFSIZE];
};

static void start_connect(struct slot *c);
static void finish(struct ab *ab);

static int64_t now_us(const struct ab *ab)
{
	return vn_job_now(ab->job) / 1000;
}

static void apr_err(struct ab *ab, const char *what, int err, int code)
{
	vn_job_eprintf(ab->job, "%s: %s (%d)\n", what, strerror(err), code);
	if (ab->done)
		vn_job_printf(ab->job, "Total of %ld requests completed\n",
			      ab->done);
	ab->finished = true;
	vn_job_exit(ab->job, code);
}

static void slot_wakeup(struct vn_sock *sock, void *arg)
{
	struct slot *c = arg;
	struct ab *ab = c->ab;

	(void)sock;
	if (vn_app_list_empty(&c->ready_link))
		vn_app_list_push_back(&ab->ready, &c->ready_link);
	vn_job_timer_arm(ab->work, vn_job_now(ab->job));
}

static void slot_close(struct slot *c)
{
	if (c->sock)
		vn_sock_close(c->sock);
	c->sock = NULL;
	c->state = SLOT_UNCONNECTED;
	vn_app_list_remove(&c->ready_link);
}

static void record(struct slot *c)
{
	struct ab *ab = c->ab;
	struct stat_entry *s;
	int64_t done_us = now_us(ab);

	if (ab->done >= ab->requests)
		return;
	s = &ab->stats[ab->done++];
	ab->lasttime = done_us;
	s->starttime = c->start;
	s->ctime = c->connect - c->start > 0 ? c->connect - c->start : 0;
	s->time = done_us - c->start > 0 ? done_us - c->start : 0;
	s->waittime = c->beginread - c->endwrite > 0 ?
			      c->beginread - c->endwrite :
			      0;
	if (ab->heartbeatres && !(ab->done % ab->heartbeatres))
		vn_job_eprintf(ab->job, "Completed %ld requests\n", ab->done);
}

static void length_check(struct slot *c)
{
	struct ab *ab = c->ab;

	if (ab->good == 1)
		ab->doclen = c->bread;
	else if (c->bread != ab->doclen && !ab->nolength) {
		ab->bad++;
		ab->err_length++;
	}
}

/* close_connection(): the response is complete (or the server gave up). */
static void close_connection(struct slot *c)
{
	struct ab *ab = c->ab;

	if (c->read == 0 && c->keepalive) {
		/* The server closed an idle keep-alive connection. */
		if (ab->good)
			ab->good--;
	} else {
		length_check(c);
		record(c);
	}
	slot_close(c);
	start_connect(c);
}

static void write_request(struct slot *c)
{
	struct ab *ab = c->ab;

	if (c->rwrote == 0) {
		c->connect = now_us(ab);
		ab->lasttime = c->connect;
	}
	while (c->rwrote < ab->reqlen) {
		ssize_t n = vn_sock_send(c->sock, ab->request + c->rwrote,
					 ab->reqlen - c->rwrote, 0);

		if (n == -EAGAIN) {
			c->state = SLOT_WRITE;
			return;
		}
		if (n < 0) {
			ab->epipe++;
			vn_job_printf(ab->job, "Send request failed!\n");
			close_connection(c);
			return;
		}
		c->rwrote += (size_t)n;
	}
	c->state = SLOT_READ;
	c->endwrite = now_us(ab);
	ab->lasttime = c->endwrite;
}

static void start_connect(struct slot *c)
{
	struct ab *ab = c->ab;
	struct vn_sockaddr to = { ab->addr, ab->port };
	int rc;

	if (ab->finished || !(ab->started < ab->requests))
		return;
	ab->started++;
	c->read = c->bread = c->length = 0;
	c->keepalive = c->gotheader = false;
	c->cbx = 0;
	c->rwrote = 0;
	rc = vn_socket(vn_job_netns(ab->job), VN_SOCK_STREAM, 0, &c->sock);
	if (rc) {
		c->sock = NULL;
		apr_err(ab, "socket", -rc, -rc);
		return;
	}
	if (ab->bind) {
		struct vn_sockaddr me = { ab->bind_addr, 0 };

		rc = vn_sock_bind(c->sock, &me);
		if (rc) {
			apr_err(ab, "bind", -rc, -rc);
			return;
		}
	}
	vn_sock_set_wakeup(c->sock, slot_wakeup, c);
	c->start = ab->lasttime = now_us(ab);
	rc = vn_sock_connect(c->sock, &to);
	if (rc == -EINPROGRESS) {
		c->state = SLOT_CONNECTING;
		return;
	}
	if (rc) {
		slot_close(c);
		ab->started--;
		if (ab->bad++ > 10) {
			vn_job_eprintf(ab->job, "\nTest aborted after 10 failures\n\n");
			apr_err(ab, "apr_socket_connect()", -rc, -rc);
			return;
		}
		ab->err_conn++;
		start_connect(c);
		return;
	}
	c->state = SLOT_WRITE;
	write_request(c);
}

/* The response head is in c->cbuff[0, hl). */
static void got_header(struct slot *c, size_t hl)
{
	struct ab *ab = c->ab;
	char respcode[4];
	const char *part;

	c->cbuff[hl] = '\0';
	if (!ab->good) {
		const char *p = strcasestr(c->cbuff, "Server:");
		size_t len = 0;
		char *q = ab->servername;

		if (p) {
			p += 8;
			while ((unsigned char)*p > 32 &&
			       len++ < sizeof(ab->servername) - 1)
				*q++ = *p++;
		}
		*q = '\0';
	}
	part = strstr(c->cbuff, "HTTP");
	if (part && strlen(part) > strlen("HTTP/1.x_")) {
		memcpy(respcode, part + strlen("HTTP/1.x_"), 3);
		respcode[3] = '\0';
	} else {
		strcpy(respcode, "500");
	}
	if (respcode[0] != '2')
		ab->err_response++;
	c->gotheader = true;
	if (ab->keepalive && strcasestr(c->cbuff, "Keep-Alive")) {
		const char *cl = strcasestr(c->cbuff, "Content-Length:");

		c->keepalive = true;
		c->length = cl && !ab->head ? (uint64_t)atol(cl + 16) : 0;
	}
	if (!ab->requests_initialized) {
		ab->requests_initialized = true;
		for (long i = 1; i < ab->concurrency; i++)
			start_connect(&ab->con[i]);
	}
}

/* read_connection(): whatever the socket has. */
static void read_connection(struct slot *c)
{
	struct ab *ab = c->ab;

	for (;;) {
		ssize_t r = vn_sock_recv(c->sock, ab->buffer, sizeof(ab->buffer),
					 0);

		if (r == -EAGAIN)
			return;
		if (r == 0) {
			ab->good++;
			close_connection(c);
			return;
		}
		if (r < 0) {
			if (ab->recverrok) {
				ab->err_recv++;
				ab->bad++;
				close_connection(c);
				return;
			}
			ab->err_recv++;
			apr_err(ab, "apr_socket_recv", (int)-r, (int)-r);
			return;
		}
		ab->totalread += (uint64_t)r;
		if (c->read == 0)
			c->beginread = now_us(ab);
		c->read += (uint64_t)r;
		if (!c->gotheader) {
			size_t space = CBUFFSIZE - c->cbx - 1;
			size_t tocopy = space < (size_t)r ? space : (size_t)r;
			char *s;
			size_t l = 4, hl;

			if (!c->cbuff) {
				c->cbuff = malloc(CBUFFSIZE);
				if (!c->cbuff) {
					apr_err(ab, "malloc", ENOMEM, ENOMEM);
					return;
				}
			}
			memcpy(c->cbuff + c->cbx, ab->buffer, tocopy);
			c->cbx += tocopy;
			space -= tocopy;
			c->cbuff[c->cbx] = '\0';
			s = strstr(c->cbuff, "\r\n\r\n");
			if (!s) {
				s = strstr(c->cbuff, "\n\n");
				l = 2;
			}
			if (!s) {
				if (space)
					continue;
				/* Invalid or too big a head. */
				slot_close(c);
				ab->err_response++;
				if (ab->bad++ > 10) {
					vn_job_eprintf(ab->job, "\nTest aborted after 10 failures\n\n");
					ab->finished = true;
					vn_job_exit(ab->job, 1);
					return;
				}
				start_connect(c);
				return;
			}
			hl = (size_t)(s - c->cbuff) + l;
			/* Body bytes of this read: past the head. */
			c->bread += c->cbx - hl + ((size_t)r - tocopy);
			ab->totalbread += c->cbx - hl + ((size_t)r - tocopy);
			got_header(c, hl);
			if (ab->finished)
				return;
		} else {
			c->bread += (uint64_t)r;
			ab->totalbread += (uint64_t)r;
		}
		if (c->keepalive && c->bread >= c->length) {
			/* A keep-alive response is complete. */
			ab->good++;
			length_check(c);
			if (ab->done < ab->requests) {
				record(c);
				ab->doneka++;
			}
			if (ab->done >= ab->requests || ab->finished)
				return;
			c->keepalive = c->gotheader = false;
			c->length = 0;
			c->cbx = 0;
			c->read = c->bread = 0;
			c->start = c->connect = ab->lasttime = now_us(ab);
			if (!(ab->started < ab->requests)) {
				slot_close(c);
				return;
			}
			ab->started++;
			c->rwrote = 0;
			write_request(c);
			if (c->state != SLOT_READ)
				return;
		}
	}
}

static void slot_step(struct slot *c)
{
	struct ab *ab = c->ab;
	unsigned ev;

	if (!c->sock)
		return;
	ev = vn_sock_poll(c->sock);
	switch (c->state) {
	case SLOT_UNCONNECTED:
		return;
	case SLOT_CONNECTING:
		if (ev & (VN_POLLIN | VN_POLLHUP | VN_POLLERR)) {
			int err = vn_sock_error(c->sock);

			if (err) {
				/* ab reads to find out why: the error. */
				if (ab->recverrok) {
					ab->err_recv++;
					ab->bad++;
					close_connection(c);
					return;
				}
				apr_err(ab, "apr_socket_recv", -err, -err);
				return;
			}
		}
		if (!(ev & VN_POLLOUT))
			return;
		c->state = SLOT_WRITE;
		write_request(c);
		if (c->state == SLOT_READ)
			read_connection(c);
		return;
	case SLOT_WRITE:
		write_request(c);
		if (c->state == SLOT_READ)
			read_connection(c);
		return;
	case SLOT_READ:
		read_connection(c);
		return;
	}
}

static void work_fire(struct vn_job_timer *t, void *arg)
{
	struct ab *ab = arg;

	(void)t;
	if (!vn_app_list_empty(&ab->ready) && ab->timeout_us)
		vn_job_timer_arm(ab->poll_timer,
				 vn_job_now(ab->job) + ab->timeout_us * 1000);
	while (!ab->finished && !vn_app_list_empty(&ab->ready)) {
		struct slot *c = vn_app_container_of(ab->ready.next,
						     struct slot, ready_link);

		vn_app_list_remove(&c->ready_link);
		slot_step(c);
		if (ab->done >= ab->requests) {
			finish(ab);
			return;
		}
	}
}

static void poll_timeout(struct vn_job_timer *t, void *arg)
{
	struct ab *ab = arg;

	(void)t;
	if (ab->finished)
		return;
	vn_job_eprintf(ab->job, "apr_pollset_poll: The timeout specified has expired (70007)\n");
	if (ab->done)
		vn_job_printf(ab->job, "Total of %ld requests completed\n",
			      ab->done);
	ab->finished = true;
	vn_job_exit(ab->job, 70007 & 0xff);
}

/* --- the report ----------------------------------------------------------- */

static int64_t round_ms(int64_t us)
{
	return (us + 500) / 1000;
}

static int cmp_ctime(const void *a, const void *b)
{
	const struct stat_entry *x = a, *y = b;

	return (x->ctime > y->ctime) - (x->ctime < y->ctime);
}

static int cmp_dtime(const void *a, const void *b)
{
	const struct stat_entry *x = a, *y = b;
	int64_t p = x->time - x->ctime, q = y->time - y->ctime;

	return (p > q) - (p < q);
}

static int cmp_wait(const void *a, const void *b)
{
	const struct stat_entry *x = a, *y = b;

	return (x->waittime > y->waittime) - (x->waittime < y->waittime);
}

static int cmp_time(const void *a, const void *b)
{
	const struct stat_entry *x = a, *y = b;

	return (x->time > y->time) - (x->time < y->time);
}

static void sane(struct ab *ab, const char *what, int64_t mean,
		 int64_t median, double sd)
{
	double d = (double)mean - (double)median;

	if (d < 0)
		d = -d;
	if (d > 2 * sd)
		vn_job_printf(ab->job,
			      "ERROR: The median and mean for %s are more than twice the standard\n"
			      "       deviation apart. These results are NOT reliable.\n",
			      what);
	else if (d > sd)
		vn_job_printf(ab->job,
			      "WARNING: The median and mean for %s are not within a normal deviation\n"
			      "        These results are probably not that reliable.\n",
			      what);
}

static void connection_times(struct ab *ab)
{
	static const int percs[] = { 50, 66, 75, 80, 90, 95, 98, 99, 100 };
	struct stat_entry *st = ab->stats;
	long done = ab->done;
	int64_t totalcon = 0, total = 0, totald = 0, totalwait = 0;
	int64_t meancon, meantot, meand, meanwait;
	int64_t mincon = AB_MAX, mintot = AB_MAX, mind = AB_MAX, minwait = AB_MAX;
	int64_t maxcon = 0, maxtot = 0, maxd = 0, maxwait = 0;
	int64_t mediancon, mediantot, mediand, medianwait;
	double sdtot = 0, sdcon = 0, sdd = 0, sdwait = 0;

	for (long i = 0; i < done; i++) {
		struct stat_entry *s = &st[i];
		int64_t d = s->time - s->ctime;

		mincon = s->ctime < mincon ? s->ctime : mincon;
		mintot = s->time < mintot ? s->time : mintot;
		mind = d < mind ? d : mind;
		minwait = s->waittime < minwait ? s->waittime : minwait;
		maxcon = s->ctime > maxcon ? s->ctime : maxcon;
		maxtot = s->time > maxtot ? s->time : maxtot;
		maxd = d > maxd ? d : maxd;
		maxwait = s->waittime > maxwait ? s->waittime : maxwait;
		totalcon += s->ctime;
		total += s->time;
		totald += d;
		totalwait += s->waittime;
	}
	meancon = totalcon / done;
	meantot = total / done;
	meand = totald / done;
	meanwait = totalwait / done;
	/* The sample variance: squared deviations over n - 1. */
	for (long i = 0; i < done; i++) {
		struct stat_entry *s = &st[i];
		double a;

		a = (double)s->time - (double)meantot;
		sdtot += a * a;
		a = (double)s->ctime - (double)meancon;
		sdcon += a * a;
		a = (double)s->time - (double)s->ctime - (double)meand;
		sdd += a * a;
		a = (double)s->waittime - (double)meanwait;
		sdwait += a * a;
	}
	sdtot = done > 1 ? sqrt(sdtot / (double)(done - 1)) : 0;
	sdcon = done > 1 ? sqrt(sdcon / (double)(done - 1)) : 0;
	sdd = done > 1 ? sqrt(sdd / (double)(done - 1)) : 0;
	sdwait = done > 1 ? sqrt(sdwait / (double)(done - 1)) : 0;
	/* ab's medians, its odd/even rule included. */
	qsort(st, (size_t)done, sizeof(*st), cmp_ctime);
	if (done > 1 && done % 2)
		mediancon = (st[done / 2].ctime + st[done / 2 + 1].ctime) / 2;
	else
		mediancon = st[done / 2].ctime;
	qsort(st, (size_t)done, sizeof(*st), cmp_dtime);
	if (done > 1 && done % 2)
		mediand = (st[done / 2].time + st[done / 2 + 1].time -
			   st[done / 2].ctime - st[done / 2 + 1].ctime) / 2;
	else
		mediand = st[done / 2].time - st[done / 2].ctime;
	qsort(st, (size_t)done, sizeof(*st), cmp_wait);
	if (done > 1 && done % 2)
		medianwait = (st[done / 2].waittime + st[done / 2 + 1].waittime) / 2;
	else
		medianwait = st[done / 2].waittime;
	qsort(st, (size_t)done, sizeof(*st), cmp_time);
	if (done > 1 && done % 2)
		mediantot = (st[done / 2].time + st[done / 2 + 1].time) / 2;
	else
		mediantot = st[done / 2].time;

	vn_job_printf(ab->job, "\nConnection Times (ms)\n");
	mincon = round_ms(mincon);
	mind = round_ms(mind);
	minwait = round_ms(minwait);
	mintot = round_ms(mintot);
	meancon = round_ms(meancon);
	meand = round_ms(meand);
	meanwait = round_ms(meanwait);
	meantot = round_ms(meantot);
	mediancon = round_ms(mediancon);
	mediand = round_ms(mediand);
	medianwait = round_ms(medianwait);
	mediantot = round_ms(mediantot);
	maxcon = round_ms(maxcon);
	maxd = round_ms(maxd);
	maxwait = round_ms(maxwait);
	maxtot = round_ms(maxtot);
	sdcon /= 1000.0;
	sdd /= 1000.0;
	sdwait /= 1000.0;
	sdtot /= 1000.0;
	if (ab->confidence) {
#define ROW "%5lld %4lld %5.1f %6lld %7lld\n"
		vn_job_printf(ab->job, "              min  mean[+/-sd] median   max\n");
		vn_job_printf(ab->job, "Connect:    " ROW, (long long)mincon,
			      (long long)meancon, sdcon, (long long)mediancon,
			      (long long)maxcon);
		vn_job_printf(ab->job, "Processing: " ROW, (long long)mind,
			      (long long)meand, sdd, (long long)mediand,
			      (long long)maxd);
		vn_job_printf(ab->job, "Waiting:    " ROW, (long long)minwait,
			      (long long)meanwait, sdwait,
			      (long long)medianwait, (long long)maxwait);
		vn_job_printf(ab->job, "Total:      " ROW, (long long)mintot,
			      (long long)meantot, sdtot, (long long)mediantot,
			      (long long)maxtot);
#undef ROW
		sane(ab, "the initial connection time", meancon, mediancon, sdcon);
		sane(ab, "the processing time", meand, mediand, sdd);
		sane(ab, "the waiting time", meanwait, medianwait, sdwait);
		sane(ab, "the total time", meantot, mediantot, sdtot);
	} else {
#define ROW "%5lld %5lld%5lld\n"
		vn_job_printf(ab->job, "              min   avg   max\n");
		vn_job_printf(ab->job, "Connect:    " ROW, (long long)mincon,
			      (long long)meancon, (long long)maxcon);
		vn_job_printf(ab->job, "Processing: " ROW, (long long)mind,
			      (long long)meand, (long long)maxd);
		vn_job_printf(ab->job, "Waiting:    " ROW, (long long)minwait,
			      (long long)meanwait, (long long)maxwait);
		vn_job_printf(ab->job, "Total:      " ROW, (long long)mintot,
			      (long long)meantot, (long long)maxtot);
#undef ROW
	}
	if (ab->percentile && done > 1) {
		vn_job_printf(ab->job,
			      "\nPercentage of the requests served within a certain time (ms)\n");
		for (size_t i = 0; i < sizeof(percs) / sizeof(percs[0]); i++) {
			if (percs[i] >= 100)
				vn_job_printf(ab->job, " 100%%  %5lld (longest request)\n",
					      (long long)round_ms(st[done - 1].time));
			else
				vn_job_printf(ab->job, "  %d%%  %5lld\n", percs[i],
					      (long long)round_ms(
						      st[(unsigned long)done *
							 (unsigned long)percs[i] / 100]
							      .time));
		}
	}
}

static void output_results(struct ab *ab, bool interrupted)
{
	double timetaken;

	if (interrupted)
		ab->lasttime = now_us(ab);
	timetaken = (double)(ab->lasttime - ab->start) / 1e6;
	vn_job_printf(ab->job, "\n\n");
	vn_job_printf(ab->job, "Server Software:        %s\n", ab->servername);
	vn_job_printf(ab->job, "Server Hostname:        %s\n", ab->hostname);
	vn_job_printf(ab->job, "Server Port:            %u\n", ab->port);
	vn_job_printf(ab->job, "\n");
	vn_job_printf(ab->job, "Document Path:          %s\n", ab->path);
	if (ab->nolength)
		vn_job_printf(ab->job, "Document Length:        Variable\n");
	else
		vn_job_printf(ab->job, "Document Length:        %llu bytes\n",
			      (unsigned long long)ab->doclen);
	vn_job_printf(ab->job, "\n");
	vn_job_printf(ab->job, "Concurrency Level:      %ld\n", ab->concurrency);
	vn_job_printf(ab->job, "Time taken for tests:   %.3f seconds\n", timetaken);
	vn_job_printf(ab->job, "Complete requests:      %ld\n", ab->done);
	vn_job_printf(ab->job, "Failed requests:        %ld\n", ab->bad);
	if (ab->bad)
		vn_job_printf(ab->job,
			      "   (Connect: %ld, Receive: %ld, Length: %ld, Exceptions: %ld)\n",
			      ab->err_conn, ab->err_recv, ab->err_length,
			      ab->err_except);
	if (ab->epipe)
		vn_job_printf(ab->job, "Write errors:           %ld\n", ab->epipe);
	if (ab->err_response)
		vn_job_printf(ab->job, "Non-2xx responses:      %ld\n",
			      ab->err_response);
	if (ab->keepalive)
		vn_job_printf(ab->job, "Keep-Alive requests:    %ld\n", ab->doneka);
	vn_job_printf(ab->job, "Total transferred:      %llu bytes\n",
		      (unsigned long long)ab->totalread);
	vn_job_printf(ab->job, "HTML transferred:       %llu bytes\n",
		      (unsigned long long)ab->totalbread);
	if (timetaken > 0 && ab->done) {
		vn_job_printf(ab->job, "Requests per second:    %.2f [#/sec] (mean)\n",
			      (double)ab->done / timetaken);
		vn_job_printf(ab->job, "Time per request:       %.3f [ms] (mean)\n",
			      (double)ab->concurrency * timetaken * 1000 /
				      (double)ab->done);
		vn_job_printf(ab->job,
			      "Time per request:       %.3f [ms] (mean, across all concurrent requests)\n",
			      timetaken * 1000 / (double)ab->done);
		vn_job_printf(ab->job, "Transfer rate:          %.2f [Kbytes/sec] received\n",
			      (double)ab->totalread / 1024 / timetaken);
	}
	if (ab->done > 0)
		connection_times(ab);
}

static void close_all(struct ab *ab)
{
	for (long i = 0; ab->con && i < ab->concurrency; i++) {
		slot_close(&ab->con[i]);
		free(ab->con[i].cbuff);
		ab->con[i].cbuff = NULL;
	}
}

static void finish(struct ab *ab)
{
	if (ab->finished)
		return;
	ab->finished = true;
	close_all(ab);
	if (ab->heartbeatres)
		vn_job_eprintf(ab->job, "Finished %ld requests\n", ab->done);
	else
		vn_job_printf(ab->job, "..done\n");
	output_results(ab, false);
	vn_job_exit(ab->job, 0);
}

static void stop_fire(struct vn_job_timer *t, void *arg)
{
	struct ab *ab = arg;

	(void)t;
	finish(ab);
}

static void ab_signal(struct vn_job *job, int sig)
{
	struct ab *ab = vn_job_data(job);

	/* ab prints its results on SIGINT, then exits 1. */
	if (sig == SIGINT && !ab->finished && ab->stats) {
		ab->finished = true;
		close_all(ab);
		output_results(ab, true);
		vn_job_exit(job, 1);
		return;
	}
	vn_job_exit(job, 128 + sig);
}

static void ab_release(struct vn_job *job)
{
	struct ab *ab = vn_job_data(job);

	close_all(ab);
	free(ab->con);
	free(ab->stats);
	free(ab->request);
	vn_app_argv_free(ab->args);
	free(ab);
}

static const struct vn_job_ops ab_ops = {
	.signal = ab_signal,
	.release = ab_release,
};

/* --- arguments ---------------------------------------------------------- */

static int usage(struct vn_job *job)
{
	vn_job_eprintf(job,
		       "Usage: ab [options] [http://]hostname[:port]/path\n"
		       "Options are:\n"
		       "    -n requests     Number of requests to perform\n"
		       "    -c concurrency  Number of multiple requests to make at a time\n"
		       "    -t timelimit    Seconds to max. to spend on benchmarking\n"
		       "                    This implies -n 50000\n"
		       "    -s timeout      Seconds to max. wait for each response\n"
		       "                    Default is 30 seconds\n"
		       "    -B address      Address to bind to when making outgoing connections\n"
		       "    -i              Use HEAD instead of GET\n"
		       "    -C attribute    Add cookie, eg. 'Apache=1234'. (repeatable)\n"
		       "    -H attribute    Add Arbitrary header line, eg. 'Accept-Encoding: gzip'\n"
		       "                    Inserted after all normal header lines. (repeatable)\n"
		       "    -V              Print version number and exit\n"
		       "    -k              Use HTTP KeepAlive feature\n"
		       "    -d              Do not show percentiles served table.\n"
		       "    -S              Do not show confidence estimators and warnings.\n"
		       "    -q              Do not show progress when doing more than 150 requests\n"
		       "    -l              Accept variable document length (use this for dynamic pages)\n"
		       "    -r              Don't exit on socket receive errors.\n"
		       "    -m method       Method name\n"
		       "    -h              Display usage information (this message)\n");
	return 22;	/* the real ab's status after usage: EINVAL */
}

static void copyright(struct vn_job *job)
{
	vn_job_printf(job,
		      "This is ApacheBench, Version 2.3 <$Revision$>\n"
		      "Copyright 1996 Adam Twiss, Zeus Technology Ltd, http://www.zeustech.net/\n"
		      "Licensed to The Apache Software Foundation, http://www.apache.org/\n"
		      "\n");
}

/* ab's parse_url(): [http://]host[:port]/path; the path is required. */
static int parse_url(struct ab *ab, char *url)
{
	char *h, *cp, *colon;
	long port = 80;

	if (strlen(url) > 7 && !strncasecmp(url, "http://", 7))
		url += 7;
	h = url;
	cp = strchr(url, '/');
	if (!cp || cp == url)
		return 1;
	ab->path = cp;
	*cp = '\0';
	colon = strrchr(h, ':');
	if (colon) {
		char *end;

		*colon = '\0';
		port = strtol(colon + 1, &end, 10);
		if (*end || port < 0 || port > 65535 || !colon[1])
			return 1;
		if (port == 0)
			port = 80;
	}
	if (!*h || strlen(h) >= sizeof(ab->hostname))
		return 1;
	snprintf(ab->hostname, sizeof(ab->hostname), "%s", h);
	ab->port = (uint16_t)port;
	/* Restore the path's slash for the request line. */
	*cp = '/';
	return 0;
}

static int build_request(struct ab *ab, const char *method, const char *hdrs,
			 const char *cookie, bool opt_host, bool opt_accept,
			 bool opt_useragent)
{
	char colonhost[8] = "";
	int n;

	if (ab->port != 80)
		snprintf(colonhost, sizeof(colonhost), ":%u", ab->port);
	n = asprintf(&ab->request,
		     "%s %s HTTP/1.0\r\n"
		     "%s%s%s%s%s%s%s%s%s\r\n",
		     method, ab->path,
		     ab->keepalive ? "Connection: Keep-Alive\r\n" : "", cookie,
		     hdrs, opt_host ? "" : "Host: ",
		     opt_host ? "" : ab->hostname, opt_host ? "" : colonhost,
		     opt_host ? "" : "\r\n",
		     opt_useragent ? "" : "User-Agent: ApacheBench/2.3\r\n",
		     opt_accept ? "" : "Accept: */*\r\n");
	if (n < 0) {
		ab->request = NULL;
		return -1;
	}
	ab->reqlen = (size_t)n;
	return 0;
}

static char *append(char *s, const char *a, const char *b, const char *c)
{
	char *r;

	if (asprintf(&r, "%s%s%s%s", s ? s : "", a, b, c) < 0)
		r = NULL;
	free(s);
	return r;
}

int vn_app_ab(struct vn_job *job, int argc, char **argv);

int vn_app_ab(struct vn_job *job, int argc, char **argv)
{
	struct ab *ab = calloc(1, sizeof(*ab));
	char *hdrs = NULL, *cookie = NULL;
	const char *method = NULL;
	bool opt_host = false, opt_accept = false, opt_useragent = false;
	int i, status = 1;

	if (!ab || !(argv = vn_app_argv_dup(argc, argv))) {
		free(ab);
		vn_job_eprintf(job, "ab: out of memory\n");
		return 1;
	}
	ab->job = job;
	ab->args = argv;
	ab->requests = 1;
	ab->concurrency = 1;
	ab->heartbeatres = 100;
	ab->percentile = ab->confidence = true;
	ab->timeout_us = 30 * 1000000LL;
	vn_app_list_init(&ab->ready);
	vn_job_set_ops(job, &ab_ops, ab);
	hdrs = strdup("");
	cookie = strdup("");
	/* apr_getopt(): options first, then exactly one URL. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *spec, *arg = NULL;
		int c;

		if (a[0] != '-' || !a[1])
			break;
		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		for (int k = 1; a[k]; k++) {
			c = (unsigned char)a[k];
			spec = strchr("n:c:t:s:b:T:p:u:v:lrkVhwiIx:y:z:C:H:P:A:g:X:de:SqB:m:", c);
			if (!spec || c == ':') {
				vn_job_eprintf(job, "ab: illegal option -- %c\n", c);
				goto bad_args;
			}
			if (spec[1] == ':') {
				if (a[k + 1])
					arg = a + k + 1;
				else if (i + 1 < argc)
					arg = argv[++i];
				else {
					vn_job_eprintf(job, "ab: option requires an argument -- %c\n",
						       c);
					goto bad_args;
				}
			}
			switch (c) {
			case 'n':
				ab->requests = atol(arg);
				if (ab->requests <= 0) {
					vn_job_eprintf(job, "Invalid number of requests\n\n");
					goto out;
				}
				break;
			case 'k':
				ab->keepalive = true;
				break;
			case 'q':
				ab->heartbeatres = 0;
				break;
			case 'c':
				ab->concurrency = atol(arg);
				break;
			case 'i':
				if (method) {
					vn_job_eprintf(job, "Cannot mix HEAD with other methods\n\n");
					goto out;
				}
				method = "HEAD";
				ab->head = true;
				break;
			case 'd':
				ab->percentile = false;
				break;
			case 'S':
				ab->confidence = false;
				break;
			case 's':
				ab->timeout_us = atol(arg) * 1000000LL;
				break;
			case 'l':
				ab->nolength = true;
				break;
			case 'r':
				ab->recverrok = true;
				break;
			case 'v':
			case 'b':
				break;
			case 't':
				ab->tlimit = atoi(arg);
				ab->requests = MAX_REQUESTS;
				break;
			case 'C':
				cookie = append(cookie, "Cookie: ", arg, "\r\n");
				break;
			case 'H':
				hdrs = append(hdrs, arg, "\r\n", "");
				if (!strncasecmp(arg, "Host:", 5))
					opt_host = true;
				else if (!strncasecmp(arg, "Accept:", 7))
					opt_accept = true;
				else if (!strncasecmp(arg, "User-Agent:", 11))
					opt_useragent = true;
				break;
			case 'h':
				usage(job);
				status = 22;
				goto out;
			case 'V':
				copyright(job);
				status = 0;
				goto out;
			case 'B':
				if (vn_app_parse_addr(arg, &ab->bind_addr)) {
					vn_job_eprintf(job, "apr_sockaddr_info_get() for %s: Name or service not known (670002)\n",
						       arg);
					status = 670002 & 0xff;
					goto out;
				}
				ab->bind = true;
				break;
			case 'm':
				method = arg;
				break;
			default:
				vn_job_eprintf(job, "ab: -%c is not supported by vnet\n",
					       c);
				goto out;
			}
			if (arg)
				break;
		}
	}
	if (i != argc - 1) {
		vn_job_eprintf(job, "ab: wrong number of arguments\n");
		goto bad_args;
	}
	if (!strncasecmp(argv[i], "https://", 8)) {
		vn_job_eprintf(job, "SSL not compiled in; no https support\n");
		goto out;
	}
	if (parse_url(ab, argv[i])) {
		vn_job_eprintf(job, "ab: invalid URL\n");
		goto bad_args;
	}
	if (ab->concurrency < 0 || ab->concurrency > MAX_CONCURRENCY) {
		vn_job_eprintf(job, "ab: Invalid Concurrency [Range 0..%d]\n",
			       MAX_CONCURRENCY);
		goto bad_args;
	}
	if (ab->concurrency > ab->requests) {
		vn_job_eprintf(job, "ab: Cannot use concurrency level greater than total number of requests\n");
		goto bad_args;
	}
	if (ab->concurrency == 0)
		ab->concurrency = 1;
	if (ab->heartbeatres && ab->requests > 150) {
		ab->heartbeatres = ab->requests / 10;
		if (ab->heartbeatres < 100)
			ab->heartbeatres = 100;
	} else {
		ab->heartbeatres = 0;
	}
	if (!hdrs || !cookie ||
	    build_request(ab, method ? method : "GET", hdrs, cookie, opt_host,
			  opt_accept, opt_useragent))
		goto out;
	copyright(job);
	if (vn_app_parse_addr(ab->hostname, &ab->addr)) {
		vn_job_eprintf(job, "apr_sockaddr_info_get() for %s: Name or service not known (670002)\n",
			       ab->hostname);
		status = 670002 & 0xff;
		goto out;
	}
	ab->con = calloc((size_t)ab->concurrency, sizeof(*ab->con));
	ab->stats = calloc((size_t)ab->requests, sizeof(*ab->stats));
	if (!ab->con || !ab->stats) {
		vn_job_eprintf(job, "Could not allocate memory\n");
		goto out;
	}
	for (long k = 0; k < ab->concurrency; k++) {
		ab->con[k].ab = ab;
		vn_app_list_init(&ab->con[k].ready_link);
	}
	free(hdrs);
	free(cookie);
	vn_job_printf(job, "Benchmarking %s (be patient)%s", ab->hostname,
		      ab->heartbeatres ? "\n" : "...");
	ab->work = vn_job_timer_new(job, work_fire, ab);
	ab->poll_timer = vn_job_timer_new(job, poll_timeout, ab);
	ab->stop_timer = vn_job_timer_new(job, stop_fire, ab);
	ab->start = ab->lasttime = now_us(ab);
	if (ab->tlimit)
		vn_job_timer_arm(ab->stop_timer,
				 vn_job_now(job) + ab->tlimit * VN_APP_NS_PER_SEC);
	if (ab->timeout_us)
		vn_job_timer_arm(ab->poll_timer,
				 vn_job_now(job) + ab->timeout_us * 1000);
	start_connect(&ab->con[0]);
	return VN_JOB_RUNNING;
bad_args:
	status = usage(job);
out:
	free(hdrs);
	free(cookie);
	return status;
}
