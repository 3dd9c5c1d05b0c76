/*
 * static_peer: a TCP client or server meant to be linked statically
 * (`cc -static`), so that no preload shim is ever loaded into it: under
 * `uipc run` its socket calls are served by uipc run's supervisor
 * (DESIGN.md, "A net under the shim").
 *
 *	static_peer connect PORT	connects to 127.0.0.1:PORT, sends "ping",
 *					expects "PING" back
 *	static_peer serve PORT		listens on 127.0.0.1:PORT, prints "ready",
 *					answers one client's 4 bytes in upper case
 *
 * Prints "result moved" when data went both ways, "result refused ERRNO"
 * when the socket could not be made, "result failed CALL ERRNO" otherwise;
 * exits 0 only for "moved".
 */
#include <ctype.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "tap.h"

static int
failed(const char *call)
{
	printf("result failed %s %s\n", call, strerrorname_np(errno));
	return 1;
}

static int
serve(int fd, struct sockaddr_in *sin)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	char buf[4];
	int one = 1, c, i;

	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		return failed("setsockopt");
	if (bind(fd, (struct sockaddr *)sin, sizeof(*sin)) < 0)
		return failed("bind");
	if (listen(fd, 1) < 0)
		return failed("listen");
	printf("ready\n");
	fflush(stdout);
	if ((c = accept(fd, (struct sockaddr *)&peer, &len)) < 0)
		return failed("accept");
	if (len != sizeof(peer) || peer.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
		return failed("accept-name");
	if (read(c, buf, 4) != 4)
		return failed("read");
	for (i = 0; i < 4; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	if (write(c, buf, 4) != 4)
		return failed("write");
	printf("result moved\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char buf[8];
	int fd;

	alarm(20);
	if (argc != 3)
		bail("usage: static_peer connect|serve PORT");
	sin.sin_port = htons((uint16_t)atoi(argv[2]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
		printf("result refused %s\n", strerrorname_np(errno));
		return 3;
	}
	if (strcmp(argv[1], "serve") == 0)
		return serve(fd, &sin);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		return failed("connect");
	if (write(fd, "ping", 4) != 4 || read(fd, buf, 4) != 4 || memcmp(buf, "PING", 4) != 0)
		return failed("data");
	printf("result moved\n");
	return 0;
}
