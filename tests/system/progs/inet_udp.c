/*
 * inet_udp: UDP checks for tests/system/inet_*.t, one mode per argument.
 * Plain BSD sockets, run under `uipc run -H host`.
 *
 *	inet_udp echo-server PORT N	answer N datagrams, then exit
 *	inet_udp echo ADDR PORT SIZE	one datagram of SIZE bytes, echoed whole
 *	inet_udp refused ADDR PORT	connected send; ECONNREFUSED next
 *	inet_udp noroute ADDR		sendto: ENETUNREACH
 *	inet_udp bcast-denied BCAST	sendto broadcast without SO_BROADCAST
 *	inet_udp bind513		bind port 513 (EACCES unless uid 0)
 *	inet_udp rwho-listen PORT SECS	count broadcasts; print the senders
 *	inet_udp rwho-send BCAST PORT	send one broadcast from port PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include "tap.h"
#include "inet_util.h"

static int
readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };

	return poll(&p, 1, ms) == 1;
}

int
main(int argc, char **argv)
{
	static char buf[65536], in[65536];
	struct sockaddr_in to, from;
	socklen_t fl;
	ssize_t n;
	int fd, i, one = 1;

	alarm(30);
	if (argc < 2)
		bail("usage");
	if (strcmp(argv[1], "echo-server") == 0 && argc == 4) {
		fd = udp_bound(atoi(argv[2]));
		printf("# ready\n");
		fflush(stdout);
		for (i = 0; i < atoi(argv[3]); i++) {
			fl = sizeof(from);
			n = SYS(recvfrom(fd, buf, sizeof(buf), 0,
			    (struct sockaddr *)&from, &fl));
			SYS(sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl));
		}
		check(1, "echo server answered %d datagrams", i);
	} else if (strcmp(argv[1], "echo") == 0 && argc == 5) {
		size_t size = (size_t)atoi(argv[4]);
		int tries;

		to = sin_of(argv[2], atoi(argv[3]));
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		for (i = 0; i < (int)size; i++)
			buf[i] = (char)(i * 13 + 1);
		n = -1;
		/* A lossy segment may eat one: bounded retries. */
		for (tries = 0; tries < 5 && n < 0; tries++) {
			SYS(sendto(fd, buf, size, 0, (struct sockaddr *)&to, sizeof(to)));
			if (readable(fd, 2000)) {
				fl = sizeof(from);
				n = recvfrom(fd, in, sizeof(in), 0,
				    (struct sockaddr *)&from, &fl);
			}
		}
		check_eq(n, (long)size, "echo of %zu bytes came back whole", size);
		check(n == (ssize_t)size && memcmp(in, buf, size) == 0,
		    "echo of %zu bytes has the same bytes", size);
		check(from.sin_addr.s_addr == to.sin_addr.s_addr &&
		    from.sin_port == to.sin_port, "echo came from the server's address and port");
	} else if (strcmp(argv[1], "refused") == 0 && argc == 4) {
		to = sin_of(argv[2], atoi(argv[3]));
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		SYS(connect(fd, (struct sockaddr *)&to, sizeof(to)));
		SYS(send(fd, "x", 1, 0));
		readable(fd, 2000);
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		check_errno(n, ECONNREFUSED,
		    "recv on a connected UDP socket after a port unreachable: ECONNREFUSED");
	} else if (strcmp(argv[1], "noroute") == 0 && argc == 3) {
		to = sin_of(argv[2], 9);
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		check_errno(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)),
		    ENETUNREACH, "sendto with no route: ENETUNREACH");
	} else if (strcmp(argv[1], "bcast-denied") == 0 && argc == 3) {
		to = sin_of(argv[2], 5514);	/* not rwho's 513: tshark would dissect "x" as WHO */
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		check_errno(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)),
		    EACCES, "broadcast by an ordinary user without SO_BROADCAST: EACCES");
		SYS(setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)));
		check_ok(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)),
		    "broadcast with SO_BROADCAST goes out");
	} else if (strcmp(argv[1], "bind513") == 0 && argc == 2) {
		to = sin_of("0.0.0.0", 513);
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		if (getuid() == 0)
			check_ok(bind(fd, (struct sockaddr *)&to, sizeof(to)),
			    "uid 0 binds port 513");
		else
			check_errno(bind(fd, (struct sockaddr *)&to, sizeof(to)),
			    EACCES, "an ordinary user binding port 513: EACCES");
	} else if (strcmp(argv[1], "rwho-listen") == 0 && argc == 4) {
		int count = 0;

		fd = udp_bound(atoi(argv[2]));
		printf("# ready\n");
		fflush(stdout);
		while (readable(fd, atoi(argv[3]) * 1000)) {
			fl = sizeof(from);
			n = SYS(recvfrom(fd, buf, sizeof(buf), 0,
			    (struct sockaddr *)&from, &fl));
			printf("# from %s %d\n", inet_ntoa(from.sin_addr),
			    ntohs(from.sin_port));
			count++;
		}
		printf("# count %d\n", count);
	} else if (strcmp(argv[1], "rwho-send") == 0 && argc == 4) {
		struct sockaddr_in me = sin_of("0.0.0.0", atoi(argv[3]));

		to = sin_of(argv[2], atoi(argv[3]));
		fd = SYS(socket(AF_INET, SOCK_DGRAM, 0));
		SYS(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
		SYS(bind(fd, (struct sockaddr *)&me, sizeof(me)));
		SYS(setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)));
		check_ok(sendto(fd, "whod", 4, 0, (struct sockaddr *)&to, sizeof(to)),
		    "rwho-style broadcast sent");
	} else {
		bail("usage");
	}
	return t_failed ? 1 : 0;
}
