/*
 * A socket's descriptor that gets a new channel (a TCP socket connecting
 * anew, sock.c) names a new open file: every epoll set that watched the
 * old one would lose it silently, since epoll watches files, not numbers
 * (epoll(7)), and a program that registered the socket before (asyncio
 * does, for its first attempt) would wait forever.  So the process's
 * epoll sets are found (/proc/self/fd), and each that watched the old
 * file under this number (/proc/self/fdinfo: "tfd: N events: E data: D
 * ... ino: I", proc(5)) watches the new one with the same events and
 * data.  A rare path: only a connect after a failed one comes here.
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

/* One "tfd:" line of an epoll set's fdinfo: re-add fd if it is the old file. */
static void
carry_line(int epfd, const char *line, int fd, unsigned long oldino)
{
	struct epoll_event ev;
	unsigned long long data;
	unsigned long ino;
	unsigned events;
	int tfd;
	const char *p;

	if (sscanf(line, "tfd: %d events: %x data: %llx", &tfd, &events, &data) != 3 || tfd != fd)
		return;
	if ((p = strstr(line, "ino:")) == NULL || sscanf(p, "ino:%lx", &ino) != 1 || ino != oldino)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.events = events & ~(EPOLLERR | EPOLLHUP);	/* always reported; the kernel adds them */
	ev.data.u64 = data;
	(void)syscall(SYS_epoll_ctl, epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* Reads epfd's fdinfo line by line. */
static void
carry_set(int epfd, int fd, unsigned long oldino)
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
			carry_line(epfd, line, fd, oldino);
			line = nl + 1;
		}
		have = strlen(line);
		memmove(buf, line, have);
		if (have == sizeof(buf) - 1)
			have = 0;	/* a line longer than any fdinfo line: drop it */
	}
	h_close(f);
}

void
uipc_epoll_carry(int fd, unsigned long oldino)
{
	char dbuf[4096], name[64], link[32];
	struct dirent64 *de;
	long n, off;
	ssize_t l;
	int d, epfd;

	if ((d = h_openat(AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) < 0)
		return;
	while ((n = syscall(SYS_getdents64, d, dbuf, sizeof(dbuf))) > 0) {
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct dirent64 *)(dbuf + off);
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			epfd = atoi(de->d_name);
			if (epfd == d || epfd == fd)
				continue;
			snprintf(name, sizeof(name), "/proc/self/fd/%d", epfd);
			l = syscall(SYS_readlinkat, AT_FDCWD, name, link, sizeof(link) - 1);
			if (l <= 0)
				continue;
			link[l] = '\0';
			if (strcmp(link, "anon_inode:[eventpoll]") == 0)
				carry_set(epfd, fd, oldino);
		}
	}
	h_close(d);
}
