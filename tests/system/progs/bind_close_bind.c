/*
 * bind_close_bind KIND COUNT DIR: COUNT times a new socket binds the same
 * local address, and is closed.  On the Linux kernel a socket that never
 * connected gives its port (or name) back at the moment close() returns,
 * so every bind succeeds; a server restarted at once binds again.
 *
 *   udp        a UDP port
 *   tcplisten  a TCP port, listening before the close
 *   tcpbound   a TCP port, bound only
 *   unix       a UNIX-domain stream name, listening; its node is unlinked
 *              after the close, as a server does before it binds again
 *              (on Linux the node outlives the socket)
 *
 * The port is one the kernel picks for the first socket (port 0), so that
 * the program also runs on the host.  Every failing call must set errno.
 */
#include "tap.h"
#include <netinet/in.h>
#include <arpa/inet.h>

enum kind { K_UDP, K_TCPLISTEN, K_TCPBOUND, K_UNIX };

static int
kind_of(const char *s)
{
	if (strcmp(s, "udp") == 0)
		return K_UDP;
	if (strcmp(s, "tcplisten") == 0)
		return K_TCPLISTEN;
	if (strcmp(s, "tcpbound") == 0)
		return K_TCPBOUND;
	if (strcmp(s, "unix") == 0)
		return K_UNIX;
	bail("unknown kind %s", s);
}

static const char *
kind_name(int k)
{
	static const char *names[] = {
		"a UDP port", "a listening TCP port", "a bound TCP port", "a UNIX-domain name",
	};
	return names[k];
}

/* One round: socket, bind (and listen), close.  0, or errno of the bind. */
static int
round_once(int k, const struct sockaddr *sa, socklen_t len, int *bind_errno_zero)
{
	int s, e = 0;

	s = SYS(socket(k == K_UNIX ? AF_UNIX : AF_INET, k == K_UDP ? SOCK_DGRAM : SOCK_STREAM, 0));
	errno = 0;
	if (bind(s, sa, len) == -1) {
		e = errno;
		if (e == 0)
			(*bind_errno_zero)++;
		if (e == 0)
			e = -1;
	} else if ((k == K_TCPLISTEN || k == K_UNIX) && listen(s, 5) == -1) {
		e = errno != 0 ? errno : -1;
	}
	SYS(close(s));
	if (k == K_UNIX)
		unlink(((const struct sockaddr_un *)sa)->sun_path);
	return e;
}

int
main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	socklen_t len;
	int k, count, i, e, failed = 0, first_errno = 0, first_at = -1, zero = 0, s;

	if (argc != 4)
		bail("usage: bind_close_bind udp|tcplisten|tcpbound|unix COUNT DIR");
	t_start(120);
	k = kind_of(argv[1]);
	count = atoi(argv[2]);
	memset(&ss, 0, sizeof(ss));
	if (k == K_UNIX) {
		len = sun_of((struct sockaddr_un *)&ss, path_in(argv[3], "bcb.sock"));
		unlink(((struct sockaddr_un *)&ss)->sun_path);
	} else {
		/* A port the kernel (or uipc) picks, free when this starts. */
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
		s = SYS(socket(AF_INET, k == K_UDP ? SOCK_DGRAM : SOCK_STREAM, 0));
		SYS(bind(s, (struct sockaddr *)sin, len));
		SYS(getsockname(s, (struct sockaddr *)sin, &len));
		SYS(close(s));
		diag("port %u", ntohs(sin->sin_port));
	}
	for (i = 0; i < count; i++) {
		e = round_once(k, (struct sockaddr *)&ss, len, &zero);
		if (e != 0) {
			if (failed++ == 0) {
				first_errno = e;
				first_at = i;
			}
		}
	}
	if (!check(failed == 0, "%d times bind, close, bind again of %s: every bind succeeds",
	    count, kind_name(k)))
		diag("  %d of %d failed; the first (round %d): %s", failed, count, first_at,
		    first_errno > 0 ? strerror(first_errno) : "errno not set");
	check_eq(zero, 0, "every bind that failed set errno");
	return t_end();
}
