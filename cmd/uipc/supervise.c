/*
 * `uipc run` for a statically linked program, which never loads the shim
 * (DESIGN.md, "A net under the shim"): the program runs as a child under a
 * SECCOMP_RET_USER_NOTIF filter, and this process, its supervisor, serves
 * its socket calls on uipc as the shim would in it:
 *
 *   socket, accept, socketpair: the supervisor makes the socket (its
 *     channel) with libuipc and places the program's end in the program
 *     (SECCOMP_IOCTL_NOTIF_ADDFD, supervise_fd.c), a message socket at a
 *     number from UIPC_MSGFD_BASE up;
 *   a call on a descriptor: the supervisor takes a copy of it
 *     (pidfd_getfd), reads and writes the call's memory in the program
 *     (process_vm_readv, process_vm_writev), and calls libuipc on the copy;
 *   a stream's data (read, write, send and recv with no address) goes
 *     through the channel as it is: never stopped for read and write, and
 *     the kernel does a stopped send or recv (SECCOMP_USER_NOTIF_FLAG_
 *     CONTINUE), as it does for a descriptor that is not uipc's;
 *   a message socket's data (read, write, readv, writev, stopped at its
 *     numbers only) is framed here, one message a call.
 *
 * Each call is served by a worker thread that has nothing else to do (one
 * is made when none is idle), so a blocking accept or connect holds up
 * nothing else.  uipcd sees the supervisor's control connection, and is
 * told which process of the program it speaks for (supervise_cred.c).
 * Limits, in DESIGN.md: UNIX-domain names are made relative to the
 * supervisor's working directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "supervise.h"
#include "lib/trap.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

static pid_t child;

#define answer(req, val, err, cont)	sv_answer((req), (val), (err), (cont))
#define take(pid, fd)			sv_take((pid), (fd))
#define forget(fd)			sv_forget(fd)

static int
is_uipc(int l)
{
	enum fdkind k = uipc_fdkind(l);

	return k == FD_STREAM || k == FD_MSG;
}

/*
 * A stream send's EPIPE raises SIGPIPE in the program, as the kernel's
 * does, unless MSG_NOSIGNAL; never in this process (it ignores SIGPIPE).
 * A message socket's raises none (Linux's unix_dgram_sendmsg).
 */
static void
pipe_signal(const struct seccomp_notif *req, int l, int e, int flags)
{
	if (e == EPIPE && !(flags & MSG_NOSIGNAL) && uipc_fdkind(l) == FD_STREAM)
		kill((pid_t)req->pid, SIGPIPE);
}

/*
 * read, write, readv and writev on a message socket (the filter stops them
 * only at its numbers, UIPC_MSGFD_BASE): one message each, its data
 * through uipc's framing, as send and recv with no address and no flags.
 */
static long
msg_data(const struct seccomp_notif *req, int l, int *e)
{
	const __u64 *a = req->data.args;
	pid_t pid = (pid_t)req->pid;
	int nr = (int)req->data.nr, send = nr == SYS_write || nr == SYS_writev;
	long r;

	if (nr == SYS_readv || nr == SYS_writev) {
		struct msghdr m = { .msg_iov = (struct iovec *)a[1], .msg_iovlen = (size_t)(int)a[2] };

		if ((int)a[2] < 0 || (int)a[2] > UIO_MAXIOV) {
			*e = EINVAL;
			return -1;
		}
		r = sv_msg(req, l, send, &m, 0);
	} else {
		size_t len = a[2] > MAXBUF ? MAXBUF : a[2];
		char *buf = malloc(len + 1);

		if (buf == NULL) {
			*e = ENOMEM;
			return -1;
		}
		if (send)
			r = sv_rd(pid, a[1], buf, len) < 0 ? (errno = EFAULT, -1) :
			    uipc_sendto(l, buf, len, MSG_NOSIGNAL, NULL, 0);
		else if ((r = uipc_recvfrom(l, buf, len, 0, NULL, NULL)) >= 0 &&
		    sv_wr(pid, a[1], buf, (size_t)r) < 0)
			r = -1, errno = EFAULT;
		r = r < 0 ? -errno : r;
		free(buf);
	}
	if (r < 0) {
		*e = (int)-r;
		return -1;
	}
	return r;
}

