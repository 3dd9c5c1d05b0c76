/*
 * oob_fig5 OWNER PATH: out-of-band data on a UNIX stream socket (primer
 * §5.1, §5.2, §5.6), received by the primer's Figure 5 routine running as
 * the SIGURG handler: it discards the data before the mark, stopping when
 * SIOCATMARK says the read pointer is at the mark, then reads the urgent
 * byte with MSG_OOB; the data after the mark is read afterwards.
 *
 * OWNER says how the socket's owner is set: fsetown (fcntl F_SETOWN with
 * our pid), siocspgrp (ioctl SIOCSPGRP with our pid), or pgrp (ioctl
 * SIOCSPGRP with minus our process group).  4.2BSD read a positive
 * SIOCSPGRP value as a process group and a negative one as a process;
 * Linux reads them the other way round, as F_SETOWN does.  uipc follows
 * Linux, so that programs written for Linux keep working.
 *
 * Linux AF_UNIX keeps one urgent byte (the last sent) and reads in-band
 * data only up to the mark, as TCP does on BSD.
 */
#include "tap.h"
#include <sys/ioctl.h>

#define NBEFORE	1000

static int rem;
static volatile sig_atomic_t nurg, wasted, wastebad, gotmark, atmark_err;
static char urgent;

/* Figure 5, less the terminal: flush what precedes the mark. */
static void
oob(int sig)
{
	char waste[BUFSIZ];
	int mark, i;

	(void)sig;
	nurg++;
	for (;;) {
		if (ioctl(rem, SIOCATMARK, &mark) < 0) {
			atmark_err = errno;
			break;
		}
		if (mark)
			break;
		ssize_t n = read(rem, waste, sizeof(waste));
		if (n <= 0)
			break;
		for (i = 0; i < n; i++)
			if (waste[i] != 'b')
				wastebad++;
		wasted += n;
	}
	char c;
	if (recv(rem, &c, 1, MSG_OOB) == 1) {
		urgent = c;
		gotmark = 1;
	}
}

static void
sender(const char *path)
{
	char buf[NBEFORE], go;
	int s = connect_to(path, SOCK_STREAM);

	if (s < 0 || read(s, &go, 1) != 1)
		_exit(1);
	memset(buf, 'b', sizeof(buf));
	if (write_all(s, buf, sizeof(buf)) != sizeof(buf))
		_exit(2);
	if (send(s, "!", 1, MSG_OOB) != 1)
		_exit(3);
	msleep(200);
	if (write_all(s, "after", 5) != 5)
		_exit(4);
	close(s);
	_exit(0);
}

int
main(int argc, char **argv)
{
	const char *how, *path;
	char buf[64];
	int l, i, owner, got;
	pid_t pid;

	if (argc != 3)
		bail("usage: oob_fig5 fsetown|siocspgrp|pgrp PATH");
	t_start(30);
	how = argv[1];
	path = argv[2];
	if (strcmp(how, "pgrp") == 0)
		SYS(setpgid(0, 0));
	l = listen_at(path, SOCK_STREAM);
	if ((pid = SYS(fork())) == 0)
		sender(path);
	rem = SYS(accept(l, NULL, NULL));
	on_signal(SIGURG, oob, 0);
	if (strcmp(how, "fsetown") == 0) {
		check_ok(fcntl(rem, F_SETOWN, getpid()), "F_SETOWN to our pid");
		check_eq(fcntl(rem, F_GETOWN), getpid(), "F_GETOWN says our pid");
	} else {
		owner = strcmp(how, "pgrp") == 0 ? -getpgrp() : getpid();
		check_ok(ioctl(rem, SIOCSPGRP, &owner), "SIOCSPGRP to %d", owner);
		got = 0;
		check_ok(ioctl(rem, SIOCGPGRP, &got), "SIOCGPGRP");
		check_eq(got, owner, "SIOCGPGRP gives back what SIOCSPGRP set");
	}
	SYS(write(rem, "g", 1));
	for (i = 0; i < 500 && !nurg; i++)
		msleep(10);
	check_eq(nurg, 1, "SIGURG delivered to the owner once");
	check_eq(atmark_err, 0, "SIOCATMARK works in the handler");
	check_eq(wasted, NBEFORE, "the handler discarded exactly the data sent before the mark");
	check_eq(wastebad, 0, "and that data was all in-band bytes");
	check(gotmark && urgent == '!', "recv MSG_OOB returned the urgent byte");
	got = read_full(rem, buf, sizeof(buf));
	check(got == 5 && memcmp(buf, "after", 5) == 0, "the data after the mark is read afterwards");
	check_errno(recv(rem, buf, 1, MSG_OOB), EINVAL, "recv MSG_OOB with no urgent data pending: EINVAL");
	check_eq(reap(pid), 0, "sender exited 0");
	close(rem);
	close(l);
	unlink(path);
	return t_end();
}
