/*
 * drop_then_msg: a program started as root that drops to an unprivileged
 * user (as a daemon does after binding its port) still makes and uses
 * message sockets: a UNIX datagram socketpair carries a datagram, and a
 * UDP socket bound to 127.0.0.1 receives what it sends itself.
 *
 *	drop_then_msg UID GID
 *
 * Run statically under `uipc run`, its sockets are placed by the
 * supervisor, which must learn the program's descriptor limit after the
 * drop (cmd/uipc/supervise_fd.c); dynamically, by the shim; natively, by
 * the kernel.  All three must pass.
 */
#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>

#include "tap.h"

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int sv[2], u, rc, e;
	char c = 0;

	if (argc != 3)
		return 2;
	alarm(30);
	SYS(setgroups(0, NULL));
	SYS(setgid((gid_t)atoi(argv[2])));
	SYS(setuid((uid_t)atoi(argv[1])));
	check(getuid() != 0 && geteuid() != 0, "dropped to uid %d", (int)getuid());

	rc = socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	e = errno;
	if (check(rc == 0, "after the drop: socketpair(AF_UNIX, SOCK_DGRAM)%s%s",
	    rc ? ": " : "", rc ? strerror(e) : "")) {
		check(write(sv[0], "d", 1) == 1 && read(sv[1], &c, 1) == 1 && c == 'd',
		    "and it carries a datagram");
		close(sv[0]);
		close(sv[1]);
	}
	u = socket(AF_INET, SOCK_DGRAM, 0);
	e = errno;
	if (check(u >= 0, "after the drop: socket(AF_INET, SOCK_DGRAM)%s%s",
	    u < 0 ? ": " : "", u < 0 ? strerror(e) : "")) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		c = 0;
		check(bind(u, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
		    getsockname(u, (struct sockaddr *)&sin, &len) == 0 &&
		    sendto(u, "u", 1, 0, (struct sockaddr *)&sin, sizeof(sin)) == 1 &&
		    recv(u, &c, 1, 0) == 1 && c == 'u',
		    "a UDP socket bound to 127.0.0.1 receives what it sends itself");
		close(u);
	}
	return t_failed ? 1 : 0;
}
