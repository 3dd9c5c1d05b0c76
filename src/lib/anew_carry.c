/*
 * A socket's descriptor that gets a new channel (a TCP socket connecting
 * anew, sock.c) names a new open file, and what pointed at the old one
 * must follow, or it is left on a channel that is shut for good.
 *
 * The process's own copies of the descriptor (dup, dup2, fcntl F_DUPFD):
 * on Linux every copy is the one socket, so each copy found in
 * /proc/self/fd ("socket:[I]", proc(5)) gets the new channel by dup3 onto
 * its number, its own close-on-exec kept.  Copies in other processes (a
 * child's after fork, one passed with SCM_RIGHTS) cannot be reached from
 * here and keep the old channel (docs/DIFFERENCES.md).
 *
 * The process's epoll sets: epoll watches files, not numbers (epoll(7)),
 * so every set that watched the old file would lose it silently, and a
 * program that registered the socket before (asyncio does, for its first
 * attempt) would wait forever.  So each set (found in /proc/self/fd) that
 * watched the old file under a number that now names the new one
 * (/proc/self/fdinfo: "tfd: N events: E data: D ... ino: I") watches the
 * new one with the same events and data.
 *
 * The channel's own settings, which the host enforces on it: the
 * timeouts, SO_OOBINLINE and SO_PASSCRED (sock.c, uipc_setsockopt), and
 * the owner and signal of SIGIO and SIGURG (fcntl F_SETOWN, F_SETSIG: the
 * open file's); the status flags the caller copies itself.
 *
 * A rare path: only a connect after a failed one comes here.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"

struct carry {
	int fd, keep;			/* the socket's descriptor; one to leave alone */
	unsigned long oldino, newino;
	char oldlink[48];		/* "socket:[oldino]" */
};

/* One "tfd:" line of an epoll set's fdinfo: re-add tfd if it watched the old file and names the new. */
static void
carry_line(int epfd, const char *line, const struct carry *cy)
{
	struct epoll_event ev;
	unsigned long long data;
	unsigned long ino;
	unsigned events;
	struct stat st;
	int tfd;
	const char *p;

	if (sscanf(line, "tfd: %d events: %x data: %llx", &tfd, &events, &data) != 3)
		return;
	if ((p = strstr(line, "ino:")) == NULL || sscanf(p, "ino:%lx", &ino) != 1 || ino != cy->oldino)
		return;
	if (h_fstat(tfd, &st) < 0 || (unsigned long)st.st_ino != cy->newino)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = events & ~(EPOLLERR | EPOLLHUP);	/* always reported; the kernel adds them */
	ev.data.u64 = data;
	(void)syscall(SYS_epoll_ctl, epfd, EPOLL_CTL_ADD, tfd, &ev);
}

/* Reads epfd's fdinfo line by line. */
static void
carry_set(int epfd, const struct carry *cy)
{
	char path[64], buf[4096];
	size_t have = 0;
	ssize_t n;
	char *nl, *line;
	int f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", epfd);
	if ((f = h_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0)) < 0)
		return;
	while ((n = syscall(SYS_read, f, buf + have, sizeof(buf) - 1 - have)) > 0) {
		have += (size_t)n;
		buf[have] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n')) != NULL) {
			*nl = '\0';
			carry_line(epfd, line, cy);
			line = nl + 1;
		}
		have = strlen(line);
		memmove(buf, line, have);
		if (have == sizeof(buf) - 1)
			have = 0;	/* a line longer than any fdinfo line: drop it */
	}
	h_close(f);
}

/* A copy of the socket's descriptor gets the new channel. */
static void
carry_copy(int n, const struct carry *cy)
{
	int fl = h_fcntl(n, F_GETFD, 0);

	if (fl >= 0)
		(void)h_dup3(cy->fd, n, (fl & FD_CLOEXEC) ? O_CLOEXEC : 0);
}

/*
 * Calls visit for each of the process's descriptors (but the socket's
 * and the one to keep) whose /proc/self/fd link is want.
 */
static void
each_fd(const struct carry *cy, const char *want, void (*visit)(int, const struct carry *))
{
	char dbuf[4096], name[64], link[64];
	struct dirent64 *de;
	long n, off;
	ssize_t l;
	int d, fd;

	if ((d = h_openat(AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) < 0)
		return;
	while ((n = syscall(SYS_getdents64, d, dbuf, sizeof(dbuf))) > 0) {
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct dirent64 *)(dbuf + off);
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			fd = atoi(de->d_name);
			if (fd == d || fd == cy->fd || fd == cy->keep)
				continue;
			snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
			l = syscall(SYS_readlinkat, AT_FDCWD, name, link, sizeof(link) - 1);
			if (l <= 0)
				continue;
			link[l] = '\0';
			if (strcmp(link, want) == 0)
				visit(fd, cy);
		}
	}
	h_close(d);
}

void
uipc_anew_chanopts(int from, int to)
{
	static const int opts[] = { SO_RCVTIMEO, SO_SNDTIMEO, SO_OOBINLINE, SO_PASSCRED };
	struct f_owner_ex own;
	char v[32];
	socklen_t l;
	size_t i;
	int sig;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		l = sizeof(v);
		if (h_getsockopt(from, SOL_SOCKET, opts[i], v, &l) == 0)
			(void)h_setsockopt(to, SOL_SOCKET, opts[i], v, l);
	}
	if (h_fcntl(from, F_GETOWN_EX, (long)&own) == 0 && own.pid != 0)
		(void)h_fcntl(to, F_SETOWN_EX, (long)&own);
	if ((sig = h_fcntl(from, F_GETSIG, 0)) > 0)
		(void)h_fcntl(to, F_SETSIG, sig);
}

void
uipc_anew_carry(int fd, int keep, unsigned long oldino)
{
	struct carry cy;
	struct stat st;

	if (h_fstat(fd, &st) < 0)
		return;
	cy.fd = fd;
	cy.keep = keep;
	cy.oldino = oldino;
	cy.newino = (unsigned long)st.st_ino;
	snprintf(cy.oldlink, sizeof(cy.oldlink), "socket:[%lu]", oldino);
	each_fd(&cy, cy.oldlink, carry_copy);
	each_fd(&cy, "anon_inode:[eventpoll]", carry_set);
}
