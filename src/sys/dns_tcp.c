/*
 * The DNS responder over TCP (RFC 1035 §4.2.2, RFC 7766): a listener on
 * the same address and port as the UDP socket, for resolvers that ask
 * again over TCP after a truncated answer or ask over TCP first (dig +tcp,
 * `options use-vc`).  Each message is preceded by its length in two bytes;
 * a connection may carry many queries, answered in order.
 *
 * Bounded so that no client can hold the responder: at most DNS_TCP_CONNS
 * connections per host (a new one beyond is closed at once), a query of at
 * most DNS_TCP_QMAX bytes (a longer one closes the connection), and a
 * connection idle for DNS_TCP_IDLE is closed (RFC 7766 §6.2.3).  Every
 * read and send runs from a zero-delay timer, never inside an upcall.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kern/host.h"
#include "sys/dns_responder_var.h"
#include "sys/dns_wire.h"

#define DNS_TCP_CONNS	16
#define DNS_TCP_QMAX	4096
#define DNS_TCP_REPLY	4096
#define DNS_TCP_IDLE	(10ull * 1000000000)	/* ns */

struct dns_conn {
	struct dns_host *c_dh;
	struct socket *c_so;
	struct timer c_work;		/* reads and answers */
	struct timer c_idle;
	struct dns_conn *c_next;
	size_t c_len;			/* bytes held in c_buf */
	uint8_t c_buf[2 + DNS_TCP_QMAX];
};

static struct timerq *
timers(struct dns_host *dh)
{
	return dh->dh_svc->s_stack->st_timers;
}

static void
conn_close(struct dns_conn *c)
{
	struct dns_host *dh = c->c_dh;
	struct dns_conn **pp;

	for (pp = &dh->dh_conns; *pp != NULL; pp = &(*pp)->c_next)
		if (*pp == c) {
			*pp = c->c_next;
			break;
		}
	dh->dh_nconns--;
	timer_cancel(timers(dh), &c->c_work);
	timer_cancel(timers(dh), &c->c_idle);
	c->c_so->so_up.su_fn = NULL;
	c->c_so->so_up.su_arg = NULL;
	soclose(c->c_so);
	free(c);
}

/* Answers every whole query held; 0, or -1 when the connection must go. */
static int
conn_answer(struct dns_conn *c)
{
	uint8_t out[2 + DNS_TCP_REPLY];
	size_t qlen, n, done;

	while (c->c_len >= 2) {
		qlen = (size_t)c->c_buf[0] << 8 | c->c_buf[1];
		if (qlen > DNS_TCP_QMAX)
			return -1;
		if (c->c_len < 2 + qlen)
			break;
		n = dns_respond(c->c_dh, c->c_buf + 2, qlen, out + 2, sizeof(out) - 2);
		if (n > 0) {
			out[0] = (uint8_t)(n >> 8);
			out[1] = n & 0xff;
			/* A few hundred bytes into an empty send buffer: a
			 * client that does not read its answers is dropped. */
			if (sosend(c->c_so, out, n + 2, 0, NULL, NULL, &c->c_dh->dh_svc->s_cred,
			    &done) != 0 || done != n + 2)
				return -1;
			c->c_dh->dh_stats.ds_answers++;
		}
		memmove(c->c_buf, c->c_buf + 2 + qlen, c->c_len - 2 - qlen);
		c->c_len -= 2 + qlen;
	}
	return 0;
}

static void
conn_work(struct timer *t, void *arg)
{
	struct dns_conn *c = arg;
	size_t done;
	int error, outflags;

	(void)t;
	for (;;) {
		done = 0;
		outflags = 0;
		error = soreceive(c->c_so, c->c_buf + c->c_len, sizeof(c->c_buf) - c->c_len, 0,
		    NULL, NULL, NULL, &done, &outflags);
		if (error == EWOULDBLOCK)
			break;
		if (error != 0 || done == 0) {	/* reset, or the client's FIN */
			conn_close(c);
			return;
		}
		c->c_len += done;
		if (conn_answer(c) != 0) {
			conn_close(c);
			return;
		}
	}
	timer_cancel(timers(c->c_dh), &c->c_idle);
	timer_add_in(timers(c->c_dh), &c->c_idle, DNS_TCP_IDLE);
}

static void
conn_idle(struct timer *t, void *arg)
{
	(void)t;
	conn_close(arg);
}

static void
conn_upcall(struct socket *so, int events, void *arg)
{
	struct dns_conn *c = arg;

	if ((events & (SO_EV_READ | SO_EV_STATE)) && !timer_pending(&c->c_work))
		timer_add_in(so->so_host->h_stack->st_timers, &c->c_work, 0);
}

static void
accept_all(struct timer *t, void *arg)
{
	struct dns_host *dh = arg;
	struct dns_conn *c;
	struct socket *so;
	int i;

	(void)t;
	for (i = 0; i < DNS_TCP_CONNS && soaccept(dh->dh_lso, &so, NULL, NULL) == 0; i++) {
		if (dh->dh_nconns >= DNS_TCP_CONNS || (c = calloc(1, sizeof(*c))) == NULL) {
			soclose(so);
			continue;
		}
		c->c_dh = dh;
		c->c_so = so;
		timer_init(&c->c_work, conn_work, c);
		timer_init(&c->c_idle, conn_idle, c);
		c->c_next = dh->dh_conns;
		dh->dh_conns = c;
		dh->dh_nconns++;
		so->so_up.su_fn = conn_upcall;
		so->so_up.su_arg = c;
		/* Its first query may be here already. */
		timer_add_in(timers(dh), &c->c_work, 0);
	}
	if (dh->dh_lso->so_q != NULL)
		timer_add_in(timers(dh), &dh->dh_ltimer, 0);
}

static void
listen_upcall(struct socket *so, int events, void *arg)
{
	struct dns_host *dh = arg;

	if ((events & SO_EV_READ) && !timer_pending(&dh->dh_ltimer))
		timer_add_in(so->so_host->h_stack->st_timers, &dh->dh_ltimer, 0);
}

int
dns_tcp_start(struct dns_host *dh, const struct so_addr *nam)
{
	struct dns_service *s = dh->dh_svc;
	int error;

	timer_init(&dh->dh_ltimer, accept_all, dh);
	if ((error = socreate(dh->dh_so->so_host, AF_INET, SOCK_STREAM, 0, &s->s_cred,
	    &dh->dh_lso)) != 0)
		return error;
	dh->dh_lso->so_pid = s->s_cred.pid;
	dh->dh_lso->so_up.su_fn = listen_upcall;
	dh->dh_lso->so_up.su_arg = dh;
	if ((error = sobind(dh->dh_lso, nam, &s->s_cred)) != 0 ||
	    (error = solisten(dh->dh_lso, DNS_TCP_CONNS, &s->s_cred)) != 0)
		return error;
	return 0;
}

void
dns_tcp_stop(struct dns_host *dh)
{
	while (dh->dh_conns != NULL)
		conn_close(dh->dh_conns);
	if (dh->dh_lso != NULL) {
		timer_cancel(timers(dh), &dh->dh_ltimer);
		dh->dh_lso->so_up.su_fn = NULL;
		dh->dh_lso->so_up.su_arg = NULL;
		soclose(dh->dh_lso);
		dh->dh_lso = NULL;
	}
}
