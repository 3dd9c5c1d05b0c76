/*
 * SYN cookies (src/inet/tcp_syncookie.c) between two real TCPs in virtual
 * time, and the invariant checker (src/inet/tcp_check.c) that the fuzz
 * target relies on: it passes on sound connections and catches each kind
 * of damage it names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcp_test.h"

#define PORT	7000
#define MS	NS_PER_MS

static int
setup(void **state)
{
	static struct sim_pair n;

	tcpt_net(&n, 7, NULL, 1 * MS);
	*state = &n;
	return 0;
}

static int
teardown(void **state)
{
	tcpt_net_free(*state);
	return 0;
}

/*
 * Connections made from cookies carry data both ways with every option.
 * 64 of them, each with its own TSval offset (from its cookie), so that
 * the SYN,ACK's TSval is sometimes moved back a step of 64 ms to keep its
 * option bits and sometimes not: either way our TSvals never go back (the
 * peer's PAWS would drop them, RFC 7323 §5), and the peer's window scale
 * and SACK survive.
 */
static void
test_syncookie_real_peer(void **state)
{
	struct sim_pair *n = *state;
	static char out[20000], in[20000];
	struct socket *ls, *c, *s;
	struct tcpcb *tp;
	size_t got;
	int i, err;

	TCPH(n->b)->th_syncookies = 2;
	ls = tcpt_listen(n->b, PORT, 5);
	for (i = 0; i < 64; i++) {
		sim_run(n->st, 1 * MS);
		c = tcpt_socket(n->a);
		assert_int_equal(tcpt_connect(c, n->baddr, PORT), EINPROGRESS);
		sim_run(n->st, 100 * MS);
		assert_int_equal(tcpt_state(c), TCPS_ESTABLISHED);
		assert_non_null(s = tcpt_accept(ls));
		tp = tcpt_cb(s);
		assert_true(tp->t_flags & TF_RCVD_TSTMP);
		assert_true(tp->t_flags & TF_RCVD_SCALE);
		assert_int_equal(tp->snd_scale, tcpt_cb(c)->rcv_scale);
		assert_true(tp->t_flags & TF_SACK_PERMIT);
		memset(out, 'a' + i % 26, sizeof(out));
		assert_int_equal(tcpt_write(s, out, sizeof(out)), sizeof(out));
		assert_int_equal(tcpt_write(c, out, 100), 100);
		sim_run(n->st, 500 * MS);
		got = tcpt_read(c, in, sizeof(in), &err);
		assert_int_equal(got, sizeof(out));
		assert_memory_equal(in, out, sizeof(out));
		assert_int_equal(tcpt_read(s, in, sizeof(in), &err), 100);
		assert_null(tcp_invariants(n->a));
		assert_null(tcp_invariants(n->b));
		soclose(c);
		soclose(s);
		sim_run(n->st, 100 * MS);
	}
	assert_int_equal(tcpt_stat(n->a)->tcps_pawsdrop, 0);
	assert_int_equal(tcpt_stat(n->b)->tcps_pawsdrop, 0);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_sendcookie, 64);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_recvcookie, 64);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_badcookie, 0);
	assert_int_equal(tcpt_stat(n->a)->tcps_sndrexmitpack, 0);
}

/*
 * Cookies stand in for the incomplete queue only: with the queue of
 * complete connections full, a SYN is still ignored (as Linux does, and
 * primer §2.4 asks), and the client's retransmission gets its cookie once
 * the user has accepted.
 */
static void
test_syncookie_accept_queue_full(void **state)
{
	struct sim_pair *n = *state;
	struct socket *ls, *c1, *c2, *s;

	TCPH(n->b)->th_syncookies = 2;
	ls = tcpt_listen(n->b, PORT, 0);
	c1 = tcpt_socket(n->a);
	assert_int_equal(tcpt_connect(c1, n->baddr, PORT), EINPROGRESS);
	sim_run(n->st, 100 * MS);
	assert_int_equal(tcpt_state(c1), TCPS_ESTABLISHED);
	c2 = tcpt_socket(n->a);
	assert_int_equal(tcpt_connect(c2, n->baddr, PORT), EINPROGRESS);
	sim_run(n->st, 500 * MS);
	assert_int_equal(tcpt_state(c2), TCPS_SYN_SENT);
	assert_int_equal(tcpt_stat(n->b)->tcps_listendrop, 1);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_sendcookie, 1);
	assert_non_null(s = tcpt_accept(ls));
	sim_run(n->st, 1000 * MS);		/* c2's SYN again, at 1 s */
	assert_int_equal(tcpt_state(c2), TCPS_ESTABLISHED);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_sendcookie, 2);
	assert_int_equal(tcpt_stat(n->b)->tcps_sc_recvcookie, 2);
	assert_non_null(tcpt_accept(ls));
	assert_null(tcp_invariants(n->b));
}

/* The invariant checker: silent on a sound connection, loud on damage. */
static void
test_tcp_invariants_catch(void **state)
{
	struct sim_pair *n = *state;
	struct socket *ls, *c, *s;
	struct tcpcb *tp;
	uint32_t saved;
	short q;

	ls = tcpt_listen(n->b, PORT, 5);
	c = tcpt_socket(n->a);
	assert_int_equal(tcpt_connect(c, n->baddr, PORT), EINPROGRESS);
	sim_run(n->st, 100 * MS);
	assert_non_null(s = tcpt_accept(ls));
	assert_int_equal(tcpt_write(c, "hello", 5), 5);
	assert_null(tcp_invariants(n->a));
	assert_null(tcp_invariants(n->b));

	tp = tcpt_cb(c);
	saved = tp->snd_nxt;
	tp->snd_nxt = tp->snd_max + 1;
	assert_non_null(tcp_invariants(n->a));
	tp->snd_nxt = saved;

	saved = tp->snd_una;
	tp->snd_una = tp->snd_una - 100;	/* more in flight than buffered */
	assert_non_null(tcp_invariants(n->a));
	tp->snd_una = saved;

	c->so_rcv.sb_cc++;
	assert_non_null(tcp_invariants(n->a));
	c->so_rcv.sb_cc--;

	saved = tp->rcv_scale;
	tp->rcv_scale = 15;
	assert_non_null(tcp_invariants(n->a));
	tp->rcv_scale = (uint8_t)saved;

	q = ls->so_qlen;
	ls->so_qlen = 3;
	assert_non_null(tcp_invariants(n->b));
	ls->so_qlen = q;
	assert_null(tcp_invariants(n->a));
	assert_null(tcp_invariants(n->b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_syncookie_real_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syncookie_accept_queue_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_invariants_catch, setup, teardown),
	};

	return cmocka_run_group_tests_name("tcp syncookie", tests, NULL, NULL);
}
