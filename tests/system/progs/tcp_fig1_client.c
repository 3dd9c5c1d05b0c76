/*
 * tcp_fig1_client HOST PORT ID GOFILE: the primer's Figure 1 client code
 * (gethostbyname, then socket and connect to the server's address) as a
 * client of tcp_fig2_server.  It reads the greeting of the child serving
 * it ("greeted PID ADDR": the address the server saw it come from), waits
 * until GOFILE exists, so that the test can hold every client connected at
 * once, sends one request and checks the echo and the EOF after it.
 */
#include "tap.h"
#include <netdb.h>
#include <netinet/in.h>

static int
read_line(int s, char *buf, size_t size)
{
	size_t n = 0;

	while (n < size - 1) {
		ssize_t r = read(s, buf + n, 1);
		if (r <= 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct hostent *hp;
	char line[256], req[64], want[128], addr[64];
	int s, id, pid = 0, i;

	if (argc != 5)
		bail("usage: tcp_fig1_client HOST PORT ID GOFILE");
	t_start(50);
	id = atoi(argv[3]);
	hp = gethostbyname(argv[1]);
	if (hp == NULL)
		bail("client %d: %s: unknown host", id, argv[1]);
	memset(&sin, 0, sizeof(sin));
	memcpy(&sin.sin_addr, hp->h_addr, hp->h_length);
	sin.sin_family = hp->h_addrtype;
	sin.sin_port = htons(atoi(argv[2]));
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_ok(connect(s, (struct sockaddr *)&sin, sizeof(sin)), "client %d: connect to %s", id, argv[1]);
	read_line(s, line, sizeof(line));
	check(sscanf(line, "hello %d %63s", &pid, addr) == 2 && pid > 0,
	    "client %d: greeted by the child serving it", id);
	printf("# greeted %d %s\n", pid, addr);
	for (i = 0; i < 2000 && access(argv[4], F_OK) != 0; i++)
		msleep(10);
	snprintf(req, sizeof(req), "request %d\n", id);
	SYS(write_all(s, req, strlen(req)));
	read_line(s, line, sizeof(line));
	snprintf(want, sizeof(want), "echo: %s", req);
	check(strcmp(line, want) == 0, "client %d: the reply echoes its request", id);
	check_eq(read(s, line, sizeof(line)), 0, "client %d: EOF when the child exits", id);
	close(s);
	return t_end();
}
