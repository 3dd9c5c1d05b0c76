/*
 * quickack_rounds [ROUNDS]: request/response over TCP on the loopback
 * address, each round a new connection: connect, three small writes (the
 * request), one read (the response), close.  Each write waits until the
 * server has read the one before (told through a pipe), so that each is a
 * segment of its own, as on the kernel, and never coalesced on the way.
 * With Nagle on, each write then waits for the ACK of the one before; a
 * receiver that delays that ACK
 * (RFC 1122 §4.2.3.2, 100 ms on uipc) makes each round last a delay, so
 * 1,000 rounds would take about 100 s.  Linux acknowledges a connection's
 * first segments at once (quickack), and so must uipc: the rounds must
 * end within 10 s, a margin of ten to a delay per round.  (Linux takes
 * about 0.1 s here; the bound asserts no fine timing.)
 */
#include "tap.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#define REQ	"0123456789"	/* each of the three writes */

static void
serve(int l, int rounds, int told)
{
	char buf[sizeof(REQ)];
	int i, k, s;

	for (i = 0; i < rounds; i++) {
		if ((s = accept(l, NULL, NULL)) == -1)
			_exit(3);
		for (k = 0; k < 3; k++)
			if (read_full(s, buf, sizeof(REQ) - 1) != sizeof(REQ) - 1 ||
			    (k < 2 && write_all(told, "r", 1) != 1))
				_exit(4);
		if (write_all(s, "ok", 2) != 2)
			_exit(4);
		close(s);
	}
	_exit(0);
}

/* One piece of the request, once the server has read the one before. */
static int
piece(int s, int k, int told)
{
	char c;

	if (k > 0 && read_full(told, &c, 1) != 1)
		return -1;
	return write_all(s, REQ, sizeof(REQ) - 1) == -1 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1000, i, l, s, bad = 0, st, p[2];
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	double t0, spent;
	char buf[2];
	pid_t pid;

	t_start(120);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 64));
	SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	SYS(pipe(p));
	if ((pid = SYS(fork())) == 0) {
		close(p[0]);
		serve(l, rounds, p[1]);
	}
	close(p[1]);
	close(l);
	t0 = now();
	for (i = 0; i < rounds && !bad; i++) {
		s = SYS(socket(AF_INET, SOCK_STREAM, 0));
		if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
		    piece(s, 0, p[0]) == -1 || piece(s, 1, p[0]) == -1 ||
		    piece(s, 2, p[0]) == -1 || read_full(s, buf, 2) != 2)
			bad = i + 1;
		close(s);
	}
	spent = now() - t0;
	check(bad == 0, "%d rounds of connect, write x3, read, close completed", rounds);
	if (bad)
		diag("round %d failed: %s", bad, strerror(errno));
	st = reap(pid);
	check_eq(st, 0, "the server answered every round");
	if (!check(spent < rounds / 100.0, "%d rounds within %.0f s (an ACK delayed in every round: over %.0f s)",
	    rounds, rounds / 100.0, rounds * 0.1))
		diag("took %.2f s", spent);
	else
		diag("took %.2f s", spent);
	return t_end();
}
