/*
 * TCP test helpers (tcp_test.h).  Linked into every unit test: no main,
 * tcpt_ names only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "tcp_test.h"

static const struct ucred tcpt_root = { .pid = 1, .uid = 0, .gid = 0 };

/* Hosts a (10.0.0.1) and b (10.0.0.2) on one segment with faults fc. */
void
tcpt_net(struct sim_pair *n, uint64_t seed, const struct fault_conf *fc,
    uint64_t delay)
{
	sim_pair(n, seed, &(struct sim_pair_conf){ .a = "a", .b = "b",
	    .delay = delay, .fault = fc });
}

/* Closes every socket left and frees the stack. */
void
tcpt_net_free(struct sim_pair *n)
{
	struct socket *so;

	for (;;) {
		for (so = n->st->st_sockets; so != NULL; so = so->so_allnext)
			if (!(so->so_state & SS_CLOSED))
				break;
		if (so == NULL)
			break;
		soclose(so);
	}
	stack_destroy(n->st);
}

struct socket *
tcpt_socket(struct host *h)
{
	struct socket *so;

	assert_int_equal(socreate(h, AF_INET, SOCK_STREAM, 0, &tcpt_root, &so), 0);
	return so;
}

int
tcpt_bind(struct socket *so, uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;
	struct so_addr a = { (struct sockaddr *)&sin, sizeof(sin), NULL };

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	return sobind(so, &a, &tcpt_root);
}

struct socket *
tcpt_listen(struct host *h, uint16_t port, int backlog)
{
	struct socket *so = tcpt_socket(h);

	assert_int_equal(tcpt_bind(so, 0, port), 0);
	assert_int_equal(solisten(so, backlog, &tcpt_root), 0);
	return so;
}

int
tcpt_connect(struct socket *so, uint32_t addr, uint16_t port)
{
	struct sockaddr_in sin;
	struct so_addr a = { (struct sockaddr *)&sin, sizeof(sin), NULL };

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(addr);
	sin.sin_port = htons(port);
	return soconnect(so, &a, &tcpt_root);
}

struct socket *
tcpt_accept(struct socket *ls)
{
	struct socket *so;
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (soaccept(ls, &so, (struct sockaddr *)&sin, &len) != 0)
		return NULL;
	return so;
}

size_t
tcpt_write(struct socket *so, const void *buf, size_t n)
{
	size_t done = 0;

	if (sosend(so, buf, n, 0, NULL, NULL, &tcpt_root, &done) != 0)
		return 0;
	return done;
}

/* Reads what is there; *err gets soreceive's answer (0 at EOF or data). */
size_t
tcpt_read(struct socket *so, void *buf, size_t n, int *err)
{
	size_t done = 0;
	int e;

	e = soreceive(so, buf, n, 0, NULL, NULL, NULL, &done, NULL);
	if (err != NULL)
		*err = e;
	return done;
}

struct tcpcb *
tcpt_cb(struct socket *so)
{
	return sototcpcb(so);
}

/* The tcpcb's state, TCPS_CLOSED when the connection is gone. */
int
tcpt_state(struct socket *so)
{
	struct tcpcb *tp = sototcpcb(so);

	return tp == NULL ? TCPS_CLOSED : tp->t_state;
}

struct tcpstat *
tcpt_stat(struct host *h)
{
	return &TCPH(h)->th_stat;
}

void
tcpt_setint(struct socket *so, int level, int name, int v)
{
	assert_int_equal(sosetopt(so, level, name, &v, sizeof(v)), 0);
}
