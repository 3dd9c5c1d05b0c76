/*
 * rlogind_wire HOST CLIENTUSER: rlogind's side of RFC 1282 byte by byte,
 * as a client would see it on the wire (PROTOCOLS.md §2), against an
 * rlogind at HOST's login port that trusts CLIENTUSER from this host on
 * a privileged port.  Needs root (the §5.4 loop binds a privileged port).
 *
 *  - a trusted request gets one zero byte, then the urgent byte 0x80
 *    (TIOCPKT_WINDOW) asking for the window size;
 *  - a window message sets the remote pty's size (stty size), also when
 *    it is split across writes and has keystrokes before and after it;
 *  - turning the pty's IXON off and on comes as urgent 0x10 and 0x20;
 *  - an interrupt (^C) during output comes back as an urgent byte with
 *    0x02 (TIOCPKT_FLUSHWRITE), and the mark is found by SIOCATMARK;
 *  - exit closes the connection;
 *  - a first byte other than zero is closed without a word; a user name
 *    longer than 31 bytes is refused with byte 1 and a message; a client
 *    on an unprivileged port is asked for a password.
 */
#include "tap.h"
#include <netinet/in.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>

static struct sockaddr_in server;
static char seen[1 << 16];	/* what the session printed since the last mark() */
static size_t nseen;

static int
connect_from(int reserved)
{
	struct sockaddr_in sin;
	int s = SYS(socket(AF_INET, SOCK_STREAM, 0)), lport;

	if (reserved) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		for (lport = IPPORT_RESERVED - 1; lport > IPPORT_RESERVED / 2; lport--) {
			sin.sin_port = htons((unsigned short)lport);
			if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0)
				break;
			if (errno != EADDRINUSE && errno != EADDRNOTAVAIL)
				bail("bind a privileged port: %s", strerror(errno));
		}
	}
	SYS(connect(s, (struct sockaddr *)&server, sizeof(server)));
	return s;
}

static void
request(int s, const char *remuser, const char *locuser, const char *term)
{
	char buf[1024];
	size_t n = 0;

	buf[n++] = '\0';
	memcpy(buf + n, remuser, strlen(remuser) + 1); n += strlen(remuser) + 1;
	memcpy(buf + n, locuser, strlen(locuser) + 1); n += strlen(locuser) + 1;
	memcpy(buf + n, term, strlen(term) + 1); n += strlen(term) + 1;
	SYS(write_all(s, buf, n));
}

/* Reads until the output has want in it (the alarm bounds it); urgent bytes are noted. */
static int urgent_seen;
static int
read_until(int s, const char *want)
{
	while (memmem(seen, nseen, want, strlen(want)) == NULL) {
		struct pollfd p = { s, POLLIN | POLLPRI, 0 };
		ssize_t n;

		if (poll(&p, 1, 20000) <= 0)
			return 0;
		if (p.revents & POLLPRI) {
			unsigned char c;
			if (recv(s, &c, 1, MSG_OOB) == 1)
				urgent_seen |= c;
		}
		if (nseen == sizeof(seen))
			nseen = 0;
		n = read(s, seen + nseen, sizeof(seen) - nseen);
		if (n <= 0)
			return 0;
		nseen += (size_t)n;
	}
	return 1;
}

static void
mark(void)
{
	nseen = 0;
}

/*
 * The next urgent byte, or -1.  recv(MSG_OOB) says EINVAL while none is
 * pending and EAGAIN while its pointer came without it; the data before
 * it may fill the window, so while it does not come, read (and drop) what
 * is in the way: a read stops at the mark.  Bounded: 2000 rounds.
 */
static int
urgent(int s)
{
	for (int i = 0; i < 2000; i++) {
		struct pollfd p = { s, POLLPRI, 0 };
		unsigned char c;

		if (recv(s, &c, 1, MSG_OOB) == 1)
			return c;
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINVAL)
			return -1;
		if (poll(&p, 1, 10) == 0) {
			struct pollfd q = { s, POLLIN, 0 };
			char waste[4096];

			if (poll(&q, 1, 0) == 1 && read(s, waste, sizeof(waste)) <= 0)
				return -1;
		}
	}
	return -1;
}

static void
type(int s, const char *keys)
{
	SYS(write_all(s, keys, strlen(keys)));
}

