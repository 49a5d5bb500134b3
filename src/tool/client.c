// SPDX-License-Identifier: MIT
/*
 * tool/client.c - `vnet [--socket PATH] CMD ARGS...`: one command line run
 * by the daemon, its output streamed back as it is produced.
 *
 * The arguments are quoted so that the daemon's sh-like parser
 * (cmd/parse.c) finds exactly the same words: `vnet ip link set x alias
 * "a b"` sends one word "a b", and `&`, `;` or `|` are plain words.  The
 * client exits with the line's status.  Ctrl-C (and SIGTERM, SIGHUP) go to
 * the daemon, which delivers them to the foreground job: ping prints its
 * statistics and ends, as in a terminal.  A third Ctrl-C gives up waiting
 * and leaves; the daemon then hangs the command up (SIGHUP).
 *
 * The connection code here is shared with the shell (shell.c).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "base/util.h"
#include "tool/tool.h"

/* --- helpers shared with the shell and the daemon ------------------------- */

int vn_tool_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int vn_tool_signalfd(void)
{
	sigset_t set;
	int fd;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int vn_tool_signal_read(int sfd)
{
	struct signalfd_siginfo si;

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return 0;
	return (int)si.ssi_signo;
}

void vn_tool_no_daemon(const char *path)
{
	char def[256];

	if (!vn_proto_default_path(def, sizeof(def)) && !strcmp(def, path))
		fprintf(stderr,
			"vnet: no daemon is running on %s; start one with: vnet daemon &\n",
			path);
	else
		fprintf(stderr,
			"vnet: no daemon is running on %s; start one with: vnet daemon --socket %s &\n",
			path, path);
}

/* --- the connection ------------------------------------------------------- */

int vn_remote_open(struct vn_remote *r, const char *path, const char *mode)
{
	char hello[VN_PROTO_HELLO_MAX_LEN + 1];
	int fd, rc;

	r->fd = -1;
	r->path = path;
	r->hello = false;
	r->line_done = false;
	r->status = 0;
	r->n_output = 0;
	vn_proto_reader_init(&r->rd);
	fd = vn_proto_connect(path);
	if (fd == -ENOENT || fd == -ECONNREFUSED)
		return fd;
	if (fd == -ENAMETOOLONG) {
		fprintf(stderr, "vnet: socket path too long: %s\n", path);
		return fd;
	}
	if (fd == -EPERM) {
		fprintf(stderr,
			"vnet: the daemon on %s belongs to another user; not talking to it\n",
			path);
		return fd;
	}
	if (fd < 0) {
		fprintf(stderr, "vnet: cannot connect to %s: %s\n", path,
			strerror(-fd));
		return fd;
	}
	r->fd = fd;
	snprintf(hello, sizeof(hello), "%s %s", VN_PROTO_VERSION, mode);
	rc = vn_proto_send(fd, VN_PROTO_HELLO, hello, (uint32_t)strlen(hello));
	if (rc) {
		fprintf(stderr, "vnet: cannot talk to the daemon on %s: %s\n",
			path, strerror(-rc));
		vn_remote_close(r);
	}
	return rc;
}

void vn_remote_close(struct vn_remote *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

int vn_remote_send_line(struct vn_remote *r, const char *line)
{
	size_t len = strlen(line);

	if (len > VN_PROTO_MAX_LEN)
		return -E2BIG;
	r->line_done = false;
	return vn_proto_send(r->fd, VN_PROTO_LINE, line, (uint32_t)len);
}

int vn_remote_send_signal(struct vn_remote *r, int sig)
{
	uint8_t b = (uint8_t)sig;

	return vn_proto_send(r->fd, VN_PROTO_SIGNAL, &b, 1);
}

static int handle_frame(struct vn_remote *r, const struct vn_frame *f)
{
	if (!r->hello) {
		if (f->type == VN_PROTO_STDERR) {
			/* A daemon refusing us says why before closing. */
			vn_tool_write_all(2, f->data, f->len);
			return 0;
		}
		if (f->type != VN_PROTO_HELLO ||
		    f->len != strlen(VN_PROTO_VERSION) ||
		    memcmp(f->data, VN_PROTO_VERSION, f->len)) {
			fprintf(stderr,
				"vnet: %s does not speak %s: is it a vnet daemon of another version?\n",
				r->path, VN_PROTO_VERSION);
			return -EPROTO;
		}
		r->hello = true;
		return 0;
	}
	switch (f->type) {
	case VN_PROTO_STDOUT:
		r->n_output++;
		return vn_tool_write_all(1, f->data, f->len);
	case VN_PROTO_STDERR:
		r->n_output++;
		vn_tool_write_all(2, f->data, f->len);
		return 0;
	case VN_PROTO_EXIT:
		r->line_done = true;
		r->status = f->data[0];
		return 0;
	case VN_PROTO_HELLO:
	case VN_PROTO_LINE:
	case VN_PROTO_SIGNAL:
		break;
	}
	fprintf(stderr,
		"vnet: protocol error: unexpected %s frame from the daemon\n",
		vn_proto_type_name(f->type));
	return -EPROTO;
}

int vn_remote_receive(struct vn_remote *r)
{
	struct vn_frame f;
	char err[128];
	long n = vn_proto_read(&r->rd, r->fd);
	int rc;

	if (n == -EAGAIN || n == -EINTR)
		return 1;
	if (n == -ECONNRESET || n == 0)
		return 0;
	if (n < 0) {
		fprintf(stderr, "vnet: reading from the daemon: %s\n",
			strerror((int)-n));
		return (int)n;
	}
	while ((rc = vn_proto_next(&r->rd, &f, err, sizeof(err))) == 1) {
		rc = handle_frame(r, &f);
		if (rc)
			return rc;
	}
	if (rc < 0) {
		fprintf(stderr, "vnet: protocol error from the daemon: %s\n",
			err);
		return rc;
	}
	return 1;
}

/* --- the one-shot client -------------------------------------------------- */

/* Appends @word quoted for sh: 'it'\''s' for it's. */
static int append_quoted(char **line, size_t *len, size_t *cap,
			 const char *word)
{
	size_t need = *len + 4 * strlen(word) + 4;

	if (need > *cap) {
		size_t ncap = VN_MAX(need, 2 * *cap);
		char *p = realloc(*line, ncap);

		if (!p)
			return -ENOMEM;
		*line = p;
		*cap = ncap;
	}
	if (*len)
		(*line)[(*len)++] = ' ';
	(*line)[(*len)++] = '\'';
	for (const char *c = word; *c; c++) {
		if (*c == '\'') {
			memcpy(*line + *len, "'\\''", 4);
			*len += 4;
		} else {
			(*line)[(*len)++] = *c;
		}
	}
	(*line)[(*len)++] = '\'';
	(*line)[*len] = '\0';
	return 0;
}

static char *quote_words(int argc, char **argv)
{
	char *line = NULL;
	size_t len = 0, cap = 0;

	for (int i = 0; i < argc; i++) {
		if (append_quoted(&line, &len, &cap, argv[i])) {
			free(line);
			return NULL;
		}
	}
	return line;
}

/*
 * Waits for the line's EXIT, forwarding signals.  Return: the exit
 * status for the client.
 */
static int await_exit(struct vn_remote *r, int sfd)
{
	int n_int = 0;

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = r->fd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};
		int rc, sig;

		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("vnet: poll");
			return VN_TOOL_NO_DAEMON;
		}
		if (pfd[1].revents & POLLIN) {
			sig = vn_tool_signal_read(sfd);
			if (sig == SIGINT && ++n_int >= 3) {
				fprintf(stderr,
					"vnet: the daemon has not ended the command; leaving (it gets SIGHUP)\n");
				return 128 + SIGINT;
			}
			if (sig && vn_remote_send_signal(r, sig))
				return 128 + sig;
		}
		if (!pfd[0].revents)
			continue;
		rc = vn_remote_receive(r);
		if (r->line_done)
			return r->status;
		if (rc == 0) {
			fprintf(stderr,
				"vnet: the daemon on %s closed the connection before the command ended\n",
				r->path);
			return VN_TOOL_NO_DAEMON;
		}
		if (rc == -EPIPE)
			return 128 + SIGPIPE;
		if (rc < 0)
			return VN_TOOL_NO_DAEMON;
	}
}

