// SPDX-License-Identifier: MIT
/*
 * tool/daemon.c - `vnet daemon`: one engine on the real clock, serving
 * command lines over a Unix stream socket.
 *
 * Theory of operation.  The daemon is the engine's loop plus three kinds
 * of file descriptor watched by it: the listening socket, a signalfd
 * (SIGINT, SIGTERM, SIGHUP stop the daemon) and one socket per client.
 * Each connection owns a session (cmd/session.h), so clients are as
 * independent as terminals on one machine: a line that takes time (ping
 * -c 3) is a job on the engine's timers and never blocks the others.  The
 * loop never nests: a line's end arrives as a callback, which queues the
 * EXIT frame.
 *
 * Output.  A session's output becomes STDOUT/STDERR frames in the
 * connection's queue, written without blocking as the socket accepts
 * them.  A client that stops reading loses output beyond MAX_QUEUED bytes
 * (it is told how much once it catches up) rather than stalling the
 * network or the daemon's memory.
 *
 * Connections end when the client closes, on a protocol error (bounded
 * frames, known types, checked payloads; the client gets one sentence
 * saying why) or at shutdown.  A line still running then gets SIGHUP, as
 * from a closed terminal, and the connection lingers, socket closed and
 * output discarded, until the line has ended.  Its background jobs keep
 * running: they move to a holding session, output discarded, and the next
 * shell that attaches adopts them (its `jobs` lists them, `kill %N` stops
 * them).  Jobs are otherwise per session: a one-shot client's `vnet jobs`
 * starts a fresh session and lists nothing.
 *
 * Limits: MAX_CONNS clients at once (more are told so and closed);
 * MAX_QUEUED bytes of unsent output per client; a LINE is at most 64 KiB.
 * At shutdown, jobs get SIGTERM and SHUTDOWN_GRACE to end (captures close
 * their files), then SIGKILL.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cmd/session.h"
#include "tool/tool.h"

#define MAX_CONNS 256
#define MAX_QUEUED (4u << 20)
#define SHUTDOWN_GRACE (2 * VN_SEC)
/* A lingering connection's line is killed this long after its SIGHUP. */
#define HANGUP_GRACE (2 * VN_SEC)
/* Shutdown kills lines one command at a time; no line is this long. */
#define MAX_KILL_ROUNDS 100000

struct daemon {
	struct vn_engine *e;
	const char *path;
	int lfd;
	int lock_fd;		/* PATH.lock, held while we own PATH */
	dev_t sock_dev;		/* our socket file: remove only ours */
	ino_t sock_ino;
	struct vn_fd_watch listen_watch;
	struct vn_fd_watch signal_watch;
	struct vn_list conns;
	uint32_t n_conns;
	uint64_t next_id;
	/* Background jobs of shells that left, until a shell adopts them. */
	struct vn_session detached;
	int stop_signal;	/* set by SIGINT/SIGTERM/SIGHUP */
};

struct conn {
	struct vn_fd_watch watch;
	struct daemon *d;
	struct vn_list link;
	uint64_t id;
	struct vn_session session;
	bool hello;		/* the client's HELLO has arrived */
	bool busy;		/* a line is in flight */
	bool gone;		/* socket closed; freed once the line ends */
	bool hup_sent;		/* its lingering line got SIGHUP */
	struct vn_timer reap_timer;
	/* Unsent frames: out[out_start, out_len). */
	uint8_t *out;
	size_t out_start, out_len, out_cap;
	size_t last_hdr;	/* the last frame, while wholly unsent */
	bool last_open;		/* ... output may still be added to it */
	struct vn_timer flush_timer;
	uint64_t n_dropped;	/* output bytes lost to a slow client */
	struct vn_proto_reader rd;
};

static void dlog(struct daemon *d, const char *fmt, ...) VN_PRINTF(2, 3);