static void
window(int s, unsigned rows, unsigned cols, int split)
{
	unsigned char m[12] = { 0xff, 0xff, 's', 's', rows >> 8, rows & 0xff, cols >> 8, cols & 0xff, 0, 0, 0, 0 };

	if (split) {
		SYS(write_all(s, m, 5));
		msleep(50);	/* only to make two segments likely; not needed to pass */
		SYS(write_all(s, m + 5, 7));
	} else
		SYS(write_all(s, m, 12));
}

int
main(int argc, char **argv)
{
	struct servent *sp;
	struct hostent *hp;
	char buf[256], want[64], longname[48];
	int s, c, atmark = 0;
	ssize_t n;

	t_start(120);
	if (argc != 3)
		bail("usage: rlogind_wire HOST CLIENTUSER");
	sp = getservbyname("login", "tcp");
	hp = gethostbyname(argv[1]);
	if (sp == NULL || hp == NULL)
		bail("login/tcp or %s unknown", argv[1]);
	memset(&server, 0, sizeof(server));
	server.sin_family = AF_INET;
	server.sin_port = sp->s_port;
	memcpy(&server.sin_addr, hp->h_addr_list[0], sizeof(server.sin_addr));

	s = connect_from(1);
	request(s, argv[2], "root", "vt100/9600");
	n = read(s, buf, 1);
	check(n == 1 && buf[0] == '\0', "a trusted request is answered with one zero byte");
	c = urgent(s);
	check_eq(c, 0x80, "then the urgent byte 0x80 asks for the window size");
	window(s, 33, 101, 0);
	type(s, "stty size; stty speed; echo EN''D1\r");
	check(read_until(s, "END1") && memmem(seen, nseen, "33 101", 6) != NULL,
	    "a window message sets the remote pty's size (33 101)");
	check(memmem(seen, nseen, "9600", 4) != NULL, "the terminal speed of the request is the pty's (9600)");
	mark();
	type(s, "echo A\r");
	window(s, 40, 120, 1);
	type(s, "stty size; echo EN''D2\r");
	check(read_until(s, "END2") && memmem(seen, nseen, "40 120", 6) != NULL &&
	    memmem(seen, nseen, "ss", 2) == NULL,
	    "a window message split across writes, between keystrokes, is taken out of the input");

	/* ^S/^Q: the pty's IXON turned off and on comes as urgent 0x10, then 0x20. */
	type(s, "stty -ixon\r");
	c = urgent(s);
	check(c >= 0 && (c & 0x10), "stty -ixon comes as an urgent byte with 0x10 (the client stops handling ^S/^Q)");
	type(s, "stty ixon\r");
	c = urgent(s);
	check(c >= 0 && (c & 0x20), "stty ixon comes as an urgent byte with 0x20 (the client handles them again)");

	mark();
	type(s, "yes\r");
	read_until(s, "y\r\ny\r\ny\r\n");
	urgent_seen = 0;
	type(s, "\003");
	c = urgent(s);
	check(c >= 0 && (c & 0x02), "an interrupt comes back as an urgent byte with 0x02 (flush output)");
	for (int i = 0; i < 100000 && !atmark; i++) {
		if (ioctl(s, SIOCATMARK, &atmark) < 0)
			break;
		if (!atmark && read(s, buf, sizeof(buf)) <= 0)
			break;
	}
	check(atmark, "reading up to the mark, SIOCATMARK says it is next (Figure 5)");
	mark();
	type(s, "echo EN''D3\r");
	check(read_until(s, "END3"), "the shell answers after the interrupt");
	type(s, "exit\r");
	while ((n = read(s, buf, sizeof(buf))) > 0)
		;
	check_eq(n, 0, "exit ends the session: the server closes");
	close(s);

	s = connect_from(1);
	SYS(write_all(s, "\1", 1));
	n = read(s, buf, sizeof(buf));
	check_eq(n, 0, "a first byte other than zero is closed without a word");
	close(s);

	s = connect_from(1);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	request(s, argv[2], longname, "vt100/9600");
	n = read_full(s, buf, 28);
	buf[n > 0 ? n : 0] = '\0';
	check(n == 28 && memcmp(buf, "\1rlogind: locuser too long.\r", 28) == 0,
	    "a user name over 31 bytes is refused: byte 1 and the reason");
	close(s);

	s = connect_from(0);
	request(s, argv[2], "root", "vt100/9600");
	n = read(s, buf, 1);
	mark();
	snprintf(want, sizeof(want), "Password:");
	check(n == 1 && buf[0] == '\0' && read_until(s, want),
	    "a client on an unprivileged port is asked for a password");
	close(s);
	return t_end();
}
