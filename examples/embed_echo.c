/*
 * embed_echo: uipc's stack inside one program, through the embedding API
 * alone (<uipc/embed.h>).  Two hosts on one virtual Ethernet segment, a
 * TCP echo server on one and a client on the other, in virtual time: the
 * program moves the clock on whenever nobody can make progress, so the
 * run is the same on every machine.
 *
 * Build against an installed uipc:
 *	cc -o embed_echo embed_echo.c $(pkg-config --cflags --libs uipc)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <uipc/embed.h>

#define TICK	1000000ull	/* 1 ms of virtual time */
#define TICKS	10000		/* give up after 10 s of it */

static const char conf[] =
    "segment lan\n"
    "host alpha\n\tinterface en0 segment lan address 192.0.2.1/24\n"
    "host beta\n\tinterface en0 segment lan address 192.0.2.2/24\n";

static int
fail(const char *what, int error)
{
	fprintf(stderr, "embed_echo: %s: %s\n", what, strerror(error));
	return 1;
}

/* Moves time on until so is ready for events; 0 or ETIMEDOUT. */
static int
wait_ready(struct stack *st, struct socket *so, int events)
{
	int i;

	for (i = 0; i < TICKS; i++) {
		if (uipc_sock_poll(so, events) & (events | POLLERR | POLLHUP))
			return 0;
		uipc_stack_advance(st, TICK);
	}
	return ETIMEDOUT;
}

int
main(void)
{
	static const char msg[] = "hello through uipc";
	struct sockaddr_in sin, peer;
	socklen_t plen = sizeof(peer);
	struct socket *ls, *srv, *cli;
	struct stack *st;
	char err[256], buf[64], echoed[64], ip[INET_ADDRSTRLEN];
	size_t n, got = 0;
	int e;

	if ((e = uipc_stack_new(UIPC_CLOCK_VIRTUAL, 42, &st)) != 0)
		return fail("stack", e);
	if ((e = uipc_stack_config_text(st, conf, err, sizeof(err))) != 0) {
		fprintf(stderr, "embed_echo: %s\n", err);
		return 1;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(7);		/* echo (RFC 862) */
	if ((e = uipc_sock_open(uipc_host(st, "beta"), AF_INET, SOCK_STREAM, 0, &ls)) != 0 ||
	    (e = uipc_sock_bind(ls, (struct sockaddr *)&sin, sizeof(sin))) != 0 ||
	    (e = uipc_sock_listen(ls, 5)) != 0)
		return fail("listen on beta", e);
	inet_pton(AF_INET, "192.0.2.2", &sin.sin_addr);
	if ((e = uipc_sock_open(uipc_host(st, "alpha"), AF_INET, SOCK_STREAM, 0, &cli)) != 0)
		return fail("socket on alpha", e);
	if ((e = uipc_sock_connect(cli, (struct sockaddr *)&sin, sizeof(sin))) != 0 &&
	    e != EINPROGRESS)
		return fail("connect", e);
	if ((e = wait_ready(st, ls, POLLIN)) != 0 ||
	    (e = uipc_sock_accept(ls, &srv, (struct sockaddr *)&peer, &plen)) != 0)
		return fail("accept", e);
	printf("beta accepted a connection from %s\n",
	    inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip)));
	if ((e = wait_ready(st, cli, POLLOUT)) != 0 ||
	    (e = uipc_sock_send(cli, msg, strlen(msg), 0, &n)) != 0)
		return fail("send", e);
	/* The server echoes what it reads until the client's end of file. */
	uipc_sock_shutdown(cli, SHUT_WR);
	for (;;) {
		if ((e = wait_ready(st, srv, POLLIN)) != 0 ||
		    (e = uipc_sock_recv(srv, buf, sizeof(buf), 0, &n)) != 0)
			return fail("server recv", e);
		if (n == 0)
			break;
		if ((e = uipc_sock_send(srv, buf, n, 0, &n)) != 0)
			return fail("server send", e);
	}
	uipc_sock_close(srv);
	while (got < sizeof(echoed) - 1) {
		if ((e = wait_ready(st, cli, POLLIN)) != 0 ||
		    (e = uipc_sock_recv(cli, echoed + got, sizeof(echoed) - 1 - got, 0, &n)) != 0)
			return fail("client recv", e);
		if (n == 0)
			break;
		got += n;
	}
	echoed[got] = '\0';
	printf("alpha got back %zu bytes: %s\n", got, echoed);
	uipc_sock_close(cli);
	uipc_sock_close(ls);
	uipc_stack_free(st);
	return strcmp(echoed, msg) == 0 ? 0 : 1;
}
