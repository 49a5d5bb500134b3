// SPDX-License-Identifier: MIT
/*
 * kernel/knetns.c - kernel network namespaces: create, open, enter in a
 * child, spawn programs, end what is left.
 *
 * Theory of operation.  A namespace is held by an open file descriptor
 * (as `ip netns add` holds one with a bind mount): vnet creates one in a
 * child that calls unshare(CLONE_NEWNET) -- and CLONE_NEWUSER first when
 * rootless, writing its own uid/gid maps as `unshare -r` does -- and
 * sends /proc/self/ns/net (and ns/user) back with SCM_RIGHTS.  The child
 * then exits; the descriptors keep the namespace alive, and when vnet
 * closes them (or dies) the kernel frees it with its devices.
 *
 * Everything else that must happen inside is vn_knetns_call(): fork, the
 * child enters with setns(2) (user namespace first: it grants the
 * capabilities the second setns needs), runs a function that opens
 * descriptors, sends them and a status back, and exits.  The parent
 * blocks for the few milliseconds this takes; it is the control path.
 *
 * Programs (vn_knetns_spawn()) are forked the same way and exec'd; a
 * close-on-exec pipe reports an exec failure synchronously.  They run
 * under an init of their own PID namespace that carries
 * PR_SET_PDEATHSIG(SIGKILL), so they and whatever they start (a daemon in
 * a new session too) end with vnet however vnet ends.
 *
 * Limits: where no PID namespace can be made, the program runs without
 * that init; a daemon it starts is then ended when the namespace vnet
 * created goes (vn_knetns_put() kills what /proc shows inside), but not
 * if vnet is SIGKILLed first.  A rootless namespace needs /dev/net/tun
 * open to all for its TAPs (dev/tap.c says so).  Nothing here is on the
 * packet path.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/knetns.h"

/* What a child reports: its status and a sentence, then the fds. */
struct report {
	int rc;
	unsigned n_fds;
	char msg[256];
};

static int send_report(int sock, const struct report *r, const int *fds)
{
	char cbuf[CMSG_SPACE(sizeof(int) * VN_KNETNS_MAX_FDS)];
	struct iovec iov = { .iov_base = (void *)r, .iov_len = sizeof(*r) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (r->n_fds) {
		struct cmsghdr *c;

		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * r->n_fds);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * r->n_fds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * r->n_fds);
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static int recv_report(int sock, struct report *r, int *fds, unsigned max)
{
	char cbuf[CMSG_SPACE(sizeof(int) * VN_KNETNS_MAX_FDS)];
	struct iovec iov = { .iov_base = r, .iov_len = sizeof(*r) };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	unsigned got = 0;
	ssize_t n;

	do {
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*r))
		return n < 0 ? -errno : -EPIPE;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c;
	     c = CMSG_NXTHDR(&mh, c)) {
		unsigned k;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		k = (unsigned)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (unsigned i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (got < max)
				fds[got++] = fd;
			else
				close(fd);
		}
	}
	if (r->rc == 0 && got != r->n_fds) {
		for (unsigned i = 0; i < got; i++)
			close(fds[i]);
		return -EPROTO;
	}
	r->n_fds = got;
	return 0;
}

/* In a child: join @ns (its user namespace first).  0 or -errno. */
static int enter(const struct vn_knetns *ns)
{
	if (ns->self)
		return 0;
	if (ns->userfd >= 0 && setns(ns->userfd, CLONE_NEWUSER) < 0)
		return -errno;
	if (setns(ns->netfd, CLONE_NEWNET) < 0)
		return -errno;
	return 0;
}

/* Child side of vn_knetns_call(): never returns. */
static void call_child(struct vn_knetns *ns, vn_knetns_fn fn, void *arg,
		       int sock)
{
	int fds[VN_KNETNS_MAX_FDS];
	struct report r;

	memset(&r, 0, sizeof(r));
	r.rc = enter(ns);
	if (r.rc)
		snprintf(r.msg, sizeof(r.msg),
			 "cannot enter network namespace \"%s\": %s",
			 ns->label, strerror(-r.rc));
	else
		r.rc = fn(arg, fds, &r.n_fds, r.msg, sizeof(r.msg));
	if (r.rc)
		r.n_fds = 0;
	send_report(sock, &r, fds);
	_exit(0);
}

