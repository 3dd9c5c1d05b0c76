/*
 * The connection state machine of RFC 9293 §3.3.2 (Figure 5), end to end
 * between two hosts in virtual time: each transition of the diagram,
 * simultaneous open and close, half-close, resets, the listen queue of
 * primer §2.4, retransmission and its limits, keepalive, urgent data,
 * the zero window, linger, ICMP errors and TCP_INFO.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/tcp.h>

#include <cmocka.h>

#include "tcp_test.h"

#define PORT	7000
#define MS	NS_PER_MS
#define SEC	NS_PER_SEC

struct fix {
	struct sim_pair n;
	struct socket *ls, *c, *s;	/* listener, client, server side */
};

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	tcpt_net(&f.n, 42, NULL, 1 * MS);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	tcpt_net_free(&f->n);
	return 0;
}

/* A connection from a to b's listener, accepted: f->c and f->s. */
static void
connect_pair(struct fix *f)
{
	f->ls = tcpt_listen(f->n.b, PORT, 5);
	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	assert_int_equal(tcpt_state(f->c), TCPS_SYN_SENT);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_ESTABLISHED);
	assert_true(f->c->so_state & SS_ISCONNECTED);
	f->s = tcpt_accept(f->ls);
	assert_non_null(f->s);
	assert_int_equal(tcpt_state(f->s), TCPS_ESTABLISHED);
}

/*
 * As connect_pair, from a's port CPORT, the client's ISS being iss.  RFC
 * 6528's ISN is a 4 us clock plus a keyed hash of addresses and ports, so
 * a first connection from the same port tells the hash (it is reset and
 * gone at once) and the second waits for the clock to bring iss.
 */
#define CPORT	40000
static void
connect_pair_iss(struct fix *f, uint32_t iss)
{
	const uint64_t tick = 4 * NS_PER_US, turn = tick << 32;
	struct linger l = { 1, 0 };
	uint64_t t0, t1;
	uint32_t first;

	f->ls = tcpt_listen(f->n.b, PORT, 5);
	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_bind(f->c, 0, CPORT), 0);
	t0 = sim_now(f->n.st);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	first = tcpt_cb(f->c)->iss;
	sim_run(f->n.st, 100 * MS);
	assert_non_null(f->s = tcpt_accept(f->ls));
	assert_int_equal(sosetopt(f->c, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	soclose(f->c);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSED);
	soclose(f->s);
	for (t1 = t0 + (uint64_t)(uint32_t)(iss - first) * tick;
	    t1 <= sim_now(f->n.st); t1 += turn)
		;
	sim_run(f->n.st, t1 - sim_now(f->n.st));
	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_bind(f->c, 0, CPORT), 0);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	assert_int_equal(tcpt_cb(f->c)->iss, iss);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_ESTABLISHED);
	assert_non_null(f->s = tcpt_accept(f->ls));
}

static void
test_tcp_fsm_open_and_data(void **state)
{
	struct fix *f = *state;
	char buf[64];
	int err;

	connect_pair(f);
	assert_int_equal(tcpt_write(f->c, "hello", 5), 5);
	sim_run(f->n.st, 300 * MS);
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(tcpt_write(f->s, "world!", 6), 6);
	sim_run(f->n.st, 300 * MS);
	assert_int_equal(tcpt_read(f->c, buf, sizeof(buf), &err), 6);
	assert_memory_equal(buf, "world!", 6);
	assert_int_equal(tcpt_stat(f->n.a)->tcps_connects, 1);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_accepts, 1);
}

/* ESTABLISHED -> FIN_WAIT_1 -> FIN_WAIT_2 -> TIME_WAIT -> CLOSED; CLOSE_WAIT -> LAST_ACK. */
static void
test_tcp_fsm_active_close(void **state)
{
	struct fix *f = *state;
	struct tcpcb *ctp;
	char buf[8];
	int err;

	connect_pair(f);
	ctp = tcpt_cb(f->c);
	assert_int_equal(soshutdown(f->c, SHUT_WR), 0);
	assert_int_equal(tcpt_state(f->c), TCPS_FIN_WAIT_1);
	sim_run(f->n.st, 50 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_FIN_WAIT_2);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSE_WAIT);
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 0);
	assert_int_equal(err, 0);		/* EOF */
	soclose(f->s);
	assert_int_equal(tcpt_state(f->s), TCPS_LAST_ACK);
	sim_run(f->n.st, 50 * MS);
	assert_int_equal(ctp->t_state, TCPS_TIME_WAIT);
	/* TIME_WAIT lasts 2 MSL (30 s each by default). */
	sim_run(f->n.st, 59 * SEC);
	assert_int_equal(tcpt_state(f->c), TCPS_TIME_WAIT);
	sim_run(f->n.st, 2 * SEC);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
}

