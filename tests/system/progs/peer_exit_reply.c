/*
 * peer_exit_reply [ROUNDS]: each round, a server child accepts one TCP
 * connection on the loopback address, reads the client's "hello", writes
 * it back and exits at once (_exit, holding its copy of the listener too).
 * The client reads the reply to its end (MSG_WAITALL: the 5 bytes, then
 * the server's FIN ends the read), and its connection is then half-closed,
 * not gone: CLOSE_WAIT (RFC 793 §3.5), so getpeername still names the
 * server and a further read says EOF, not ECONNRESET.  The server read
 * all it was sent before it closed, so its close is a FIN, never a RST
 * (Linux resets only a connection closed with data unread, or never
 * accepted).  Every round must hold.  On uipc a wrong reset came in about
 * one round in a hundred (the child's exit hangs up the accepted
 * connection's channel and the listener's together), so the default is
 * 1,000 rounds, about a second.
 */
#include "tap.h"
#include <netinet/in.h>
#include <arpa/inet.h>

#define MSG	"hello"
#define LEN	(sizeof(MSG) - 1)

static void
serve(int l)
{
	char buf[16];
	ssize_t n;
	int s;

	if ((s = accept(l, NULL, NULL)) == -1)
		_exit(3);
	if ((n = read_full(s, buf, LEN)) != (ssize_t)LEN || write_all(s, buf, (size_t)n) != n)
		_exit(4);
	_exit(0);		/* no close of its own: the exit closes both */
}

int
main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 1000, i, l, s, st = 0;
	int badpeer = 0, badread = 0, badeof = 0, badchild = 0;
	struct sockaddr_in sin, got;
	socklen_t len;
	char buf[16];
	ssize_t n;
	pid_t pid;

	t_start(120);
	for (i = 0; i < rounds; i++) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(sin);
		l = SYS(socket(AF_INET, SOCK_STREAM, 0));
		SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
		SYS(listen(l, 1));
		SYS(getsockname(l, (struct sockaddr *)&sin, &len));
		if ((pid = SYS(fork())) == 0)
			serve(l);
		close(l);
		s = SYS(socket(AF_INET, SOCK_STREAM, 0));
		SYS(connect(s, (struct sockaddr *)&sin, sizeof(sin)));
		SYS(write_all(s, MSG, LEN));
		n = recvfrom(s, buf, sizeof(buf), MSG_WAITALL, NULL, NULL);
		if (n != (ssize_t)LEN || memcmp(buf, MSG, LEN) != 0) {
			if (badread++ == 0)
				diag("round %d: the reply read returned %zd (%s)", i, n,
				    n < 0 ? strerror(errno) : "bytes");
		}
		memset(&got, 0, sizeof(got));
		len = sizeof(got);
		if (getpeername(s, (struct sockaddr *)&got, &len) == -1 ||
		    got.sin_port != sin.sin_port || got.sin_addr.s_addr != sin.sin_addr.s_addr) {
			if (badpeer++ == 0)
				diag("round %d: getpeername: %s", i, strerror(errno));
		}
		if ((n = read(s, buf, sizeof(buf))) != 0) {
			if (badeof++ == 0)
				diag("round %d: the read after the reply returned %zd (%s)", i, n,
				    n < 0 ? strerror(errno) : "bytes");
		}
		close(s);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			if (badchild++ == 0)
				diag("round %d: the server child ended with status %#x", i, st);
		}
	}
	check(badread == 0, "the reply came whole, ended by the server's close, in %d of %d rounds",
	    rounds - badread, rounds);
	check(badpeer == 0, "getpeername names the server after it replied and exited, in %d of %d rounds",
	    rounds - badpeer, rounds);
	check(badeof == 0, "a read after the reply says EOF, not a reset, in %d of %d rounds",
	    rounds - badeof, rounds);
	check(badchild == 0, "the server child accepted, echoed and exited 0 in %d of %d rounds",
	    rounds - badchild, rounds);
	return t_end();
}