/*
 * recvfrom on a message socket, or of an error queue (ERRQ: MSG_ERRQUEUE
 * on an Internet socket, the shim's answer); the sender's name in *SS.
 */
static ssize_t
recv_from(int l, void *buf, size_t len, int flags, int errq, struct sockaddr_storage *ss,
    socklen_t *sl)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { ss, *sl, &iov, 1, NULL, 0, 0 };
	ssize_t r;

	if (!errq)
		return uipc_recvfrom(l, buf, len, flags, (struct sockaddr *)ss, ss != NULL ? sl : NULL);
	if ((r = uipc_errqueue_read(l, &m, flags, 0)) >= 0)
		*sl = ss != NULL ? m.msg_namelen : 0;
	return r;
}

/* Whether the program's msghdr at ADDR offers room for control data. */
static int
wants_control(pid_t pid, unsigned long addr)
{
	struct msghdr m;

	return sv_rd(pid, addr, &m, sizeof(m)) == 0 && m.msg_control != NULL && m.msg_controllen > 0;
}

/* A call on a descriptor; returns 1 if answered, 0 to let the kernel do it. */
static int
on_fd(struct seccomp_notif *req, int l)
{
	const __u64 *a = req->data.args;
	pid_t pid = (pid_t)req->pid;
	struct sockaddr_storage ss;
	socklen_t len = 0;
	char *buf = NULL;
	size_t cap;
	long r = -1;
	int e = 0, nfd, errq;

	if (!is_uipc(l))
		return 0;
	switch (req->data.nr) {
	case SYS_read:
	case SYS_write:
	case SYS_readv:
	case SYS_writev:
		if (uipc_fdkind(l) != FD_MSG)
			return 0;	/* a stream, or a descriptor not uipc's, at those numbers */
		r = msg_data(req, l, &e);
		break;
	case SYS_ioctl:
		return sv_ioctl(req, l);
	case SYS_dup:
	case SYS_fcntl:
		/* A message socket's copy stays among its numbers (F_DUPFD's bound kept). */
		if (uipc_fdkind(l) != FD_MSG)
			return 0;
		sv_place_from(req, l, req->data.nr == SYS_fcntl && a[1] == F_DUPFD_CLOEXEC, 1,
		    req->data.nr == SYS_fcntl ? (long)(int)a[2] : 0);
		return 1;
	case SYS_connect:
	case SYS_bind:
		if (a[2] > sizeof(ss) || sv_rd(pid, a[1], &ss, a[2]) < 0) {
			e = a[2] > sizeof(ss) ? EINVAL : EFAULT;
			break;
		}
		r = req->data.nr == SYS_connect ? uipc_connect(l, (struct sockaddr *)&ss, (socklen_t)a[2]) :
		    uipc_bind(l, (struct sockaddr *)&ss, (socklen_t)a[2]);
		break;
	case SYS_listen:
		r = uipc_listen(l, (int)a[1]);
		break;
	case SYS_shutdown:
		r = uipc_shutdown(l, (int)a[1]);
		break;
	case SYS_accept:
	case SYS_accept4:
		len = sizeof(ss);
		nfd = uipc_accept4(l, (struct sockaddr *)&ss, &len, 0);
		if (nfd < 0)
			break;
		if (a[1] != 0 && a[2] != 0) {
			socklen_t ul;

			if (sv_rd(pid, a[2], &ul, sizeof(ul)) == 0) {
				sv_wr(pid, a[1], &ss, ul < len ? ul : len);
				sv_wr(pid, a[2], &len, sizeof(len));
			}
		}
		if (req->data.nr == SYS_accept4 && (a[3] & SOCK_NONBLOCK))
			fcntl(nfd, F_SETFL, fcntl(nfd, F_GETFL) | O_NONBLOCK);
		sv_place(req, nfd, req->data.nr == SYS_accept4 && (a[3] & SOCK_CLOEXEC), 1);
		forget(nfd);
		return 1;
	case SYS_getsockname:
	case SYS_getpeername:
		if (sv_rd(pid, a[2], &len, sizeof(len)) < 0) {
			e = EFAULT;
			break;
		}
		{
			socklen_t have = sizeof(ss);

			r = req->data.nr == SYS_getsockname ? uipc_getsockname(l, (struct sockaddr *)&ss, &have) :
			    uipc_getpeername(l, (struct sockaddr *)&ss, &have);
			if (r == 0 && (sv_wr(pid, a[1], &ss, have < len ? have : len) < 0 ||
			    sv_wr(pid, a[2], &have, sizeof(have)) < 0))
				r = -1, e = EFAULT;
		}
		break;
	case SYS_setsockopt:
	case SYS_getsockopt:
		if (req->data.nr == SYS_getsockopt && sv_rd(pid, a[4], &len, sizeof(len)) < 0) {
			e = EFAULT;
			break;
		}
		if (req->data.nr == SYS_setsockopt)
			len = (socklen_t)a[4];
		if (len > MAXBUF || (buf = calloc(1, len + 1)) == NULL) {
			e = EINVAL;
			break;
		}
		if (req->data.nr == SYS_setsockopt) {
			r = sv_rd(pid, a[3], buf, len) < 0 ? (e = EFAULT, -1) :
			    uipc_setsockopt(l, (int)a[1], (int)a[2], buf, len);
		} else {
			r = uipc_getsockopt(l, (int)a[1], (int)a[2], buf, &len);
			if (r == 0 && (sv_wr(pid, a[3], buf, len) < 0 || sv_wr(pid, a[4], &len, sizeof(len)) < 0))
				r = -1, e = EFAULT;
		}
		break;
	case SYS_sendto:
		if (uipc_fdkind(l) == FD_STREAM && a[4] == 0)
			return 0;	/* a stream's bytes: the channel carries them */
		if (a[2] > MAXBUF || a[5] > sizeof(ss) || (buf = malloc(a[2] + 1)) == NULL) {
			e = EMSGSIZE;
			break;
		}
		if (sv_rd(pid, a[1], buf, a[2]) < 0 || (a[4] != 0 && sv_rd(pid, a[4], &ss, a[5]) < 0)) {
			e = EFAULT;
			break;
		}
		r = uipc_sendto(l, buf, a[2], (int)a[3] | MSG_NOSIGNAL, a[4] ? (struct sockaddr *)&ss : NULL,
		    (socklen_t)a[5]);
		if (r < 0)
			pipe_signal(req, l, e = errno, (int)a[3]);
		break;
	case SYS_recvfrom:
		errq = uipc_errqueue_wanted(l, (int)a[3]);
		if (uipc_fdkind(l) == FD_STREAM && !errq)
			return 0;
		cap = a[2] > MAXBUF ? MAXBUF : a[2];
		if ((buf = malloc(cap + 1)) == NULL) {
			e = ENOMEM;
			break;
		}
		len = sizeof(ss);
		r = recv_from(l, buf, cap, (int)a[3], errq, a[4] ? &ss : NULL, &len);
		/* What came, as far as the buffer goes (MSG_TRUNC returns more). */
		if (r >= 0 && sv_wr(pid, a[1], buf, (size_t)r < cap ? (size_t)r : cap) < 0)
			r = -1, e = EFAULT;
		if (r >= 0 && a[4] != 0 && a[5] != 0) {
			socklen_t ul;

			if (sv_rd(pid, a[5], &ul, sizeof(ul)) == 0) {
				sv_wr(pid, a[4], &ss, ul < len ? ul : len);
				sv_wr(pid, a[5], &len, sizeof(len));
			}
		}
		break;
	case SYS_sendmsg:
	case SYS_recvmsg:
		/*
		 * A stream's data goes through the channel, its control data
		 * too when sent (the kernel passes the program's descriptors
		 * and credentials to uipcd); a receive with room for control
		 * is served, since a descriptor arriving must be placed by
		 * its kind.
		 */
		if (uipc_fdkind(l) == FD_STREAM && !(req->data.nr == SYS_recvmsg &&
		    uipc_errqueue_wanted(l, (int)a[2])) &&
		    (req->data.nr == SYS_sendmsg || !wants_control(pid, a[1])))
			return 0;
		r = sv_one_msg(req, l, req->data.nr == SYS_sendmsg, a[1], (int)a[2]);
		if (r < 0 && req->data.nr == SYS_sendmsg)
			pipe_signal(req, l, (int)-r, (int)a[2]);
		if (r < 0)
			e = (int)-r;
		break;
	case SYS_sendmmsg:
	case SYS_recvmmsg:
		if (uipc_fdkind(l) == FD_STREAM)
			return 0;
		r = sv_many_msgs(req, l, req->data.nr == SYS_sendmmsg, a[1], (unsigned int)a[2],
		    (int)a[3] | (req->data.nr == SYS_sendmmsg ? MSG_NOSIGNAL : 0));
		if (r < 0 && req->data.nr == SYS_sendmmsg)
			pipe_signal(req, l, (int)-r, (int)a[3]);
		if (r < 0)
			e = (int)-r;
		break;
	default:
		return 0;
	}
	if (r < 0 && e == 0)
		e = errno;
	free(buf);
	answer(req, r, e, 0);
	return 1;
}

