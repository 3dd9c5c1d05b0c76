/*
 * static_client: a TCP client meant to be linked statically (`cc -static`),
 * so that no preload shim is ever loaded into it: under `uipc run` its
 * socket calls meet only the filter `uipc run` installs before exec
 * (DESIGN.md, "A net under the shim").
 *
 *	static_client PORT
 *
 * Connects to 127.0.0.1:PORT, sends "ping", expects "PING" back.  Prints
 * "result moved" when data went both ways, "result refused ERRNO" when the
 * socket could not be made, "result failed CALL ERRNO" otherwise; exits 0
 * only for "moved".
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include "tap.h"

int
main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	char buf[8];
	int fd;

	alarm(20);
	if (argc != 2)
		bail("usage: static_client PORT");
	sin.sin_port = htons((uint16_t)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0) {
		printf("result refused %s\n", strerrorname_np(errno));
		return 3;
	}
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		printf("result failed connect %s\n", strerrorname_np(errno));
		return 1;
	}
	if (write(fd, "ping", 4) != 4 || read(fd, buf, 4) != 4 || memcmp(buf, "PING", 4) != 0) {
		printf("result failed data %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("result moved\n");
	return 0;
}
