/*
 * synflood MODE ARGS: a SYN flood (RFC 4987 §2) and the real connections
 * that must get through it.
 *
 *   flood ADDR PORT COUNT SEED  sends COUNT TCP SYNs to ADDR:PORT from
 *                               forged sources (random addresses in
 *                               198.18.0.0/15, RFC 2544's benchmark range,
 *                               random ports and sequence numbers) through
 *                               a raw socket with its own IP header
 *                               (IPPROTO_RAW: IP_HDRINCL, as on Linux)
 *   serve PORT N BACKLOG STOP   listens with BACKLOG, accepts N connections
 *                               one after another, echoes each until EOF,
 *                               and keeps listening until the file STOP
 *                               exists
 *   connect ADDR PORT N BYTES   N connections in turn, each made within
 *                               CONNECT_SECS, sending BYTES bytes, shutting
 *                               down its side and reading them back
 *
 * Plain BSD sockets.  flood needs root, as a raw socket does.
 */
#include "tap.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>

#define CONNECT_SECS	20	/* a connect's bound */

/* splitmix64: the forged fields, repeatable from SEED. */
static uint64_t
next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The Internet checksum (RFC 1071) over a pseudo-header and a segment. */
static uint16_t
tcp_sum(uint32_t src, uint32_t dst, const uint8_t *seg, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	sum += (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff);
	sum += IPPROTO_TCP + (uint32_t)len;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)seg[i] << 8 | seg[i + 1];
	if (len & 1)
		sum += (uint32_t)seg[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static int
flood(const char *addr, int port, long count, uint64_t seed)
{
	struct sockaddr_in to;
	uint8_t pkt[20 + 24];
	uint8_t *tcp = pkt + 20;
	uint32_t dst, src;
	long i, sent = 0;
	int s = SYS(socket(AF_INET, SOCK_RAW, IPPROTO_RAW));

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &to.sin_addr) != 1)
		bail("bad address %s", addr);
	dst = ntohl(to.sin_addr.s_addr);
	for (i = 0; i < count; i++) {
		uint64_t r = next_rand(&seed);

		src = 0xc6120000u | (uint32_t)(r & 0x1ffff);	/* 198.18.0.0/15 */
		if ((src & 0xff) == 0 || (src & 0xff) == 0xff)
			src ^= 1;
		memset(pkt, 0, sizeof(pkt));
		pkt[0] = 0x45;				/* IPv4, 20-byte header */
		put16(pkt + 2, sizeof(pkt));
		pkt[8] = 64;				/* TTL */
		pkt[9] = IPPROTO_TCP;
		put32(pkt + 12, src);
		put32(pkt + 16, dst);			/* ip_output sums the header */
		put16(tcp, (uint16_t)(1024 + (r >> 17) % 64000));
		put16(tcp + 2, (uint16_t)port);
		put32(tcp + 4, (uint32_t)(r >> 32));	/* the forged ISS */
		tcp[12] = 6 << 4;			/* 24 bytes: one option */
		tcp[13] = 0x02;				/* SYN */
		put16(tcp + 14, 65535);
		tcp[20] = 2;				/* MSS 1460 */
		tcp[21] = 4;
		put16(tcp + 22, 1460);
		put16(tcp + 16, tcp_sum(src, dst, tcp, 24));
		if (sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&to,
		    sizeof(to)) == (ssize_t)sizeof(pkt))
			sent++;
		else if (errno != ENOBUFS && errno != EINTR)
			bail("sendto: %s", strerror(errno));
	}
	close(s);
	check_eq(sent, count, "sent %ld forged SYNs to %s:%d", count, addr, port);
	return t_end();
}

/* Until path exists (the test says the flood is over); bounded by the alarm. */
static void
wait_file(const char *path)
{
	struct stat st;

	while (stat(path, &st) == -1)
		msleep(20);
}

static int
serve(int port, int n, int backlog, const char *stop)
{
	struct sockaddr_in sin;
	char buf[4096];
	int l = SYS(socket(AF_INET, SOCK_STREAM, 0)), one = 1, i, bad = 0;

	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, backlog));
	printf("# listening\n");
	for (i = 0; i < n; i++) {
		int c = SYS(accept(l, NULL, NULL));
		ssize_t r;

		while ((r = read(c, buf, sizeof(buf))) > 0)
			if (write_all(c, buf, (size_t)r) != r) {
				bad++;
				break;
			}
		if (r < 0)
			bad++;
		close(c);
	}
	check_eq(bad, 0, "accepted %d connections and echoed each to its end", n);
	wait_file(stop);
	close(l);
	return t_end();
}

/*
 * connect, bounded: 0, or the error (ETIMEDOUT after secs).  A listener
 * locked by a SYN flood would hold a connect for the half-open
 * connections' life (75 s); with SYN cookies it is at once.
 */
static int
connect_within(int s, const struct sockaddr_in *sin, int secs)
{
	struct pollfd pfd = { s, POLLOUT, 0 };
	int fl = SYS(fcntl(s, F_GETFL)), err = 0, n;
	socklen_t len = sizeof(err);

	SYS(fcntl(s, F_SETFL, fl | O_NONBLOCK));
	if (connect(s, (const struct sockaddr *)sin, sizeof(*sin)) == -1) {
		if (errno != EINPROGRESS)
			return errno;
		while ((n = poll(&pfd, 1, secs * 1000)) == -1 && errno == EINTR)
			;
		if (n == 0)
			return ETIMEDOUT;
		SYS(getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len));
	}
	SYS(fcntl(s, F_SETFL, fl));
	return err;
}

static int
connect_n(const char *addr, int port, int n, int bytes)
{
	struct sockaddr_in sin;
	char *out = malloc((size_t)bytes), *in = malloc((size_t)bytes);
	int i, j, ok = 0, err;

	if (out == NULL || in == NULL)
		bail("malloc");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		bail("bad address %s", addr);
	for (i = 0; i < n; i++) {
		int s = SYS(socket(AF_INET, SOCK_STREAM, 0));

		for (j = 0; j < bytes; j++)
			out[j] = (char)('a' + (i + j) % 26);
		if ((err = connect_within(s, &sin, CONNECT_SECS)) != 0) {
			diag("connection %d: connect: %s", i, strerror(err));
			close(s);
			continue;
		}
		if (write_all(s, out, (size_t)bytes) != bytes ||
		    shutdown(s, SHUT_WR) == -1 ||
		    read_full(s, in, (size_t)bytes) != bytes ||
		    memcmp(in, out, (size_t)bytes) != 0 || read(s, in, 1) != 0)
			diag("connection %d: echo wrong: %s", i, strerror(errno));
		else
			ok++;
		close(s);
	}
	check_eq(ok, n, "%d of %d connections made (each within %d s), %d bytes each way",
	    ok, n, CONNECT_SECS, bytes);
	free(out);
	free(in);
	return t_end();
}

int
main(int argc, char **argv)
{
	t_start(240);
	if (argc == 6 && strcmp(argv[1], "flood") == 0)
		return flood(argv[2], atoi(argv[3]), atol(argv[4]),
		    strtoull(argv[5], NULL, 0));
	if (argc == 6 && strcmp(argv[1], "serve") == 0)
		return serve(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), argv[5]);
	if (argc == 6 && strcmp(argv[1], "connect") == 0)
		return connect_n(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
	fprintf(stderr, "usage: synflood flood ADDR PORT COUNT SEED | serve PORT N BACKLOG STOPFILE |"
	    " connect ADDR PORT N BYTES\n");
	return 2;
}