static void dlog(struct daemon *d, const char *fmt, ...)
{
	va_list ap;

	(void)d;
	fputs("vnet daemon: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* --- output ------------------------------------------------------------- */

static void conn_close(struct conn *c);

static void set_events(struct conn *c, uint32_t events)
{
	if (c->watch.events == events)
		return;
	c->watch.events = events;
	vn_engine_watch(c->d->e, &c->watch);
}

/* Moves the unsent bytes to the front of the buffer. */
static void compact(struct conn *c)
{
	if (!c->out_start)
		return;
	memmove(c->out, c->out + c->out_start, c->out_len - c->out_start);
	c->out_len -= c->out_start;
	c->last_hdr -= c->out_start;
	c->out_start = 0;
}

static bool reserve(struct conn *c, size_t len)
{
	size_t need = c->out_len + len;
	uint8_t *p;

	if (need <= c->out_cap)
		return true;
	compact(c);
	need = c->out_len + len;
	if (need <= c->out_cap)
		return true;
	need = VN_MAX(need, VN_MAX(c->out_cap * 2, 4096));
	p = realloc(c->out, need);
	if (!p)
		return false;
	c->out = p;
	c->out_cap = need;
	return true;
}

/*
 * Appends a frame to the queue.  Output of the same kind as the last
 * unsent frame joins it: a job printing word by word costs one frame and
 * one send(), not one per word.  Return: false if out of memory.
 */
static bool queue_frame(struct conn *c, enum vn_proto_type type,
			const void *data, size_t len)
{
	bool output = type == VN_PROTO_STDOUT || type == VN_PROTO_STDERR;

	if (output && c->last_open && c->out[c->last_hdr] == type) {
		uint32_t cur = vn_load_be32(c->out + c->last_hdr + 1);

		if (cur + len <= VN_PROTO_MAX_LEN) {
			if (!reserve(c, len))
				return false;
			memcpy(c->out + c->out_len, data, len);
			c->out_len += len;
			vn_store_be32(c->out + c->last_hdr + 1,
				      cur + (uint32_t)len);
			return true;
		}
	}
	if (!reserve(c, VN_PROTO_HDR_LEN + len))
		return false;
	c->last_hdr = c->out_len;
	c->last_open = output;
	c->out_len += vn_proto_emit(c->out + c->out_len, type, data,
				    (uint32_t)len);
	return true;
}

/* Writes what the socket takes now; waits for EPOLLOUT for the rest. */
static void flush(struct conn *c)
{
	while (!c->gone) {
		ssize_t n;

		if (c->out_start == c->out_len) {
			char note[128];
			int len;

			c->out_start = c->out_len = 0;
			c->last_open = false;
			if (!c->n_dropped) {
				set_events(c, EPOLLIN);
				return;
			}
			len = snprintf(note, sizeof(note),
				       "vnet: %llu bytes of output were lost: this client did not read fast enough\n",
				       (unsigned long long)c->n_dropped);
			c->n_dropped = 0;
			if (!queue_frame(c, VN_PROTO_STDERR, note, (size_t)len))
				return;
			continue;
		}
		n = send(c->watch.fd, c->out + c->out_start,
			 c->out_len - c->out_start,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			set_events(c, EPOLLIN | EPOLLOUT);
			return;
		}
		if (n < 0) {
			conn_close(c);	/* EPIPE: the client is gone */
			return;
		}
		c->out_start += (size_t)n;
		if (c->out_start > c->last_hdr)
			c->last_open = false;
	}
}

/*
 * Sending waits for the loop (a zero-delay timer): what a line prints in
 * one go leaves in one send(), and a failing send() never closes the
 * connection under the feet of the job that is printing.
 */
static void flush_fire(struct vn_timer *t, vn_time now)
{
	(void)now;
	flush(container_of(t, struct conn, flush_timer));
}

/* Queues a frame; output frames are dropped beyond MAX_QUEUED. */
static void send_frame(struct conn *c, enum vn_proto_type type,
		       const void *data, size_t len)
{
	bool output = type == VN_PROTO_STDOUT || type == VN_PROTO_STDERR;
	struct vn_timers *timers = &c->d->e->env.timers;

	if (c->gone)
		return;
	if (output && c->out_len - c->out_start + len > MAX_QUEUED) {
		c->n_dropped += len;
		return;
	}
	if (!queue_frame(c, type, data, len)) {
		if (output) {
			c->n_dropped += len;
			return;
		}
		dlog(c->d, "client %llu: out of memory; closing it",
		     (unsigned long long)c->id);
		conn_close(c);
		return;
	}
	if (!vn_timer_armed(&c->flush_timer) &&
	    !(c->watch.events & EPOLLOUT))
		vn_timer_arm(timers, &c->flush_timer, vn_engine_now(c->d->e));
}

/* The session's output sink. */
static void session_write(void *arg, int fd, const char *data, size_t len)
{
	struct conn *c = arg;
	enum vn_proto_type type = fd == 2 ? VN_PROTO_STDERR : VN_PROTO_STDOUT;

	while (len) {
		size_t n = VN_MIN(len, (size_t)VN_PROTO_MAX_LEN);

		send_frame(c, type, data, n);
		data += n;
		len -= n;
	}
}

/* --- jobs that outlive their client ------------------------------------ */

/* --- connections -------------------------------------------------------- */

static void conn_destroy(struct conn *c)
{
	struct daemon *d = c->d;

	vn_timer_cancel(&d->e->env.timers, &c->reap_timer);
	vn_timer_cancel(&d->e->env.timers, &c->flush_timer);
	vn_session_adopt_jobs(&d->detached, &c->session);
	vn_session_fini(&c->session);
	vn_list_remove(&c->link);
	d->n_conns--;
	free(c->out);
	free(c);
}

/*
 * Runs after a connection has closed, from the loop (never inside a
 * job's output call).  A line still running gets SIGHUP, as from a closed
 * terminal; whatever of it still runs HANGUP_GRACE later is killed, one
 * command at a time.  Once the line has ended the connection is freed.
 */
static void conn_reap(struct vn_timer *t, vn_time now)
{
	struct conn *c = container_of(t, struct conn, reap_timer);
	struct vn_timers *timers = &c->d->e->env.timers;

	if (!c->busy) {
		conn_destroy(c);
		return;
	}
	if (!c->hup_sent) {
		c->hup_sent = true;
		vn_session_interrupt(&c->session, SIGHUP);
		vn_timer_arm(timers, &c->reap_timer, now + HANGUP_GRACE);
		return;
	}
	vn_session_interrupt(&c->session, SIGKILL);
	vn_timer_arm(timers, &c->reap_timer, now + VN_MSEC);
}

/* Closes the socket; the connection itself goes once its line ends. */
static void conn_close(struct conn *c)
{
	struct daemon *d = c->d;

	if (c->gone)
		return;
	if (vn_proto_pending(&c->rd))
		dlog(d, "client %llu left in the middle of a frame",
		     (unsigned long long)c->id);
	c->gone = true;
	vn_timer_cancel(&d->e->env.timers, &c->flush_timer);
	vn_engine_unwatch(d->e, &c->watch);
	close(c->watch.fd);
	c->watch.fd = -1;
	free(c->out);
	c->out = NULL;
	c->out_start = c->out_len = c->out_cap = 0;
	c->last_open = false;
	c->session.out.write = NULL;
	vn_timer_arm(&d->e->env.timers, &c->reap_timer, vn_engine_now(d->e));
}

static void protocol_error(struct conn *c, const char *why)
{
	char msg[256];
	int len;

	dlog(c->d, "client %llu: protocol error: %s; closing it",
	     (unsigned long long)c->id, why);
	len = snprintf(msg, sizeof(msg), "vnet: protocol error: %s\n", why);
	send_frame(c, VN_PROTO_STDERR, msg, (size_t)VN_MIN(len, 255));
	flush(c);
	vn_proto_reader_init(&c->rd);	/* said why already */
	conn_close(c);
}

static void line_done(struct vn_session *s, int status, void *arg)
{
	struct conn *c = arg;
	uint8_t st = (uint8_t)status;

	(void)s;
	c->busy = false;
	send_frame(c, VN_PROTO_EXIT, &st, 1);
	if (c->gone)
		vn_timer_arm(&c->d->e->env.timers, &c->reap_timer,
			     vn_engine_now(c->d->e));
}

static void handle_hello(struct conn *c, const struct vn_frame *f)
{
	static const char shell[] = VN_PROTO_VERSION " shell";
	static const char oneshot[] = VN_PROTO_VERSION " oneshot";
	size_t vlen = strlen(VN_PROTO_VERSION);
	int n;

	if (f->len < vlen || memcmp(f->data, VN_PROTO_VERSION, vlen) ||
	    (f->len > vlen && f->data[vlen] != ' ')) {
		char msg[160];
		int len = snprintf(msg, sizeof(msg),
				   "vnet: this daemon speaks %s, the client %.*s\n",
				   VN_PROTO_VERSION, (int)f->len, f->data);

		send_frame(c, VN_PROTO_STDERR, msg, (size_t)len);
		flush(c);
		conn_close(c);
		return;
	}
	if (f->len == sizeof(shell) - 1 && !memcmp(f->data, shell, f->len)) {
		c->session.interactive = true;
	} else if (f->len != sizeof(oneshot) - 1 ||
		   memcmp(f->data, oneshot, f->len)) {
		protocol_error(c, "unknown client mode in hello");
		return;
	}
	c->hello = true;
	send_frame(c, VN_PROTO_HELLO, VN_PROTO_VERSION, vlen);
	if (!c->session.interactive)
		return;
	n = vn_session_adopt_jobs(&c->session, &c->d->detached);
	if (n)
		vn_session_printf(&c->session, 2,
				  "vnet: %d background job%s left by earlier shells %s now yours; see jobs\n",
				  n, n > 1 ? "s" : "", n > 1 ? "are" : "is");
}

static void handle_line(struct conn *c, const struct vn_frame *f)
{
	char *line;
	uint8_t st = 2;

	if (c->busy) {
		protocol_error(c, "a command line is already running");
		return;
	}
	line = malloc(f->len + 1);
	if (!line) {
		vn_session_printf(&c->session, 2, "vnet: out of memory\n");
		send_frame(c, VN_PROTO_EXIT, &st, 1);
		return;
	}
	memcpy(line, f->data, f->len);
	line[f->len] = '\0';
	c->busy = true;
	/* line_done() may run before this returns. */
	if (vn_session_exec(&c->session, line, line_done, c)) {
		c->busy = false;
		send_frame(c, VN_PROTO_EXIT, &st, 1);
	}
	free(line);
}

static void handle_frame(struct conn *c, const struct vn_frame *f)
{
	if (!c->hello && f->type != VN_PROTO_HELLO) {
		protocol_error(c, "the first frame must be a hello");
		return;
	}
	switch (f->type) {
	case VN_PROTO_HELLO:
		if (c->hello)
			protocol_error(c, "a second hello");
		else
			handle_hello(c, f);
		return;
	case VN_PROTO_LINE:
		handle_line(c, f);
		return;
	case VN_PROTO_SIGNAL:
		if (!vn_proto_signal_allowed(f->data[0]))
			protocol_error(c, "a signal clients may not send");
		else if (c->busy)
			vn_session_interrupt(&c->session, f->data[0]);
		return;
	case VN_PROTO_STDOUT:
	case VN_PROTO_STDERR:
	case VN_PROTO_EXIT:
		break;
	}
	protocol_error(c, "a frame only the daemon sends");
}

static void conn_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct conn *c = container_of(w, struct conn, watch);
	struct vn_frame f;
	char err[128];
	long n;
	int rc;

	if (c->gone)
		return;
	if (revents & EPOLLOUT)
		flush(c);
	if (c->gone || !(revents & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	/* One read per event: a busy client cannot starve the others. */
	n = vn_proto_read(&c->rd, w->fd);
	if (n == -EAGAIN)
		return;
	if (n <= 0) {
		conn_close(c);
		return;
	}
	while (!c->gone &&
	       (rc = vn_proto_next(&c->rd, &f, err, sizeof(err))) != 0) {
		if (rc < 0) {
			protocol_error(c, err);
			return;
		}
		handle_frame(c, &f);
	}
}

static void conn_create(struct daemon *d, int fd)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct vn_out out = { .write = session_write };

	if (!c) {
		close(fd);
		return;
	}
	c->d = d;
	c->id = ++d->next_id;
	c->watch.fd = fd;
	c->watch.events = EPOLLIN;
	c->watch.fn = conn_event;
	vn_timer_init(&c->reap_timer, conn_reap);
	vn_timer_init(&c->flush_timer, flush_fire);
	vn_proto_reader_init(&c->rd);
	out.arg = c;
	vn_session_init(&c->session, d->e, &out);
	if (vn_engine_watch(d->e, &c->watch)) {
		/* The session holds nothing yet: no vn_session_fini(). */
		close(fd);
		free(c);
		return;
	}
	vn_list_push_back(&d->conns, &c->link);
	d->n_conns++;
}

/* Refuses a connection with one frame of explanation. */
static void refuse(int fd, const char *msg)
{
	uint8_t frame[VN_PROTO_HDR_LEN + 128];
	size_t len = vn_proto_emit(frame, VN_PROTO_STDERR, msg,
				   (uint32_t)strlen(msg));

	if (send(fd, frame, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* Nothing more to do for it. */
	}
	close(fd);
}

static void listen_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct daemon *d = container_of(w, struct daemon, listen_watch);

	(void)revents;
	for (int i = 0; i < 16; i++) {
		struct ucred cred;
		socklen_t clen = sizeof(cred);
		int fd = accept4(w->fd, NULL, NULL,
				 SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				dlog(d, "accept: %s", strerror(errno));
			return;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) ||
		    (cred.uid != getuid() && cred.uid != 0)) {
			refuse(fd, "vnet: this daemon belongs to another user\n");
			continue;
		}
		if (d->n_conns >= MAX_CONNS) {
			refuse(fd, "vnet: the daemon has too many clients; try again later\n");
			continue;
		}
		conn_create(d, fd);
	}
}

static void signal_event(struct vn_fd_watch *w, uint32_t revents)
{
	struct daemon *d = container_of(w, struct daemon, signal_watch);
	int sig = vn_tool_signal_read(w->fd);

	(void)revents;
	if (sig)
		d->stop_signal = sig;
}

/* --- start and stop ------------------------------------------------------- */

/*
 * Takes PATH.lock, so two daemons started at the same instant cannot both
 * find the socket stale and replace each other's.  The lock goes with the
 * process; the file stays, empty, as lock files do.
 */
static int take_lock(struct daemon *d)
{
	char lock[PATH_MAX];

	snprintf(lock, sizeof(lock), "%s.lock", d->path);
	d->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			  0600);
	if (d->lock_fd < 0) {
		fprintf(stderr, "vnet: cannot open %s: %s\n", lock,
			strerror(errno));
		return -errno;
	}
	if (flock(d->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;

		close(d->lock_fd);
		d->lock_fd = -1;
		if (err == EWOULDBLOCK) {
			fprintf(stderr, "vnet: a daemon is already running on %s\n",
				d->path);
			return -EADDRINUSE;
		}
		fprintf(stderr, "vnet: cannot lock %s: %s\n", lock,
			strerror(err));
		return -err;
	}
	return 0;
}

/*
 * Binds the socket, mode 0600 from the start (umask), after checking
 * nobody answers there.  A socket file nobody answers on is stale and
 * replaced; anything else at the path is left alone.
 */
static int listen_on(struct daemon *d)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	mode_t old;
	int fd, rc;

	rc = take_lock(d);
	if (rc)
		return rc;
	fd = vn_proto_connect(d->path);
	if (fd >= 0 || fd == -EPERM) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "vnet: a daemon is already running on %s\n",
			d->path);
		return -EADDRINUSE;
	}
	if (lstat(d->path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "vnet: %s exists and is not a socket; not touching it\n",
				d->path);
			return -EEXIST;
		}
		if (unlink(d->path) < 0 && errno != ENOENT) {
			fprintf(stderr, "vnet: cannot remove the stale socket %s: %s\n",
				d->path, strerror(errno));
			return -errno;
		}
	}
	memcpy(sun.sun_path, d->path, strlen(d->path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	old = umask(0177);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0 || chmod(d->path, 0600) < 0 || listen(fd, 64) < 0 ||
	    stat(d->path, &st) < 0)
		goto fail;
	d->lfd = fd;
	d->sock_dev = st.st_dev;
	d->sock_ino = st.st_ino;
	return 0;
fail:
	rc = -errno;
	fprintf(stderr, "vnet: cannot listen on %s: %s\n", d->path,
		strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Removes the socket file if it is still ours. */
static void unlink_socket(struct daemon *d)
{
	struct stat st;

	if (stat(d->path, &st) == 0 && st.st_dev == d->sock_dev &&
	    st.st_ino == d->sock_ino)
		unlink(d->path);
}

static bool stop_requested(void *arg)
{
	return ((struct daemon *)arg)->stop_signal != 0;
}

static bool all_quiet(void *arg)
{
	struct daemon *d = arg;
	struct conn *c;

	if (vn_session_has_running_jobs(&d->detached))
		return false;
	vn_list_for_each(c, &d->conns, link)
		if (c->busy || vn_session_has_running_jobs(&c->session))
			return false;
	return true;
}

/*
 * Stops every job: SIGTERM and a grace period (output still reaches the
 * clients, EXIT frames included), then SIGKILL until no line is left.
 */
static void shutdown_all(struct daemon *d)
{
	struct conn *c;
	int rounds = 0;
	bool busy;

	vn_list_for_each(c, &d->conns, link) {
		if (c->busy)
			vn_session_interrupt(&c->session, SIGTERM);
		vn_session_signal_all(&c->session, SIGTERM);
	}
	vn_session_signal_all(&d->detached, SIGTERM);
	vn_engine_run(d->e, vn_engine_now(d->e) + SHUTDOWN_GRACE, all_quiet,
		      d);
	do {
		busy = false;
		vn_list_for_each(c, &d->conns, link) {
			if (c->busy) {
				vn_session_interrupt(&c->session, SIGKILL);
				busy = true;
			}
		}
		vn_engine_settle(d->e);
	} while (busy && ++rounds < MAX_KILL_ROUNDS);
	/*
	 * conn_destroy() settles the engine, which may free other closed
	 * connections: take the first one each time, never a saved next.
	 */
	while (!vn_list_empty(&d->conns)) {
		c = vn_list_entry(d->conns.next, struct conn, link);
		flush(c);	/* best effort: the socket may be full */
		conn_close(c);
		if (c->busy) {
			/* A line that would not end: keep its memory. */
			vn_list_remove(&c->link);
			continue;
		}
		conn_destroy(c);
	}
}

static void usage(FILE *f)
{
	char path[256];

	if (vn_proto_default_path(path, sizeof(path)))
		snprintf(path, sizeof(path), "(too long)");
	fprintf(f,
		"usage: vnet daemon [--socket PATH] [--seed N]\n"
		"  Serves one engine on the real clock to `vnet COMMAND` and\n"
		"  `vnet shell` clients.  Runs in the foreground until SIGINT or\n"
		"  SIGTERM; start it with `vnet daemon &` to keep your shell.\n"
		"  The socket (mode 0600) is --socket PATH, else $VNET_SOCKET, else\n"
		"  $XDG_RUNTIME_DIR/vnet.sock, else /tmp/vnet-$UID.sock; here:\n"
		"  %s\n"
		"  Each client is a session with its own jobs; background jobs\n"
		"  of a shell that leaves keep running, output discarded, and the\n"
		"  next shell adopts them.\n",
		path);
}

int vn_tool_daemon(int argc, char **argv)
{
	struct vn_engine_opts opts = { .virtual_time = false, .seed = 1 };
	struct daemon d = { .lfd = -1, .lock_fd = -1 };
	char path[256];
	const char *sock = NULL;
	int sfd, rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
			char *end;

			opts.seed = strtoull(argv[++i], &end, 0);
			if (*end || !*argv[i]) {
				fprintf(stderr, "vnet: bad seed '%s'\n",
					argv[i]);
				return 2;
			}
		} else if (!strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (sock) {
		if (vn_proto_check_path(sock)) {
			fprintf(stderr, "vnet: socket path too long: %s\n",
				sock);
			return 2;
		}
		snprintf(path, sizeof(path), "%s", sock);
	} else if (vn_proto_default_path(path, sizeof(path))) {
		fprintf(stderr, "vnet: the default socket path is too long; use --socket PATH\n");
		return 2;
	}
	d.path = path;
	sfd = vn_tool_signalfd();
	if (sfd < 0) {
		fprintf(stderr, "vnet: signalfd: %s\n", strerror(-sfd));
		return 1;
	}
	if (listen_on(&d)) {
		if (d.lock_fd >= 0)
			close(d.lock_fd);
		close(sfd);
		return 1;
	}
	d.e = vn_engine_create(&opts);
	if (!d.e) {
		fprintf(stderr, "vnet: cannot create an engine\n");
		rc = 1;
		goto out_socket;
	}
	vn_list_init(&d.conns);
	vn_session_init(&d.detached, d.e, NULL);
	d.listen_watch = (struct vn_fd_watch){
		.fd = d.lfd, .events = EPOLLIN, .fn = listen_event,
	};
	d.signal_watch = (struct vn_fd_watch){
		.fd = sfd, .events = EPOLLIN, .fn = signal_event,
	};
	if (vn_engine_watch(d.e, &d.listen_watch) ||
	    vn_engine_watch(d.e, &d.signal_watch)) {
		fprintf(stderr, "vnet: epoll: %s\n", strerror(errno));
		rc = 1;
		goto out_engine;
	}
	dlog(&d, "listening on %s (pid %d)", path, (int)getpid());
	vn_engine_run(d.e, VN_TIME_NEVER, stop_requested, &d);
	dlog(&d, "stopping on %s",
	     d.stop_signal == SIGINT ? "SIGINT" :
	     d.stop_signal == SIGTERM ? "SIGTERM" : "SIGHUP");
	vn_engine_unwatch(d.e, &d.listen_watch);
	close(d.lfd);
	d.lfd = -1;
	unlink_socket(&d);
	shutdown_all(&d);
	rc = 0;
out_engine:
	vn_session_fini(&d.detached);
	vn_engine_destroy(d.e);
out_socket:
	if (d.lfd >= 0) {
		close(d.lfd);
		unlink_socket(&d);
	}
	if (d.lock_fd >= 0)
		close(d.lock_fd);
	close(sfd);
	return rc;
}