static int wait_child(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int vn_knetns_call(struct vn_knetns *ns, vn_knetns_fn fn, void *arg,
		   int *fds, unsigned max_fds, unsigned *n_fds, char *reply,
		   size_t reply_size, struct vn_err *err)
{
	struct report r;
	int sv[2], rc;
	pid_t pid;

	*n_fds = 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return vn_err_set(err, -errno, "socketpair: %s",
				  strerror(errno));
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(sv[0]);
		close(sv[1]);
		return vn_err_set(err, rc, "fork: %s", strerror(-rc));
	}
	if (pid == 0) {
		close(sv[0]);
		call_child(ns, fn, arg, sv[1]);
	}
	close(sv[1]);
	memset(&r, 0, sizeof(r));
	rc = recv_report(sv[0], &r, fds, max_fds);
	close(sv[0]);
	wait_child(pid);
	if (rc)
		return vn_err_set(err, rc, "helper process for \"%s\" failed: %s",
				  ns->label, strerror(-rc));
	if (r.rc) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		return vn_err_set(err, r.rc, "%s",
				  r.msg[0] ? r.msg : strerror(-r.rc));
	}
	*n_fds = r.n_fds;
	if (reply && reply_size) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		snprintf(reply, reply_size, "%s", r.msg);
	}
	return 0;
}

static struct vn_knetns *knetns_alloc(const char *label)
{
	struct vn_knetns *ns = calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	ns->refcnt = 1;
	ns->netfd = ns->userfd = -1;
	snprintf(ns->label, sizeof(ns->label), "%s", label);
	return ns;
}

static void knetns_free(struct vn_knetns *ns)
{
	if (ns->netfd >= 0)
		close(ns->netfd);
	if (ns->userfd >= 0)
		close(ns->userfd);
	free(ns);
}

static int set_identity(struct vn_knetns *ns)
{
	struct stat st;

	if (fstat(ns->netfd, &st) < 0)
		return -errno;
	ns->ns_dev = st.st_dev;
	ns->ns_ino = st.st_ino;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -EIO;
}

struct create_arg {
	bool userns;
	uid_t uid;
	gid_t gid;
};

/* In the child: unshare, map ids (rootless), send the namespace files. */
static int create_child(void *varg, int *fds, unsigned *n_fds, char *msg,
			size_t msg_size)
{
	struct create_arg *a = varg;
	char map[64];
	int rc;

	if (unshare(CLONE_NEWNET | (a->userns ? CLONE_NEWUSER : 0)) < 0) {
		rc = -errno;
		snprintf(msg, msg_size,
			 rc == -EPERM && !a->userns ?
				 "creating a kernel network namespace needs CAP_SYS_ADMIN (run as root, or add \"userns\")" :
				 "unshare: %s",
			 strerror(-rc));
		return rc;
	}
	if (a->userns) {
		/* As `unshare -r`: deny setgroups, then map ourselves to 0. */
		write_file("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", (unsigned)a->uid);
		rc = write_file("/proc/self/uid_map", map);
		if (!rc) {
			snprintf(map, sizeof(map), "0 %u 1", (unsigned)a->gid);
			rc = write_file("/proc/self/gid_map", map);
		}
		if (rc) {
			snprintf(msg, msg_size, "writing the id maps: %s",
				 strerror(-rc));
			return rc;
		}
		fds[(*n_fds)++] = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	}
	fds[(*n_fds)++] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	for (unsigned i = 0; i < *n_fds; i++) {
		if (fds[i] < 0) {
			rc = -errno;
			snprintf(msg, msg_size, "opening the namespace: %s",
				 strerror(-rc));
			return rc;
		}
	}
	return 0;
}

int vn_knetns_create(bool userns, const char *label, struct vn_knetns **out,
		     struct vn_err *err)
{
	struct create_arg a = {
		.userns = userns,
		.uid = geteuid(),
		.gid = getegid(),
	};
	struct vn_knetns *ns = knetns_alloc(label);
	struct vn_knetns self = { .self = true, .netfd = -1, .userfd = -1 };
	int fds[2];
	unsigned n;
	int rc;

