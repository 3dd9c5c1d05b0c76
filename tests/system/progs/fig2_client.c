/*
 * fig2_client PATH ID GOFILE: a client of fig2_server, started on its own
 * (an unrelated process: the two meet only through the UNIX-domain name).
 * It connects, reads the greeting of the child serving it and says
 * "greeted PID"; it then waits until GOFILE exists, so that the test can
 * hold every client connected at once, sends one request and checks the
 * echo and the EOF after it.
 */
#include "tap.h"

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
	char line[256], req[64], want[128];
	int s, id, pid = 0, i;

	if (argc != 4)
		bail("usage: fig2_client PATH ID GOFILE");
	t_start(50);
	id = atoi(argv[2]);
	s = connect_to(argv[1], SOCK_STREAM);
	check_ok(s, "client %d: connect to the server's name", id);
	if (s < 0)
		return t_end();
	read_line(s, line, sizeof(line));
	check(sscanf(line, "hello %d", &pid) == 1 && pid > 0,
	    "client %d: greeted by the child serving it", id);
	printf("# greeted %d\n", pid);
	for (i = 0; i < 2000 && access(argv[3], F_OK) != 0; i++)
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