static void client_usage(void)
{
	fprintf(stderr,
		"usage: vnet [--socket PATH] COMMAND [ARGS...]\n"
		"  Runs one command in the daemon (see vnet daemon --help) and\n"
		"  exits with its status.  Ctrl-C interrupts the command.\n");
}

int vn_tool_client(int argc, char **argv)
{
	char path[256];
	const char *sock = NULL;
	struct vn_remote *r;
	char *line;
	int i, rc, sfd;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			client_usage();
			return 2;
		}
	}
	if (i >= argc) {
		client_usage();
		return 2;
	}
	/* `vnet --socket PATH shell`: the options belong to the sub-command. */
	if (sock && (!strcmp(argv[i], "shell") || !strcmp(argv[i], "daemon"))) {
		int n = argc - i + 2;
		char **sub = calloc((size_t)n + 1, sizeof(*sub));

		if (!sub)
			return 2;
		sub[0] = argv[i];
		sub[1] = "--socket";
		sub[2] = (char *)sock;
		for (int j = i + 1; j < argc; j++)
			sub[j - i + 2] = argv[j];
		rc = !strcmp(argv[i], "shell") ? vn_tool_shell(n, sub) :
						 vn_tool_daemon(n, sub);
		free(sub);
		return rc;
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
	line = quote_words(argc - i, argv + i);
	if (!line) {
		fprintf(stderr, "vnet: out of memory\n");
		return 2;
	}
	if (strlen(line) > VN_PROTO_MAX_LEN) {
		fprintf(stderr,
			"vnet: command line too long (at most %u bytes)\n",
			VN_PROTO_MAX_LEN);
		free(line);
		return 2;
	}
	sfd = vn_tool_signalfd();
	r = malloc(sizeof(*r));
	if (sfd < 0 || !r) {
		fprintf(stderr, "vnet: cannot set up: %s\n",
			strerror(sfd < 0 ? -sfd : ENOMEM));
		free(line);
		free(r);
		return 2;
	}
	rc = vn_remote_open(r, path, "oneshot");
	if (rc == -ENOENT || rc == -ECONNREFUSED)
		vn_tool_no_daemon(path);
	if (!rc) {
		rc = vn_remote_send_line(r, line);
		if (rc)
			fprintf(stderr, "vnet: cannot talk to the daemon on %s: %s\n",
				path, strerror(-rc));
	}
	rc = rc ? VN_TOOL_NO_DAEMON : await_exit(r, sfd);
	vn_remote_close(r);
	free(r);
	free(line);
	close(sfd);
	return rc;
}