	if (!ns)
		return vn_err_rtnl(err, -ENOMEM);
	snprintf(self.label, sizeof(self.label), "%s", label);
	rc = vn_knetns_call(&self, create_child, &a, fds, 2, &n, NULL, 0, err);
	if (rc) {
		knetns_free(ns);
		return rc;
	}
	if (userns) {
		ns->userfd = fds[0];
		ns->netfd = fds[1];
	} else {
		ns->netfd = fds[0];
	}
	ns->own = true;
	ns->owner_uid = a.uid;
	rc = set_identity(ns);
	if (rc) {
		knetns_free(ns);
		return vn_err_set(err, rc, "fstat: %s", strerror(-rc));
	}
	*out = ns;
	return 0;
}

int vn_knetns_open(const char *spec, struct vn_knetns **out,
		   struct vn_err *err)
{
	char path[PATH_MAX];
	struct vn_knetns *ns;
	struct stat self;
	int rc;

	if (!*spec || !strcmp(spec, ".") || !strcmp(spec, ".."))
		return vn_err_set(err, -EINVAL, "Invalid netns name \"%s\"",
				  spec);
	if (strchr(spec, '/'))
		snprintf(path, sizeof(path), "%s", spec);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", spec);
	ns = knetns_alloc(spec);
	if (!ns)
		return vn_err_rtnl(err, -ENOMEM);
	ns->netfd = open(path, O_RDONLY | O_CLOEXEC);
	if (ns->netfd < 0) {
		rc = -errno;
		knetns_free(ns);
		return vn_err_set(err, rc,
				  "Cannot open network namespace \"%s\": %s",
				  spec, strerror(-rc));
	}
	rc = set_identity(ns);
	if (rc) {
		knetns_free(ns);
		return vn_err_set(err, rc, "fstat: %s", strerror(-rc));
	}
	/* Not a network namespace file: setns() would refuse it later. */
	if (stat("/proc/self/ns/net", &self) == 0 &&
	    self.st_dev == ns->ns_dev && self.st_ino == ns->ns_ino)
		ns->self = true;
	*out = ns;
	return 0;
}

struct vn_knetns *vn_knetns_get(struct vn_knetns *ns)
{
	ns->refcnt++;
	return ns;
}

bool vn_knetns_holds(const struct vn_knetns *ns, pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if (stat(path, &st) < 0)
		return false;
	return st.st_dev == ns->ns_dev && st.st_ino == ns->ns_ino;
}

/* `ip netns pids` then kill: what is left inside a namespace we made. */
static void kill_inside(const struct vn_knetns *ns)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 1 || pid == getpid())
			continue;
		if (vn_knetns_holds(ns, (pid_t)pid))
			kill((pid_t)pid, SIGKILL);
	}
	closedir(d);
}

void vn_knetns_put(struct vn_knetns *ns)
{
	if (!ns)
		return;
	VN_ASSERT(ns->refcnt > 0);
	if (--ns->refcnt)
		return;
	if (ns->own)
		kill_inside(ns);
	knetns_free(ns);
}

/*
 * A program's processes (vn_knetns_spawn()):
 *
 *   vnet --- relay --- init (pid 1 of a new PID namespace) --- program
 *
 * The relay is vnet's child: signals vnet sends it go on to the init,
 * which passes them to everything in its namespace (kill(-1)), reaps
 * whatever is orphaned there, and exits with the program's status once
 * nothing is left -- so a daemonizing program keeps its job alive, and
 * a job's end ends everything it started.  Both relay and init die with
 * their parent (PR_SET_PDEATHSIG), and when the init dies the kernel kills
 * what is left in its PID namespace: even a SIGKILLed vnet leaves no
 * process behind.  Where a PID namespace cannot be made (no privilege in
 * that user namespace), the relay becomes the program itself.
 */
static volatile pid_t relay_to;

static void relay_one(int sig)
{
	kill(relay_to, sig);
}

static void relay_all(int sig)
{
	/* Only ever as pid 1: kill(-1) is then this PID namespace alone. */
	if (getpid() == 1)
		kill(-1, sig);
}

static const int relayed[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM,
			       SIGUSR1, SIGUSR2, SIGCONT, SIGALRM };

static void set_relay(void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < ARRAY_SIZE(relayed); i++)
		sigaction(relayed[i], &sa, NULL);
}

/* Points 0, 1 and 2 at /dev/null: the pipes stay with the program only. */
static void drop_stdio(void)
{
	int null = open("/dev/null", O_RDWR);

	if (null < 0)
		return;
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 127;
}

