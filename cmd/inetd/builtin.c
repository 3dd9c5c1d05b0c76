/*
 * The services inetd answers itself, on TCP and UDP: echo (RFC 862),
 * discard (RFC 863), chargen (RFC 864), daytime (RFC 867) and time
 * (RFC 868).  The stream services that last as long as the client wants
 * (echo, discard, chargen) run in a child of their own; daytime and time
 * answer at once.  A datagram gets one datagram back, except from a
 * port below 512: such a source is another server's, and answering it
 * could start two servers answering each other for ever.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "inetd.h"

#define LINESIZ		72	/* RFC 864: lines of 72 characters */
#define TIME_1900	2208988800UL	/* seconds from 1900 to 1970 (RFC 868) */

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* RFC 864's pattern: line k is 72 of the 95 printable characters from k. */
static void
chargen_line(char *buf, unsigned k)
{
	int i;

	for (i = 0; i < LINESIZ; i++)
		buf[i] = (char)(' ' + (k + (unsigned)i) % 95);
	buf[LINESIZ] = '\r';
	buf[LINESIZ + 1] = '\n';
}

static void
daytime_string(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(buf, size, "%a %b %e %H:%M:%S %Y\r\n", &tm);
}

static uint32_t
time_1900(void)
{
	return htonl((uint32_t)((unsigned long)time(NULL) + TIME_1900));
}

static void
echo_stream(int fd, struct servtab *sep)
{
	char buf[8192];
	ssize_t n;

	(void)sep;
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && write_all(fd, buf, (size_t)n) < 0)
			break;
}

static void
discard_stream(int fd, struct servtab *sep)
{
	char buf[8192];
	ssize_t n;

	(void)sep;
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		;
}

static void
chargen_stream(int fd, struct servtab *sep)
{
	char line[LINESIZ + 2];
	unsigned k = 0;

	(void)sep;
	for (;;) {
		chargen_line(line, k++);
		if (write_all(fd, line, sizeof(line)) < 0)
			break;
	}
}

static void
daytime_stream(int fd, struct servtab *sep)
{
	char buf[64];

	(void)sep;
	daytime_string(buf, sizeof(buf));
	(void)write_all(fd, buf, strlen(buf));
}

static void
time_stream(int fd, struct servtab *sep)
{
	uint32_t t = time_1900();

	(void)sep;
	(void)write_all(fd, (char *)&t, sizeof(t));
}

/* One datagram in; its source, when one may answer it. */
static ssize_t
dg_in(int fd, char *buf, size_t size, struct sockaddr_in *from, socklen_t *len)
{
	ssize_t n;

	*len = sizeof(*from);
	n = recvfrom(fd, buf, size, 0, (struct sockaddr *)from, len);
	if (n < 0)
		return -1;
	if (from->sin_family != AF_INET || ntohs(from->sin_port) < IPPORT_RESERVED / 2) {
		logmsg(LOG_WARNING, "datagram from %s port %d not answered",
		    inet_ntoa(from->sin_addr), ntohs(from->sin_port));
		return -1;
	}
	return n;
}

static void
dg_out(int fd, const void *buf, size_t n, struct sockaddr_in *to, socklen_t len)
{
	(void)sendto(fd, buf, n, 0, (struct sockaddr *)to, len);
}

static void
echo_dg(int fd, struct servtab *sep)
{
	char buf[65536];
	struct sockaddr_in from;
	socklen_t len;
	ssize_t n;

	(void)sep;
	if ((n = dg_in(fd, buf, sizeof(buf), &from, &len)) >= 0)
		dg_out(fd, buf, (size_t)n, &from, len);
}

static void
discard_dg(int fd, struct servtab *sep)
{
	char buf[65536];

	(void)sep;
	(void)recv(fd, buf, sizeof(buf), 0);
}

/* RFC 864 over UDP: a datagram of 0 to 512 characters; this one sends 512. */
static void
chargen_dg(int fd, struct servtab *sep)
{
	static unsigned k;
	char buf[512 + LINESIZ + 2], in[1];
	struct sockaddr_in from;
	socklen_t len;
	size_t i;

	(void)sep;
	if (dg_in(fd, in, sizeof(in), &from, &len) < 0)
		return;
	for (i = 0; i < 512; i += LINESIZ + 2)
		chargen_line(buf + i, k + (unsigned)(i / (LINESIZ + 2)));
	k++;
	dg_out(fd, buf, 512, &from, len);
}

static void
daytime_dg(int fd, struct servtab *sep)
{
	char buf[64], in[1];
	struct sockaddr_in from;
	socklen_t len;

	(void)sep;
	if (dg_in(fd, in, sizeof(in), &from, &len) < 0)
		return;
	daytime_string(buf, sizeof(buf));
	dg_out(fd, buf, strlen(buf), &from, len);
}

static void
time_dg(int fd, struct servtab *sep)
{
	uint32_t t;
	char in[1];
	struct sockaddr_in from;
	socklen_t len;

	(void)sep;
	if (dg_in(fd, in, sizeof(in), &from, &len) < 0)
		return;
	t = time_1900();
	dg_out(fd, &t, sizeof(t), &from, len);
}

static const struct builtin builtins[] = {
	{ "echo",	SOCK_STREAM,	1, echo_stream },
	{ "discard",	SOCK_STREAM,	1, discard_stream },
	{ "chargen",	SOCK_STREAM,	1, chargen_stream },
	{ "daytime",	SOCK_STREAM,	0, daytime_stream },
	{ "time",	SOCK_STREAM,	0, time_stream },
	{ "echo",	SOCK_DGRAM,	0, echo_dg },
	{ "discard",	SOCK_DGRAM,	0, discard_dg },
	{ "chargen",	SOCK_DGRAM,	0, chargen_dg },
	{ "daytime",	SOCK_DGRAM,	0, daytime_dg },
	{ "time",	SOCK_DGRAM,	0, time_dg },
};

const struct builtin *
builtin_find(const char *service, int socktype)
{
	size_t i;

	for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (builtins[i].bi_socktype == socktype &&
		    strcmp(builtins[i].bi_service, service) == 0)
			return &builtins[i];
	return NULL;
}
