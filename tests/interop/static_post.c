/*
 * static_post.c: a plain BSD-socket client built with `cc -static` by
 * tests/interop/go_http_static_c.t.  A static program never loads the
 * preload shim: on uipc, `uipc run` serves its socket calls from outside
 * (docs/DESIGN.md, "A net under the shim").
 *
 *   static_post ADDR PORT PATH <FILE
 *
 * posts FILE (standard input) to http://ADDR:PORT/PATH with HTTP/1.0 and
 * copies the whole answer, headers included, to standard output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The whole of standard input, in *lenp bytes. */
static char *
read_stdin(size_t *lenp)
{
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (buf == NULL)
			return NULL;
		if (len == cap) {
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		ssize_t r = read(0, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*lenp = len;
	return buf;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: static_post ADDR PORT PATH <FILE\n");
		return 2;
	}
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((unsigned short)atoi(argv[2])) };
	if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1) {
		fprintf(stderr, "static_post: %s: not an IPv4 address\n", argv[1]);
		return 2;
	}
	size_t len;
	char *body = read_stdin(&len);
	if (body == NULL) {
		perror("static_post: standard input");
		return 1;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		perror("static_post: socket");
		return 1;
	}
	if (connect(s, (struct sockaddr *)&sin, sizeof sin) < 0) {
		perror("static_post: connect");
		return 1;
	}
	char head[512];
	int hn = snprintf(head, sizeof head,
			  "POST %s HTTP/1.0\r\nHost: %s\r\nContent-Length: %zu\r\n\r\n",
			  argv[3], argv[1], len);
	if (write_all(s, head, (size_t)hn) < 0 || write_all(s, body, len) < 0) {
		perror("static_post: write");
		return 1;
	}
	char buf[65536];
	for (;;) {
		ssize_t r = read(s, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			perror("static_post: read");
			return 1;
		}
		if (r == 0)
			break;
		if (write_all(1, buf, (size_t)r) < 0) {
			perror("static_post: standard output");
			return 1;
		}
	}
	close(s);
	free(body);
	return 0;
}
