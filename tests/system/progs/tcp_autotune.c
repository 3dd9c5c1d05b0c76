/*
 * tcp_autotune: a TCP connection's buffers grow with a bulk transfer and
 * stay as the program set them otherwise, as on Linux (tcp(7):
 * tcp_moderate_rcvbuf, tcp_rmem, tcp_wmem; socket(7): SO_RCVBUF and
 * SO_SNDBUF lock them).
 *
 *	tcp_autotune
 *
 * Twice over 127.0.0.1, a child writes 64 MiB and the parent reads it all:
 *
 *  1. buffers left alone: afterwards the reader's SO_RCVBUF and the
 *     writer's SO_SNDBUF are larger than they were when the connection
 *     was made, and no larger than the ceilings (Linux's default tcp_rmem
 *     and tcp_wmem maxima, 6 MiB and 4 MiB, or this host's, if larger);
 *  2. SO_RCVBUF set on the listener (inherited by the connection) and
 *     SO_SNDBUF on the writer, 64 KiB each: afterwards both read back
 *     what they read back when set (twice 64 KiB).
 *
 * Every byte is counted in both.  Nothing here waits for time: the reader
 * reads until EOF.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "tap.h"

#define TOTAL		(64u << 20)
#define SET_BUF		65536
#define RCV_CEILING	(6 * 1024 * 1024)
#define SND_CEILING	(4 * 1024 * 1024)

static char chunk[65536];

/* The host's own ceiling from /proc (the third field), or dflt if larger or unreadable. */
static long
ceiling(const char *path, long dflt)
{
	FILE *f = fopen(path, "r");
	long a, b, c;

	if (f == NULL)
		return dflt;
	if (fscanf(f, "%ld %ld %ld", &a, &b, &c) != 3)
		c = dflt;
	fclose(f);
	return c > dflt ? c : dflt;
}

/*
 * One transfer; bufs 0: left alone.  Reports through *rcv0, *rcv1 the
 * reader's SO_RCVBUF when accepted and at EOF, and *snd0, *snd1 the
 * writer's SO_SNDBUF when connected and after its last write.
 */
static long
transfer(int bufs, int *rcv0, int *rcv1, int *snd0, int *snd1)
{
	struct sockaddr_in sin;
	int ls, s, c, p[2], v[2];
	long got = 0;
	ssize_t n;
	pid_t pid;

	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	if (bufs)
		SYS(setsockopt(ls, SOL_SOCKET, SO_RCVBUF, &bufs, sizeof(bufs)));
	listen_loopback(ls, &sin, 1);
	SYS(pipe(p));
	if ((pid = SYS(fork())) == 0) {
		size_t sent = 0;

		close(p[0]);
		close(ls);
		c = SYS(socket(AF_INET, SOCK_STREAM, 0));
		if (bufs)
			SYS(setsockopt(c, SOL_SOCKET, SO_SNDBUF, &bufs, sizeof(bufs)));
		SYS(connect(c, (struct sockaddr *)&sin, sizeof(sin)));
		v[0] = sockopt_int(c, SOL_SOCKET, SO_SNDBUF);
		while (sent < TOTAL) {
			if ((n = write(c, chunk, sizeof(chunk))) <= 0)
				_exit(3);
			sent += (size_t)n;
		}
		v[1] = sockopt_int(c, SOL_SOCKET, SO_SNDBUF);
		if (write(p[1], v, sizeof(v)) != sizeof(v))
			_exit(4);
		close(c);
		_exit(0);
	}
	close(p[1]);
	s = SYS(accept(ls, NULL, NULL));
	*rcv0 = sockopt_int(s, SOL_SOCKET, SO_RCVBUF);
	while ((n = read(s, chunk, sizeof(chunk))) > 0)
		got += n;
	*rcv1 = sockopt_int(s, SOL_SOCKET, SO_RCVBUF);
	if (read(p[0], v, sizeof(v)) != sizeof(v))
		v[0] = v[1] = -1;
	*snd0 = v[0];
	*snd1 = v[1];
	close(p[0]);
	close(s);
	close(ls);
	check(reap(pid) == 0, "the writer (buffers %s) wrote every byte and exited 0",
	    bufs ? "set" : "left alone");
	return got;
}

int
main(void)
{
	long rmax = ceiling("/proc/sys/net/ipv4/tcp_rmem", RCV_CEILING);
	long wmax = ceiling("/proc/sys/net/ipv4/tcp_wmem", SND_CEILING);
	int rcv0, rcv1, snd0, snd1;
	long got;

	alarm(120);
	got = transfer(0, &rcv0, &rcv1, &snd0, &snd1);
	check(got == TOTAL, "buffers left alone: all %u bytes arrived (%ld)", TOTAL, got);
	check(rcv1 > rcv0 && rcv1 <= rmax,
	    "the reader's SO_RCVBUF grew with the transfer, within %ld (%d -> %d)", rmax, rcv0, rcv1);
	check(snd1 > snd0 && snd1 <= wmax,
	    "the writer's SO_SNDBUF grew with the transfer, within %ld (%d -> %d)", wmax, snd0, snd1);

	got = transfer(SET_BUF, &rcv0, &rcv1, &snd0, &snd1);
	check(got == TOTAL, "buffers set: all %u bytes arrived (%ld)", TOTAL, got);
	check(rcv0 == 2 * SET_BUF && rcv1 == rcv0,
	    "a SO_RCVBUF the program set stays as set (%d -> %d)", rcv0, rcv1);
	check(snd0 == 2 * SET_BUF && snd1 == snd0,
	    "a SO_SNDBUF the program set stays as set (%d -> %d)", snd0, snd1);
	return t_failed ? 1 : 0;
}
