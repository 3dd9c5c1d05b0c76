/*
 * tcp_oob_fig5 recv PORT fsetown|siocspgrp | send HOST PORT: out-of-band
 * data over TCP (primer §5.1, §5.2, §5.6) between two hosts.  The receiver
 * accepts one connection on PORT, makes itself the socket's owner (F_SETOWN
 * or SIOCSPGRP), says "g" to the sender, and runs the primer's Figure 5
 * routine as its SIGURG handler: it discards the data before the mark,
 * stopping when SIOCATMARK says the read pointer is at the mark, then reads
 * the urgent byte with MSG_OOB; the data after the mark is read afterwards.
 * The sender writes NBEFORE bytes of 'b', the urgent byte '!' with
 * send(MSG_OOB), then "after", and closes.
 */
#include "tap.h"
#include <sys/ioctl.h>
#include <netdb.h>
#include <netinet/in.h>

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
	/* The urgent byte may trail the mark by a moment: retry briefly. */
	for (i = 0; i < 200; i++) {
		char c;
		if (recv(rem, &c, 1, MSG_OOB) == 1) {
			urgent = c;
			gotmark = 1;
			break;
		}
		if (errno != EWOULDBLOCK && errno != EAGAIN && errno != EINVAL)
			break;
		msleep(5);
	}
}

static int
sender(const char *host, int port)
{
	struct sockaddr_in sin;
	struct hostent *hp;
	char buf[NBEFORE], go;
	int s;

	if ((hp = gethostbyname(host)) == NULL)
		bail("%s: unknown host", host);
	memset(&sin, 0, sizeof(sin));
	memcpy(&sin.sin_addr, hp->h_addr, hp->h_length);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_ok(connect(s, (struct sockaddr *)&sin, sizeof(sin)), "sender: connect to %s", host);
	check_eq(read(s, &go, 1), 1, "sender: the receiver said go");
	memset(buf, 'b', sizeof(buf));
	check_eq(write_all(s, buf, sizeof(buf)), sizeof(buf), "sender: %d bytes in band", NBEFORE);
	check_eq(send(s, "!", 1, MSG_OOB), 1, "sender: send MSG_OOB of one byte");
	msleep(300);
	check_eq(write_all(s, "after", 5), 5, "sender: the data after the mark");
	close(s);
	return t_end();
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	const char *how;
	char buf[64];
	int l, i, owner, got, one = 1;

	t_start(30);
	if (argc == 4 && strcmp(argv[1], "send") == 0)
		return sender(argv[2], atoi(argv[3]));
	if (argc != 4 || strcmp(argv[1], "recv") != 0)
		bail("usage: tcp_oob_fig5 recv PORT fsetown|siocspgrp | send HOST PORT");
	how = argv[3];
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(argv[2]));
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 5));
	printf("# ready\n");
	rem = SYS(accept(l, NULL, NULL));
	on_signal(SIGURG, oob, 0);
	if (strcmp(how, "fsetown") == 0) {
		check_ok(fcntl(rem, F_SETOWN, getpid()), "F_SETOWN to our pid");
		check_eq(fcntl(rem, F_GETOWN), getpid(), "F_GETOWN says our pid");
	} else {
		owner = getpid();
		check_ok(ioctl(rem, SIOCSPGRP, &owner), "SIOCSPGRP to %d", owner);
		got = 0;
		check_ok(ioctl(rem, SIOCGPGRP, &got), "SIOCGPGRP");
		check_eq(got, owner, "SIOCGPGRP gives back what SIOCSPGRP set");
	}
	SYS(write(rem, "g", 1));
	for (i = 0; i < 1000 && !gotmark; i++)
		msleep(10);
	check(nurg >= 1, "SIGURG delivered to the owner (%d times)", (int)nurg);
	check_eq(atmark_err, 0, "SIOCATMARK works in the handler");
	check_eq(wasted, NBEFORE, "the handler discarded exactly the data sent before the mark");
	check_eq(wastebad, 0, "and that data was all in-band bytes");
	check(gotmark && urgent == '!', "recv MSG_OOB returned the urgent byte");
	got = read_full(rem, buf, sizeof(buf));
	check(got == 5 && memcmp(buf, "after", 5) == 0, "the data after the mark is read afterwards, then EOF");
	close(rem);
	close(l);
	return t_end();
}