static void
test_tcp_fsm_msl_configurable(void **state)
{
	struct fix *f = *state;

	TCPH(f->n.a)->th_msl = 1 * SEC;
	connect_pair(f);
	soshutdown(f->c, SHUT_WR);
	soshutdown(f->s, SHUT_WR);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_TIME_WAIT);
	sim_run(f->n.st, 2 * SEC);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
}

/* Half-close: the side that sent FIN keeps reading (primer §2.6). */
static void
test_tcp_fsm_half_close(void **state)
{
	struct fix *f = *state;
	char buf[16];
	int err;

	connect_pair(f);
	assert_int_equal(soshutdown(f->c, SHUT_WR), 0);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_write(f->s, "late data", 9), 9);
	sim_run(f->n.st, 300 * MS);
	assert_int_equal(tcpt_read(f->c, buf, sizeof(buf), &err), 9);
	assert_int_equal(tcpt_state(f->c), TCPS_FIN_WAIT_2);
	assert_int_equal(tcpt_write(f->c, "x", 1), 0);	/* EPIPE */
}

/* Both send FIN at once: FIN_WAIT_1 -> CLOSING -> TIME_WAIT on both. */
static void
test_tcp_fsm_simultaneous_close(void **state)
{
	struct fix *f = *state;

	connect_pair(f);
	soshutdown(f->c, SHUT_WR);
	soshutdown(f->s, SHUT_WR);
	assert_int_equal(tcpt_state(f->c), TCPS_FIN_WAIT_1);
	assert_int_equal(tcpt_state(f->s), TCPS_FIN_WAIT_1);
	sim_run(f->n.st, 1 * MS);	/* the FINs cross on the wire */
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSING);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSING);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_TIME_WAIT);
	assert_int_equal(tcpt_state(f->s), TCPS_TIME_WAIT);
}

/* Two SYNs cross: SYN_SENT -> SYN_RECEIVED -> ESTABLISHED on both. */
static void
test_tcp_fsm_simultaneous_open(void **state)
{
	struct fix *f = *state;
	struct socket *x = tcpt_socket(f->n.a), *y = tcpt_socket(f->n.b);
	char buf[4];
	int err;

	assert_int_equal(tcpt_bind(x, 0, 5001), 0);
	assert_int_equal(tcpt_bind(y, 0, 5002), 0);
	/* ARP first, so both SYNs leave at the same instant. */
	sim_ping(f->n.a, f->n.baddr, 1, 1, 8);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_connect(x, f->n.baddr, 5002), EINPROGRESS);
	assert_int_equal(tcpt_connect(y, f->n.aaddr, 5001), EINPROGRESS);
	sim_run(f->n.st, 1 * MS);
	assert_int_equal(tcpt_state(x), TCPS_SYN_RECEIVED);
	assert_int_equal(tcpt_state(y), TCPS_SYN_RECEIVED);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(x), TCPS_ESTABLISHED);
	assert_int_equal(tcpt_state(y), TCPS_ESTABLISHED);
	assert_true(x->so_state & SS_ISCONNECTED);
	assert_int_equal(tcpt_write(x, "sim", 3), 3);
	sim_run(f->n.st, 300 * MS);
	assert_int_equal(tcpt_read(y, buf, sizeof(buf), &err), 3);
}

/* A closed port answers RST: ECONNREFUSED (primer §2.4). */
static void
test_tcp_fsm_refused(void **state)
{
	struct fix *f = *state;

	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, 9999), EINPROGRESS);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
	assert_int_equal(sogeterror(f->c), ECONNREFUSED);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_noport, 1);
}

/*
 * Refused, then started anew and connected, as Linux does (tcp_anew.c):
 * the options set before stay, the port the user bound stays and the
 * next connection comes from it; a connect answers the failure, then
 * EINVAL until so_anew.
 */
