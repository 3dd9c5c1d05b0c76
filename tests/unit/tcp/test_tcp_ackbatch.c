/*
 * One ACK per input batch (tcp_ackbatch.c): in-order segments that arrive
 * while a batch is open draw no ACK until it ends, then exactly one that
 * covers them all; without a batch the same segments draw an ACK per
 * segment or two (RFC 1122 §4.2.3.2, and the quick-ACK budget at a
 * connection's start).  Too much unacknowledged data sends one at once
 * even inside a batch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcp_test.h"

#define NSEG	8

struct conn {
	struct sim_pair n;
	struct socket *c, *s;
};

static void
conn_open(struct conn *k)
{
	struct socket *ls;
	int rounds;

	tcpt_net(&k->n, 11, NULL, 1 * NS_PER_MS);
	ls = tcpt_listen(k->n.b, 80, 5);
	k->c = tcpt_socket(k->n.a);
	tcpt_connect(k->c, k->n.baddr, 80);
	k->s = NULL;
	for (rounds = 0; rounds < 100 && k->s == NULL; rounds++) {
		sim_run(k->n.st, 100 * NS_PER_MS);
		k->s = tcpt_accept(ls);
	}
	assert_non_null(k->s);
}

/*
 * Moves 4 MB from c to s, read as it comes: the sender's congestion
 * window grows well past the segments a test then sends in one flight.
 */
static void
warm_up(struct conn *k)
{
	static uint8_t buf[65536];
	uint64_t moved = 0;
	size_t n;
	int i, err;

	memset(buf, 'y', sizeof(buf));
	for (i = 0; i < 2000 && moved < (4u << 20); i++) {
		tcpt_write(k->c, buf, sizeof(buf));
		sim_run(k->n.st, 1 * NS_PER_MS);
		while ((n = tcpt_read(k->s, buf, sizeof(buf), &err)) > 0)
			moved += n;
	}
	assert_true(moved >= (4u << 20));
	sim_run(k->n.st, 5 * NS_PER_MS);	/* what was owed is acknowledged */
}

/* Writes n full segments from c; returns how many bytes. */
static size_t
send_segs(struct conn *k, int n)
{
	static uint8_t buf[NSEG * 2000];
	size_t len = (size_t)n * tcpt_cb(k->c)->t_maxseg;

	assert_true(len <= sizeof(buf));
	memset(buf, 'x', len);
	assert_int_equal(tcpt_write(k->c, buf, len), len);
	return len;
}

static void
test_tcp_ackbatch_one_ack(void **state)
{
	struct conn k;
	struct tcpcb *tp;
	uint64_t before;
	uint32_t nxt;
	size_t len;

	conn_open(&k);
	warm_up(&k);
	tp = tcpt_cb(k.s);
	nxt = tp->rcv_nxt;
	before = tcpt_stat(k.n.b)->tcps_sndtotal;
	len = send_segs(&k, NSEG);
	batch_begin(&k.n.st->st_inbatch);
	sim_run(k.n.st, 2 * NS_PER_MS);
	/* All arrived, none acknowledged yet. */
	assert_int_equal(tp->rcv_nxt - nxt, len);
	assert_int_equal(tcpt_stat(k.n.b)->tcps_sndtotal, before);
	batch_end(&k.n.st->st_inbatch);
	assert_int_equal(tcpt_stat(k.n.b)->tcps_sndtotal, before + 1);
	assert_int_equal(tp->last_ack_sent, tp->rcv_nxt);
	assert_false(tp->t_flags & (TF_DELACK | TF_ACKNOW));
	sim_run(k.n.st, 10 * NS_PER_MS);
	assert_int_equal(tcpt_cb(k.c)->snd_una, tcpt_cb(k.c)->snd_max);
	tcpt_net_free(&k.n);
}

static void
test_tcp_ackbatch_none_open(void **state)
{
	struct conn k;
	uint64_t before;

	conn_open(&k);
	warm_up(&k);
	before = tcpt_stat(k.n.b)->tcps_sndtotal;
	send_segs(&k, NSEG);
	sim_run(k.n.st, 2 * NS_PER_MS);
	assert_true(tcpt_stat(k.n.b)->tcps_sndtotal >= before + NSEG / 2);
	tcpt_net_free(&k.n);
}

/*
 * A batch never holds back more than TCP_ACKBATCH_BYTES or half the
 * advertised window: with the sender's window open past that, ACKs go
 * inside the batch, so a sender is never left waiting for its end.
 */
static void
test_tcp_ackbatch_bounded(void **state)
{
	static uint8_t buf[65536];
	struct conn k;
	struct tcpcb *tp;
	uint64_t before;
	uint32_t start, owed, maxowed = 0;
	size_t n;
	int i, err;

	conn_open(&k);
	warm_up(&k);
	tp = tcpt_cb(k.s);
	memset(buf, 'y', sizeof(buf));
	before = tcpt_stat(k.n.b)->tcps_sndtotal;
	start = tp->rcv_nxt;
	batch_begin(&k.n.st->st_inbatch);
	for (i = 0; i < 200 && tp->rcv_nxt - start < 4 * 65536; i++) {
		tcpt_write(k.c, buf, sizeof(buf));
		sim_run(k.n.st, NS_PER_MS / 4);
		while ((n = tcpt_read(k.s, buf, sizeof(buf), &err)) > 0)
			;
		owed = tp->rcv_nxt - tp->last_ack_sent;
		if (owed > maxowed)
			maxowed = owed;
	}
	assert_true(tp->rcv_nxt - start >= 4 * 65536);
	assert_true(tcpt_stat(k.n.b)->tcps_sndtotal > before);
	assert_true(maxowed < 65536u + (uint32_t)tp->t_maxseg);
	batch_end(&k.n.st->st_inbatch);
	assert_int_equal(tp->last_ack_sent, tp->rcv_nxt);
	tcpt_net_free(&k.n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_ackbatch_one_ack),
		cmocka_unit_test(test_tcp_ackbatch_none_open),
		cmocka_unit_test(test_tcp_ackbatch_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
