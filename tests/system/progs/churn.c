/*
 * churn: TCP connections opened and closed over and over, to keep a
 * socket table changing (and full of TIME_WAIT) while something reads it.
 *
 *   churn serve PORT STOP         accepts on PORT (every address), answers
 *                                 each connection's byte and closes it, until
 *                                 the file STOP exists
 *   churn clients ADDR PORT N STOP   N processes, each connecting to ADDR:PORT,
 *                                 sending a byte, reading the answer and
 *                                 closing with a reset (SO_LINGER 0: no
 *                                 TIME_WAIT piles up), pausing PAUSE_MS (10)
 *                                 between, until STOP exists; prints how
 *                                 many exchanges
 *
 * Bounded: each process gives up after 300 s.
 */
#include "tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#define PAUSE_MS	10

static int
stopped(const char *stop)
{
	struct stat st;

	return stat(stop, &st) == 0;
}

static int
serve(int port, const char *stop)
{
	struct sockaddr_in sin;
	int l, c, one = 1, n = 0;
	time_t end = time(NULL) + 300;
	char b;

	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 128));
	while (!stopped(stop) && time(NULL) < end) {
		struct pollfd pfd = { l, POLLIN, 0 };

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if ((c = accept(l, NULL, NULL)) < 0)
			continue;
		if (read(c, &b, 1) == 1 && write(c, &b, 1) == 1)
			n++;
		close(c);
	}
	diag("served %d", n);
	return 0;
}

static int
client(const struct sockaddr_in *sin, const char *stop)
{
	struct timespec pause = { 0, PAUSE_MS * 1000000L };
	struct linger lg = { 1, 0 };
	time_t end = time(NULL) + 300;
	int s, n = 0;
	char b = 'x';

	alarm(310);
	while (!stopped(stop) && time(NULL) < end) {
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) < 0)
			return n;
		if (connect(s, (const struct sockaddr *)sin, sizeof(*sin)) == 0 &&
		    write(s, &b, 1) == 1 && read(s, &b, 1) == 1)
			n++;
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s);
		nanosleep(&pause, NULL);
	}
	return n;
}

static int
clients(const char *addr, int port, int nproc, const char *stop)
{
	struct sockaddr_in sin;
	int i, st, fail = 0, p[2];
	long total = 0, one;
	pid_t pid;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
		bail("bad address %s", addr);
	SYS(pipe(p));
	for (i = 0; i < nproc; i++) {
		if ((pid = SYS(fork())) == 0) {
			close(p[0]);
			one = client(&sin, stop);
			if (write(p[1], &one, sizeof(one)) != sizeof(one))
				_exit(1);
			_exit(0);
		}
	}
	close(p[1]);
	while (read(p[0], &one, sizeof(one)) == sizeof(one))
		total += one;
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail++;
	check(fail == 0 && total > 0, "%d clients made %ld exchanges", nproc, total);
	return fail != 0;
}

int
main(int argc, char **argv)
{
	alarm(320);
	if (argc == 4 && strcmp(argv[1], "serve") == 0)
		return serve(atoi(argv[2]), argv[3]);
	if (argc == 6 && strcmp(argv[1], "clients") == 0)
		return clients(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5]);
	bail("usage: churn serve PORT STOP | churn clients ADDR PORT N STOP");
}