static void
test_tcp_fsm_refused_anew_keeps(void **state)
{
	struct fix *f = *state;
	struct tcpcb *tp;
	struct socket *s;

	f->c = tcpt_socket(f->n.a);
	tcpt_setint(f->c, IPPROTO_TCP, TCP_NODELAY, 1);
	tcpt_setint(f->c, IPPROTO_TCP, TCP_KEEPIDLE, 77);
	tcpt_setint(f->c, IPPROTO_IP, IP_TTL, 33);
	assert_int_equal(tcpt_bind(f->c, 0, 5555), 0);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	sim_run(f->n.st, 100 * MS);
	assert_true(f->c->so_state & SS_CONNFAILED);
	assert_int_equal(sogeterror(f->c), ECONNREFUSED);
	assert_false(so_may_anew(f->c));
	tp = tcpt_cb(f->c);
	assert_non_null(tp);
	assert_int_equal(tp->t_state, TCPS_CLOSED);
	assert_true(tp->t_flags & TF_NODELAY);
	assert_int_equal(tp->t_keepidle, 77);
	assert_int_equal(tp->t_inpcb->inp_ttl, 33);
	assert_int_equal(tp->t_inpcb->inp_lport, 5555);
	/* Linux: the next connect answers the failure (its error was read: ECONNABORTED). */
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), ECONNABORTED);
	assert_true(so_may_anew(f->c));
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINVAL);
	assert_int_equal(so_anew(f->c), 0);
	f->ls = tcpt_listen(f->n.b, PORT, 5);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_ESTABLISHED);
	assert_true(tcpt_cb(f->c)->t_flags & TF_NODELAY);
	s = tcpt_accept(f->ls);
	assert_non_null(s);
	assert_int_equal(tcpt_cb(s)->t_inpcb->inp_fport, 5555);
	soclose(s);
}

/* Refused without a bind: the port connect chose is released. */
static void
test_tcp_fsm_refused_releases_port(void **state)
{
	struct fix *f = *state;

	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_connect(f->c, f->n.baddr, PORT), EINPROGRESS);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(sogeterror(f->c), ECONNREFUSED);
	assert_int_equal(tcpt_cb(f->c)->t_inpcb->inp_lport, 0);
	assert_int_equal(tcpt_cb(f->c)->t_inpcb->inp_laddr, 0);
	assert_false(f->c->so_state & SS_ISBOUND);
}

/*
 * A full listen queue ignores SYNs: the client retries and gets in once
 * the server accepts (primer §2.4).
 */
static void
test_tcp_fsm_backlog_full_then_accept(void **state)
{
	struct fix *f = *state;
	struct socket *c[4], *s;
	int i;

	f->ls = tcpt_listen(f->n.b, PORT, 0);	/* room for one */
	for (i = 0; i < 3; i++) {
		c[i] = tcpt_socket(f->n.a);
		assert_int_equal(tcpt_connect(c[i], f->n.baddr, PORT), EINPROGRESS);
		sim_run(f->n.st, 50 * MS);
	}
	assert_int_equal(tcpt_state(c[0]), TCPS_ESTABLISHED);
	assert_int_equal(tcpt_state(c[1]), TCPS_SYN_SENT);
	assert_true(tcpt_stat(f->n.b)->tcps_listendrop >= 1);
	s = tcpt_accept(f->ls);
	assert_non_null(s);
	sim_run(f->n.st, 4 * SEC);		/* SYN retransmissions */
	assert_int_equal(tcpt_state(c[1]), TCPS_ESTABLISHED);
	assert_non_null(tcpt_accept(f->ls));
	sim_run(f->n.st, 10 * SEC);
	assert_non_null(tcpt_accept(f->ls));
	assert_int_equal(tcpt_state(c[2]), TCPS_ESTABLISHED);
}

/* Never accepted: the SYN retries give up with ETIMEDOUT. */
static void
test_tcp_fsm_backlog_full_timeout(void **state)
{
	struct fix *f = *state;
	struct socket *c1, *c2;

	f->ls = tcpt_listen(f->n.b, PORT, 0);
	c1 = tcpt_socket(f->n.a);
	c2 = tcpt_socket(f->n.a);
	tcpt_connect(c1, f->n.baddr, PORT);
	sim_run(f->n.st, 50 * MS);
	tcpt_connect(c2, f->n.baddr, PORT);
	sim_run(f->n.st, 200 * SEC);
	assert_int_equal(tcpt_state(c2), TCPS_CLOSED);
	assert_int_equal(sogeterror(c2), ETIMEDOUT);
}

