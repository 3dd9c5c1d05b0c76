/*
 * oob_atmark: the mark without signals, on a socketpair: SIOCATMARK before
 * and after the in-band data ahead of it, a read stopping at the mark, the
 * urgent byte by MSG_OOB, MSG_OOB on datagram sockets, SO_OOBINLINE; then
 * MSG_PEEK and MSG_WAITALL on a stream.
 */
#include "tap.h"
#include <sys/ioctl.h>

int
main(void)
{
	int sv[2], d[2], mark, on = 1;
	char buf[64], c;
	ssize_t n;
	double t0, dt;
	pid_t pid;

	t_start(30);
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));

	mark = -1;
	check(ioctl(sv[1], SIOCATMARK, &mark) == 0 && mark == 0, "SIOCATMARK 0 with nothing sent");
	SYS(write(sv[0], "abc", 3));
	SYS(send(sv[0], "!", 1, MSG_OOB));
	SYS(write(sv[0], "def", 3));
	check(ioctl(sv[1], SIOCATMARK, &mark) == 0 && mark == 0, "SIOCATMARK 0 with in-band data before the mark");
	check_eq(sockatmark(sv[1]), 0, "sockatmark(3) says 0 there too");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 3 && memcmp(buf, "abc", 3) == 0, "a read stops at the mark (%zd bytes)", n);
	check(ioctl(sv[1], SIOCATMARK, &mark) == 0 && mark == 1, "SIOCATMARK 1 at the mark");
	check_eq(sockatmark(sv[1]), 1, "sockatmark(3) says 1 there too");
	check(recv(sv[1], &c, 1, MSG_OOB) == 1 && c == '!', "recv MSG_OOB gives the urgent byte");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 3 && memcmp(buf, "def", 3) == 0, "then the data after the mark, without the urgent byte");
	check_errno(recv(sv[1], &c, 1, MSG_OOB), EINVAL, "a second recv MSG_OOB: EINVAL");

	/* Urgent byte not read out of band: a read skips past it. */
	SYS(write(sv[0], "gh", 2));
	SYS(send(sv[0], "?", 1, MSG_OOB));
	SYS(write(sv[0], "ij", 2));
	n = read(sv[1], buf, sizeof(buf));
	check(n == 2 && memcmp(buf, "gh", 2) == 0, "read up to a second mark");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 2 && memcmp(buf, "ij", 2) == 0, "a read at the mark skips the unread urgent byte");
	(void)recv(sv[1], &c, 1, MSG_OOB | MSG_DONTWAIT);

	/* SO_OOBINLINE: the urgent byte stays in the stream. */
	SYS(setsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on)));
	SYS(write(sv[0], "kl", 2));
	SYS(send(sv[0], "#", 1, MSG_OOB));
	SYS(write(sv[0], "mn", 2));
	check_errno(recv(sv[1], &c, 1, MSG_OOB), EINVAL, "SO_OOBINLINE: recv MSG_OOB fails with EINVAL");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 2 && memcmp(buf, "kl", 2) == 0, "SO_OOBINLINE: a read still stops at the mark");
	check(ioctl(sv[1], SIOCATMARK, &mark) == 0 && mark == 1, "SO_OOBINLINE: SIOCATMARK 1 there");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 3 && memcmp(buf, "#mn", 3) == 0, "SO_OOBINLINE: the urgent byte is read in line");
	on = 0;
	SYS(setsockopt(sv[1], SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on)));

	/* MSG_OOB on datagram sockets. */
	SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
	check_errno(send(d[0], "x", 1, MSG_OOB), EOPNOTSUPP, "send MSG_OOB on a datagram socket: EOPNOTSUPP");
	close(d[0]);
	close(d[1]);

	/* MSG_PEEK: look without taking. */
	SYS(write(sv[0], "peekaboo", 8));
	n = recv(sv[1], buf, 4, MSG_PEEK);
	check(n == 4 && memcmp(buf, "peek", 4) == 0, "MSG_PEEK returns the first bytes");
	n = recv(sv[1], buf, 8, MSG_PEEK);
	check(n == 8 && memcmp(buf, "peekaboo", 8) == 0, "MSG_PEEK again returns them again");
	n = read(sv[1], buf, sizeof(buf));
	check(n == 8 && memcmp(buf, "peekaboo", 8) == 0, "a read then takes them all");

	/* MSG_WAITALL: wait for the whole count across several writes. */
	if ((pid = SYS(fork())) == 0) {
		int k;
		for (k = 0; k < 3; k++) {
			msleep(100);
			if (write(sv[0], &"abcdef"[2 * k], 2) != 2)
				_exit(1);
		}
		_exit(0);
	}
	t0 = now();
	n = recv(sv[1], buf, 6, MSG_WAITALL);
	dt = now() - t0;
	check(n == 6 && memcmp(buf, "abcdef", 6) == 0, "MSG_WAITALL gathers three writes into one recv");
	check(dt > 0.25, "and waited for the last (%.3f s)", dt);
	check_eq(reap(pid), 0, "writer exited 0");
	SYS(write(sv[0], "xy", 2));
	close(sv[0]);
	n = recv(sv[1], buf, 6, MSG_WAITALL);
	check(n == 2 && memcmp(buf, "xy", 2) == 0, "MSG_WAITALL returns short at EOF");
	close(sv[1]);
	return t_end();
}