/* The program itself: exec, or report errno on @errfd. */
static void run_program(char *const argv[], int errfd)
{
	sigset_t none;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(relayed); i++)
		signal(relayed[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(argv[0], argv);
	rc = -errno;
	if (write(errfd, &rc, sizeof(rc)) < 0)
		_exit(127);
	_exit(127);
}

/* pid 1 of the program's PID namespace; never returns. */
static void run_init(char *const argv[], int errfd)
{
	pid_t prog;
	int st, code = 127;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "vnet-init");
	setpgid(0, 0);
	set_relay(relay_all);
	prog = fork();
	if (prog == 0)
		run_program(argv, errfd);
	close(errfd);
	drop_stdio();
	for (;;) {
		pid_t r = waitpid(-1, &st, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		if (r == prog)
			code = status_of(st);
	}
	_exit(code);
}

/* vnet's child: enters @ns, then relays to an init or becomes the program. */
static void spawn_child(struct vn_knetns *ns, char *const argv[], int keep_fd,
			int out_fd, int err_fd, pid_t parent, int errfd)
{
	sigset_t all;
	int null, rc, st;
	pid_t init;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	setpgid(0, 0);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	rc = enter(ns);
	if (rc)
		goto fail;
	/*
	 * As `ip netns exec`: a mount namespace of our own where /sys shows
	 * this namespace's devices.  Best effort, as there.
	 */
	if (!ns->self && unshare(CLONE_NEWNS) == 0 &&
	    mount("", "/", NULL, MS_SLAVE | MS_REC, NULL) == 0 &&
	    umount2("/sys", MNT_DETACH) == 0)
		mount(ns->label, "/sys", "sysfs", 0, NULL);
	null = open("/dev/null", O_RDWR);
	if (null < 0) {
		rc = -errno;
		goto fail;
	}
	dup2(null, 0);
	dup2(out_fd >= 0 ? out_fd : null, 1);
	dup2(err_fd >= 0 ? err_fd : null, 2);
	/* Everything else (vnet's TAPs, sockets) stays with vnet. */
	close_range(3, ~0u, CLOSE_RANGE_CLOEXEC);
	if (keep_fd >= 3)
		fcntl(keep_fd, F_SETFD, 0);
	if (unshare(CLONE_NEWPID) < 0)
		run_program(argv, errfd);
	init = fork();
	if (init < 0) {
		rc = -errno;
		goto fail;
	}
	if (init == 0)
		run_init(argv, errfd);
	close(errfd);
	drop_stdio();
	prctl(PR_SET_NAME, "vnet-relay");
	relay_to = init;
	set_relay(relay_one);
	while (waitpid(init, &st, 0) < 0)
		if (errno != EINTR)
			_exit(127);
	_exit(status_of(st));
fail:
	if (write(errfd, &rc, sizeof(rc)) < 0)
		_exit(127);
	_exit(127);
}

int vn_knetns_spawn(struct vn_knetns *ns, char *const argv[], int keep_fd,
		    int out_fd, int err_fd, pid_t *pidp, int *pidfdp,
		    struct vn_err *err)
{
	pid_t parent = getpid(), pid;
	int ep[2], rc = 0, pidfd;
	ssize_t n;

	if (pipe2(ep, O_CLOEXEC) < 0)
		return vn_err_set(err, -errno, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		rc = -errno;
		close(ep[0]);
		close(ep[1]);
		return vn_err_set(err, rc, "fork: %s", strerror(-rc));
	}
	if (pid == 0) {
		close(ep[0]);
		spawn_child(ns, argv, keep_fd, out_fd, err_fd, parent, ep[1]);
	}
	close(ep[1]);
	/* Also set here: a signal sent before the child's own call lands. */
	setpgid(pid, pid);
	/* EOF: the program was exec'd; an int: exec (or entering) failed. */
	do {
		n = read(ep[0], &rc, sizeof(rc));
	} while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n == (ssize_t)sizeof(rc)) {
		wait_child(pid);
		return vn_err_set(err, rc, "exec of \"%s\" failed: %s", argv[0],
				  strerror(-rc));
	}
	pidfd = pidfd_open(pid, 0);
	if (pidfd < 0) {
		rc = -errno;
		kill(pid, SIGKILL);
		wait_child(pid);
		return vn_err_set(err, rc, "pidfd_open: %s", strerror(-rc));
	}
	fcntl(pidfd, F_SETFD, FD_CLOEXEC);
	*pidp = pid;
	*pidfdp = pidfd;
	return 0;
}