/* SO_LINGER zero: close sends RST; the peer sees ECONNRESET. */
static void
test_tcp_fsm_linger_zero_rst(void **state)
{
	struct fix *f = *state;
	struct linger l = { 1, 0 };
	char buf[4];
	int err;

	connect_pair(f);
	assert_int_equal(sosetopt(f->c, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	soclose(f->c);
	f->c = NULL;
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSED);
	tcpt_read(f->s, buf, sizeof(buf), &err);
	assert_int_equal(err, ECONNRESET);
}

/* Close with unread data resets (RFC 2525 §2.17, as Linux). */
static void
test_tcp_fsm_close_unread_rst(void **state)
{
	struct fix *f = *state;

	connect_pair(f);
	tcpt_write(f->c, "unread", 6);
	sim_run(f->n.st, 300 * MS);
	soclose(f->s);
	f->s = NULL;
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
	assert_int_equal(sogeterror(f->c), ECONNRESET);
}

/* Close without linger: data still delivered in the background. */
static void
test_tcp_fsm_close_background_delivery(void **state)
{
	struct fix *f = *state;
	static char big[100000], got[100000];
	size_t n = 0, k;
	int err, i;

	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i * 7);
	connect_pair(f);
	assert_int_equal(tcpt_write(f->c, big, sizeof(big)), sizeof(big));
	soclose(f->c);
	f->c = NULL;
	for (i = 0; i < 100 && n < sizeof(big); i++) {
		sim_run(f->n.st, 100 * MS);
		while ((k = tcpt_read(f->s, got + n, sizeof(got) - n, &err)) > 0)
			n += k;
	}
	assert_int_equal(n, sizeof(big));
	assert_memory_equal(big, got, sizeof(big));
	sim_run(f->n.st, 100 * MS);
	tcpt_read(f->s, got, 1, &err);
	assert_int_equal(err, 0);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSE_WAIT);
}

/* RST in SYN_RECEIVED returns the connection to LISTEN (nothing queued). */
static void
test_tcp_fsm_retransmit_after_partition(void **state)
{
	struct fix *f = *state;
	char buf[16];
	int err;

	connect_pair(f);
	seg_partition(f->n.aif, 1);
	tcpt_write(f->c, "through", 7);
	sim_run(f->n.st, 3 * SEC);
	assert_true(tcpt_stat(f->n.a)->tcps_rexmttimeo >= 2);
	seg_partition(f->n.aif, 0);
	sim_run(f->n.st, 10 * SEC);
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 7);
	assert_int_equal(tcpt_cb(f->c)->t_rxtshift, 0);
}

/* Retransmissions give up: ETIMEDOUT. */
static void
test_tcp_fsm_rexmt_timeout(void **state)
{
	struct fix *f = *state;

	connect_pair(f);
	seg_partition(f->n.aif, 1);
	tcpt_write(f->c, "void", 4);
	sim_run(f->n.st, 1000 * SEC);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
	assert_int_equal(sogeterror(f->c), ETIMEDOUT);
	assert_int_equal(tcpt_stat(f->n.a)->tcps_timeoutdrop, 1);
}

/* Keepalive (RFC 1122 §4.2.3.6) finds a dead peer. */
static void
test_tcp_fsm_keepalive_dead_peer(void **state)
{
	struct fix *f = *state;

	connect_pair(f);
	tcpt_setint(f->c, SOL_SOCKET, SO_KEEPALIVE, 1);
	tcpt_setint(f->c, IPPROTO_TCP, TCP_KEEPIDLE, 10);
	tcpt_setint(f->c, IPPROTO_TCP, TCP_KEEPINTVL, 2);
	tcpt_setint(f->c, IPPROTO_TCP, TCP_KEEPCNT, 3);
	sim_run(f->n.st, 30 * SEC);		/* live peer answers probes */
	assert_int_equal(tcpt_state(f->c), TCPS_ESTABLISHED);
	assert_true(tcpt_stat(f->n.a)->tcps_keepprobe >= 2);
	seg_partition(f->n.bif, 1);
	sim_run(f->n.st, 30 * SEC);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
	assert_int_equal(sogeterror(f->c), ETIMEDOUT);
	assert_int_equal(tcpt_stat(f->n.a)->tcps_keepdrops, 1);
}

/* Urgent data: the byte out of band, the mark in the stream (primer §5.1). */
static void
test_tcp_fsm_urgent(void **state)
{
	struct fix *f = *state;
	size_t done;
	char buf[16];
	int err;

	connect_pair(f);
	tcpt_write(f->c, "abc", 3);
	assert_int_equal(sosend(f->c, "!", 1, MSG_OOB, NULL, NULL, NULL, &done), 0);
	tcpt_write(f->c, "def", 3);
	sim_run(f->n.st, 300 * MS);
	assert_true(f->s->so_state & SS_HAVEOOB);
	assert_int_equal(f->s->so_oobc, '!');
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 3);	/* to the mark */
	assert_true(f->s->so_state & SS_RCVATMARK);
	assert_int_equal(soreceive(f->s, buf, 1, MSG_OOB, NULL, NULL, NULL, &done, NULL), 0);
	assert_int_equal(buf[0], '!');
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 3);
	assert_memory_equal(buf, "def", 3);
}

