/*
 * dgram_wait_server: a "dgram wait" server for inetd's test: inetd hands
 * it the datagram socket itself on descriptor 0 (and 1, 2).  It answers
 * the datagram waiting there with "pid PID port PORT: " and the datagram
 * (PORT is the port descriptor 0 is bound to, so the answer shows it had
 * inetd's own socket), then exits, and inetd takes the socket back.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(void)
{
	struct sockaddr_in from, self;
	socklen_t fl = sizeof(from), sl = sizeof(self);
	char in[512], out[600];
	ssize_t n;
	int len;

	alarm(30);
	if (getsockname(0, (struct sockaddr *)&self, &sl) < 0)
		return 1;
	n = recvfrom(0, in, sizeof(in), 0, (struct sockaddr *)&from, &fl);
	if (n < 0)
		return 1;
	len = snprintf(out, sizeof(out), "pid %d port %d: %.*s", (int)getpid(),
	    ntohs(self.sin_port), (int)n, in);
	return sendto(0, out, (size_t)len, 0, (struct sockaddr *)&from, fl) < 0;
}
