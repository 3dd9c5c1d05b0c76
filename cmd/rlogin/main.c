/*
 * rlogin [-8v] [-l user] [-e char] [-p port] host
 *
 * Figure 1 of the primer: getservbyname("login", "tcp"), gethostbyname,
 * socket, connect.  Before connecting it binds a privileged port by the
 * loop of §5.4 (1023 downwards, as rresvport(3)), which only root may
 * do: a server trusts the client's host to vouch for its user only then.
 * Not root, it connects from any port and the server asks for a password.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <errno.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rlogin.h"

/* The §5.4 loop: a privileged port, 1023 downwards; -1 when none is ours. */
static int
bind_reserved(int s)
{
	struct sockaddr_in sin;
	int lport = IPPORT_RESERVED - 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = INADDR_ANY;
	for (;;) {
		sin.sin_port = htons((unsigned short)lport);
		if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) >= 0)
			return lport;
		if (errno != EADDRINUSE && errno != EADDRNOTAVAIL)
			return -1;
		lport--;
		if (lport == IPPORT_RESERVED / 2) {
			fprintf(stderr, "rlogin: all privileged ports in use\n");
			return -1;
		}
	}
}

static const long bauds[][2] = {
	{ B300, 300 }, { B1200, 1200 }, { B2400, 2400 }, { B4800, 4800 },
	{ B9600, 9600 }, { B19200, 19200 }, { B38400, 38400 },
	{ B57600, 57600 }, { B115200, 115200 },
};

/* "type/speed" of this terminal, as RFC 1282 asks. */
static void
term_request(char *buf, size_t size)
{
	struct termios tt;
	const char *term = getenv("TERM");
	long bps = 38400;
	size_t i;

	if (tcgetattr(0, &tt) == 0)
		for (i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++)
			if ((long)cfgetospeed(&tt) == bauds[i][0])
				bps = bauds[i][1];
	snprintf(buf, size, "%s/%ld", term && *term ? term : "network", bps);
}

static void
usage(void)
{
	fprintf(stderr, "usage: rlogin [-8v] [-l user] [-e char] [-p port] host\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct servent *sp;
	struct hostent *hp;
	struct passwd *pw;
	const char *user = NULL;
	char req[600], term[300], c;
	int s, ch, escape = '~', verbose = 0, port = 0;
	size_t n;

	while ((ch = getopt(argc, argv, "l:e:p:8v")) != -1) {
		switch (ch) {
		case 'l': user = optarg; break;
		case 'e': escape = (unsigned char)optarg[0]; break;
		case '8': break;	/* always 8 bits */
		case 'v': verbose = 1; break;
		case 'p': port = atoi(optarg); break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	pw = getpwuid(getuid());
	if (pw == NULL) {
		fprintf(stderr, "rlogin: who are you?\n");
		exit(1);
	}
	if (user == NULL)
		user = pw->pw_name;

	sp = getservbyname("login", "tcp");
	if (sp == NULL) {
		fprintf(stderr, "rlogin: tcp/login: unknown service\n");
		exit(1);
	}
	hp = gethostbyname(argv[optind]);
	if (hp == NULL || hp->h_addrtype != AF_INET) {
		fprintf(stderr, "rlogin: %s: unknown host\n", argv[optind]);
		exit(2);
	}
	memset(&sin, 0, sizeof(sin));
	memcpy(&sin.sin_addr, hp->h_addr_list[0], (size_t)hp->h_length);
	sin.sin_family = (sa_family_t)hp->h_addrtype;
	sin.sin_port = port > 0 && port < 65536 ? htons((unsigned short)port) : sp->s_port;
	s = socket(hp->h_addrtype, SOCK_STREAM, 0);
	if (s < 0) {
		perror("rlogin: socket");
		exit(3);
	}
	if (bind_reserved(s) < 0)
		fprintf(stderr, "rlogin: not on a privileged port: the server will ask for a password\n");
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("rlogin: connect");
		exit(4);
	}
	/* RFC 1282: \0 client-user \0 server-user \0 terminal/speed \0 */
	term_request(term, sizeof(term));
	n = (size_t)snprintf(req, sizeof(req), "%c%s%c%s%c%s", 0, pw->pw_name, 0, user, 0, term) + 1;
	if (write(s, req, n) != (ssize_t)n) {
		perror("rlogin: write");
		exit(5);
	}
	if (read(s, &c, 1) != 1) {
		fprintf(stderr, "rlogin: connection closed.\n");
		exit(1);
	}
	if (c != '\0') {		/* refused: the reason, to a newline */
		while (read(s, &c, 1) == 1) {
			(void)write(2, &c, 1);
			if (c == '\n')
				break;
		}
		exit(1);
	}
	return rl_session(s, escape, verbose);
}