static void
test_tcp_fsm_urgent_inline(void **state)
{
	struct fix *f = *state;
	size_t done;
	char buf[16];
	int err;

	connect_pair(f);
	tcpt_setint(f->s, SOL_SOCKET, SO_OOBINLINE, 1);
	tcpt_write(f->c, "ab", 2);
	sosend(f->c, "!", 1, MSG_OOB, NULL, NULL, NULL, &done);
	sim_run(f->n.st, 300 * MS);
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 2);
	assert_true(f->s->so_state & SS_RCVATMARK);
	assert_int_equal(tcpt_read(f->s, buf, sizeof(buf), &err), 1);
	assert_int_equal(buf[0], '!');
}

/*
 * A receiver that does not read: zero window, persist probes, then flow
 * once it reads, over a stack seeded with seed; the sender's ISS is *iss
 * if iss is not NULL.  Returns the sender's ISS.
 */
static uint32_t
zero_window_then_flow(uint64_t seed, const uint32_t *iss_wanted)
{
	static struct fix f;
	static char big[600000], got[600000];
	size_t sent = 0, n = 0, k;
	uint32_t iss;
	int err, i;

	memset(&f, 0, sizeof(f));
	tcpt_net(&f.n, seed, NULL, 1 * MS);
	for (i = 0; i < (int)sizeof(big); i++)
		big[i] = (char)(i * 13);
	if (iss_wanted != NULL)
		connect_pair_iss(&f, *iss_wanted);
	else
		connect_pair(&f);
	iss = tcpt_cb(f.c)->iss;
	for (i = 0; i < 300; i++) {
		while ((k = tcpt_write(f.c, big + sent, sizeof(big) - sent)) > 0)
			sent += k;
		sim_run(f.n.st, 100 * MS);
	}
	assert_int_equal(tcpt_cb(f.c)->snd_wnd, 0);
	assert_true(tcpt_stat(f.n.a)->tcps_persisttimeo >= 2);
	assert_int_equal(tcpt_state(f.c), TCPS_ESTABLISHED);
	/* The probes' answers are no duplicate ACKs (RFC 5681 §2): no loss. */
	assert_int_equal(tcpt_stat(f.n.a)->tcps_fastretransmit, 0);
	assert_false(tcpt_cb(f.c)->t_flags & TF_FASTRECOVERY);
	for (i = 0; i < 2000 && n < sizeof(big); i++) {
		while ((k = tcpt_read(f.s, got + n, sizeof(got) - n, &err)) > 0)
			n += k;
		while (sent < sizeof(big) &&
		    (k = tcpt_write(f.c, big + sent, sizeof(big) - sent)) > 0)
			sent += k;
		sim_run(f.n.st, 50 * MS);
	}
	assert_int_equal(n, sizeof(big));
	assert_memory_equal(big, got, sizeof(big));
	tcpt_net_free(&f.n);
	return iss;
}

/*
 * The zero window reopens and the transfer completes whatever the ISS:
 * seeds 1.. until at least four ISSs in each half of the sequence space
 * were seen (sequence comparisons flip at 2^31 from a stale 0, as the
 * SACK scoreboard's once did), 64 seeds at most.
 */
static void
test_tcp_fsm_zero_window_reopens_any_iss(void **state)
{
	unsigned low = 0, high = 0;
	uint64_t seed;

	for (seed = 1; seed <= 64 && (low < 4 || high < 4); seed++) {
		if (zero_window_then_flow(seed, NULL) >= 0x80000000u)
			high++;
		else
			low++;
	}
	assert_true(low >= 4);
	assert_true(high >= 4);
}

/*
 * The same with the sender's sequence numbers crossing 2^31 and 2^32
 * (RFC 9293 §3.4: all comparisons are modulo 2^32), mid-stream or with
 * the closed window's right edge right there.
 */