/*
 * socketpair: both ends made by libuipc and placed in the program, their
 * numbers written to its array, which is checked first (EFAULT, nothing
 * made, as the kernel's).
 */
static void
socketpair_call(const struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	int sv[2], in[2], cloexec = (a[1] & SOCK_CLOEXEC) != 0;

	if (a[0] != AF_UNIX) {
		answer(req, 0, a[0] == AF_INET ? EOPNOTSUPP : EAFNOSUPPORT, 0);
		return;
	}
	if (sv_rd((pid_t)req->pid, a[3], in, sizeof(in)) < 0 || sv_wr((pid_t)req->pid, a[3], in, sizeof(in)) < 0) {
		answer(req, 0, EFAULT, 0);
		return;
	}
	if (uipc_socketpair((int)a[0], (int)(a[1] & ~SOCK_CLOEXEC), (int)a[2], sv) < 0) {
		answer(req, 0, errno, 0);
		return;
	}
	in[0] = sv_place(req, sv[0], cloexec, 0);
	in[1] = in[0] < 0 ? -1 : sv_place(req, sv[1], cloexec, 0);
	forget(sv[0]);
	forget(sv[1]);
	if (in[1] < 0)
		answer(req, 0, errno, 0);	/* the first end placed stays, unnamed: EMFILE is rare */
	else if (sv_wr((pid_t)req->pid, a[3], in, sizeof(in)) < 0)
		answer(req, 0, EFAULT, 0);
	else
		answer(req, 0, 0, 0);
}