static void
test_tcp_fsm_zero_window_reopens_across_wrap(void **state)
{
	static const uint32_t iss[] = {
		0x80000000u - 100000, 0x80000000u - 212993,
		0u - 100000, 0u - 212993,
	};
	size_t i;

	for (i = 0; i < sizeof(iss) / sizeof(iss[0]); i++)
		assert_int_equal(zero_window_then_flow(42, &iss[i]), iss[i]);
}

/* ICMP protocol unreachable during connect: ECONNREFUSED (BSD). */
static void
test_tcp_fsm_icmp_unreach_connect(void **state)
{
	struct fix *f = *state;

	ip_proto_unregister(f->n.b, IPPROTO_TCP);
	f->c = tcpt_socket(f->n.a);
	tcpt_connect(f->c, f->n.baddr, PORT);
	sim_run(f->n.st, 100 * MS);
	assert_int_equal(tcpt_state(f->c), TCPS_CLOSED);
	assert_int_equal(sogeterror(f->c), ECONNREFUSED);
}

static void
test_tcp_fsm_no_route(void **state)
{
	struct fix *f = *state;

	f->c = tcpt_socket(f->n.a);
	assert_int_equal(tcpt_connect(f->c, sim_addr("192.168.9.9"), PORT), ENETUNREACH);
}

static void
test_tcp_fsm_tcp_info(void **state)
{
	struct fix *f = *state;
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	char name[16];

	connect_pair(f);
	assert_int_equal(sogetopt(f->c, IPPROTO_TCP, TCP_INFO, &ti, &len), 0);
	assert_int_equal(ti.tcpi_state, 1);	/* Linux's TCP_ESTABLISHED */
	assert_int_equal(ti.tcpi_snd_mss, 1500 - 40 - 12);
	assert_true(ti.tcpi_options & TCPI_OPT_SACK);
	assert_true(ti.tcpi_options & TCPI_OPT_TIMESTAMPS);
	assert_true(ti.tcpi_snd_cwnd >= 2);
	assert_int_equal(sosetopt(f->c, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5), 0);
	len = sizeof(name);
	assert_int_equal(sogetopt(f->c, IPPROTO_TCP, TCP_CONGESTION, name, &len), 0);
	assert_string_equal(name, "cubic");
	assert_int_equal(sosetopt(f->c, IPPROTO_TCP, TCP_CONGESTION, "bogus", 5), ENOENT);
}

/*
 * RST at an exact sequence number resets; in the window, a challenge ACK;
 * outside it, nothing (RFC 5961 §3.2).  Both ignored ones are tcps_badrst.
 */
static void
test_tcp_fsm_rst_challenge(void **state)
{
	struct fix *f = *state;
	struct tcpcb *tp;

	connect_pair(f);
	tp = tcpt_cb(f->s);
	/* A blind RST from "a" inside the window but not at rcv_nxt. */
	tcp_respond(f->n.a, f->n.aaddr, f->n.baddr, tcpt_cb(f->c)->t_inpcb->inp_lport,
	    PORT, tp->rcv_nxt + 100, 0, TH_RST);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->s), TCPS_ESTABLISHED);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_challengeack, 1);
	/* Outside the window: ignored, no challenge (RFC 5961 §3.2). */
	tcp_respond(f->n.a, f->n.aaddr, f->n.baddr, tcpt_cb(f->c)->t_inpcb->inp_lport,
	    PORT, tp->rcv_nxt + 0x40000000u, 0, TH_RST);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->s), TCPS_ESTABLISHED);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_challengeack, 1);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_badrst, 2);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_rcvrst, 0);
	tcp_respond(f->n.a, f->n.aaddr, f->n.baddr, tcpt_cb(f->c)->t_inpcb->inp_lport,
	    PORT, tp->rcv_nxt, 0, TH_RST);
	sim_run(f->n.st, 10 * MS);
	assert_int_equal(tcpt_state(f->s), TCPS_CLOSED);
	assert_int_equal(tcpt_stat(f->n.b)->tcps_rcvrst, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcp_fsm_open_and_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_active_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_msl_configurable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_half_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_simultaneous_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_simultaneous_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_refused_anew_keeps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_refused_releases_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_backlog_full_then_accept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_backlog_full_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_linger_zero_rst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_close_unread_rst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_close_background_delivery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_retransmit_after_partition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_rexmt_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_keepalive_dead_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_urgent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_urgent_inline, setup, teardown),
		cmocka_unit_test(test_tcp_fsm_zero_window_reopens_any_iss),
		cmocka_unit_test(test_tcp_fsm_zero_window_reopens_across_wrap),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_icmp_unreach_connect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_no_route, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_tcp_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_fsm_rst_challenge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