static void
serve(struct seccomp_notif *req)
{
	const __u64 *a = req->data.args;
	int l, fd;

	/* uipcd sees the calling process as the maker and sender (supervise_cred.c). */
	sv_act_for(req);
	switch (req->data.nr) {
	case SYS_socket:
		if (a[0] != AF_INET && a[0] != AF_UNIX) {
			answer(req, 0, EAFNOSUPPORT, 0);
			break;
		}
		if ((fd = uipc_socket((int)a[0], (int)(a[1] & ~SOCK_CLOEXEC), (int)a[2])) < 0) {
			answer(req, 0, errno, 0);
			break;
		}
		sv_place(req, fd, (a[1] & SOCK_CLOEXEC) != 0, 1);
		forget(fd);
		break;
	case SYS_socketpair:
		socketpair_call(req);
		break;
	case SYS_ioctl:
		if (sv_ifioctl(req))
			break;
		/* FALLTHROUGH */
	default:
		if ((l = take((pid_t)req->pid, (long)a[0])) < 0) {
			answer(req, 0, errno == EBADF ? EBADF : ESRCH, 0);
			break;
		}
		/* The pid named the caller still (seccomp_unotify(2): check after use). */
		if (ioctl(sv_listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) < 0) {
			forget(l);
			break;
		}
		sv_hold(l);	/* closed before the answer (sv_release) */
		if (!on_fd(req, l))
			answer(req, 0, 0, 1);
		sv_release();	/* in case no answer was sent */
		break;
	}
}

static void
pass_signal(int sig)
{
	if (child > 0)
		kill(child, sig);
}

/* The program's end: its exit status, or its signal, becomes uipc run's. */
static int
finish(int st)
{
	if (WIFSIGNALED(st)) {
		signal(WTERMSIG(st), SIG_DFL);
		raise(WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

/*
 * The calls waiting for a worker.  Workers stay: each keeps its own
 * control connection to uipcd (libuipc's is per thread), which a thread
 * per call would open anew, and leave open, at every call.  A call finding
 * no idle worker gets a new one, so a blocking accept or recv holds up
 * nothing else; the pool is as large as the most calls ever in progress.
 */
struct job {
	struct job *next;
	struct seccomp_notif req;
};

static pthread_mutex_t jobs_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs_cond = PTHREAD_COND_INITIALIZER;
static struct job *jobs, **jobs_tail = &jobs;
static int njobs, nidle;

static void *
worker(void *arg)
{
	struct job *j;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&jobs_lock);
		while (jobs == NULL) {
			nidle++;
			pthread_cond_wait(&jobs_cond, &jobs_lock);
			nidle--;
		}
		j = jobs;
		if ((jobs = j->next) == NULL)
			jobs_tail = &jobs;
		njobs--;
		pthread_mutex_unlock(&jobs_lock);
		serve(&j->req);
		free(j);
	}
	return NULL;
}

static void *
listen_loop(void *arg)
{
	(void)arg;
	for (;;) {
		struct job *j = calloc(1, sizeof(*j));
		pthread_attr_t at;
		pthread_t t;
		int more;

		if (j == NULL)
			return NULL;
		if (ioctl(sv_listener, SECCOMP_IOCTL_NOTIF_RECV, &j->req) < 0) {
			free(j);
			if (errno == EINTR)
				continue;
			return NULL;	/* ENOENT: no process is left under the filter */
		}
		pthread_mutex_lock(&jobs_lock);
		*jobs_tail = j;
		jobs_tail = &j->next;
		more = ++njobs > nidle;
		pthread_cond_signal(&jobs_cond);
		pthread_mutex_unlock(&jobs_lock);
		if (!more)
			continue;
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &at, worker, NULL) != 0)
			fprintf(stderr, "uipc: no thread for a call of the program (%s)\n", strerror(errno));
		pthread_attr_destroy(&at);
	}
}

/*
 * Runs ARGV under the supervisor; returns uipc run's exit status.  The
 * child installs the filter and tells its listener's number; the parent
 * takes the listener (pidfd_getfd) before the child may exec.
 */
int
uipc_supervise(char **argv)
{
	int up[2], go[2], num = -1, pfd, st, sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	pthread_t t;
	char c = 0;
	size_t i;

	setenv("UIPC_EAGER", "1", 1);	/* sockets made at once: their channel goes to the program */
	if (pipe2(up, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		return -1;
	if ((child = fork()) < 0)
		return -1;
	if (child == 0) {
		num = uipc_trap_install(UIPC_TRAP_NOTIFY);
		(void)!write(up[1], &num, sizeof(num));
		if (num < 0)
			_exit(126);
		(void)!read(go[0], &c, 1);
		close(num);
		execvp(argv[0], argv);
		fprintf(stderr, "uipc: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(up[1]);
	close(go[0]);
	if (read(up[0], &num, sizeof(num)) != sizeof(num) || num < 0 ||
	    (pfd = (int)syscall(SYS_pidfd_open, child, 0)) < 0 ||
	    (sv_listener = (int)syscall(SYS_pidfd_getfd, pfd, num, 0)) < 0) {
		fprintf(stderr, "uipc: no supervisor for %s (%s)\n", argv[0], strerror(errno));
		kill(child, SIGKILL);
		waitpid(child, &st, 0);
		return -1;
	}
	close(pfd);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], pass_signal);
	signal(SIGPIPE, SIG_IGN);	/* a send's EPIPE is the program's (pipe_signal) */
	if (pthread_create(&t, NULL, listen_loop, NULL) != 0)
		return -1;
	(void)!write(go[1], &c, 1);
	close(go[1]);
	while (waitpid(child, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return finish(st);
}
