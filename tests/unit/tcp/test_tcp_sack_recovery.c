/*
 * SACK loss recovery (RFC 6675) whatever the ISS: two segments of one
 * window lost, both resent within fast recovery, none by the
 * retransmission timer.  The first hole goes out on the third duplicate
 * ACK (tcp_rexmit_first); the second only if the pipe (RFC 6675 §4
 * SetPipe) leaves room, so a scoreboard whose marks compare wrongly with
 * snd_una (a stale 0 against an ISS in the upper half of the sequence
 * space, RFC 9293 §3.4) shows as a retransmission timeout here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tcp_test.h"

#define PORT	7001
#define MSS	(1500 - 40 - 12)	/* with timestamps */
#define WARM	(64 * 1024)		/* grows cwnd past the losses' window */
#define DELAY	(1 * NS_PER_MS)		/* the segment's, each way */

static char out[WARM + 16 * MSS], in[WARM + 16 * MSS];

/*
 * Writes segs full segments of out from *sent, with a's port cut off from
 * the segment or not, and lets them propagate (the segment decides at a
 * frame's arrival, DELAY after it left, whether the groups still match).
 * What b sends meanwhile is lost too when cut: ACKs only, which the
 * segments after bring again.
 */
static void
write_segs(struct sim_pair *n, struct socket *c, size_t *sent, int segs, int cut)
{
	seg_partition(n->aif, cut);
	assert_int_equal(tcpt_write(c, out + *sent, (size_t)segs * MSS),
	    (size_t)segs * MSS);
	*sent += (size_t)segs * MSS;
	sim_run(n->st, DELAY + DELAY / 4);
	seg_partition(n->aif, 0);
}

/*
 * Over a stack seeded with seed: a warm-up, then segments 1 and 4 of the
 * next ten lost.  Returns the sender's ISS.
 */
static uint32_t
two_losses_one_window(uint64_t seed)
{
	struct sim_pair n;
	struct socket *ls, *c, *s;
	size_t sent = 0, got = 0, k;
	uint32_t iss;
	int err, i;

	for (i = 0; i < (int)sizeof(out); i++)
		out[i] = (char)(i * 7 + 1);
	tcpt_net(&n, seed, NULL, DELAY);
	ls = tcpt_listen(n.b, PORT, 5);
	c = tcpt_socket(n.a);
	assert_int_equal(tcpt_connect(c, n.baddr, PORT), EINPROGRESS);
	sim_run(n.st, 100 * NS_PER_MS);
	assert_non_null(s = tcpt_accept(ls));
	iss = tcpt_cb(c)->iss;
	assert_int_equal(tcpt_write(c, out, WARM), WARM);
	sent = WARM;
	for (i = 0; i < 100 && (got < WARM ||
	    tcpt_cb(c)->snd_una != tcpt_cb(c)->snd_max); i++) {
		sim_run(n.st, 5 * NS_PER_MS);
		while ((k = tcpt_read(s, in + got, sizeof(in) - got, &err)) > 0)
			got += k;
	}
	assert_int_equal(got, WARM);
	assert_int_equal(tcpt_cb(c)->snd_una, tcpt_cb(c)->snd_max);
	assert_true(tcpt_cb(c)->snd_cwnd >= 10 * MSS);

	write_segs(&n, c, &sent, 1, 1);
	write_segs(&n, c, &sent, 2, 0);
	write_segs(&n, c, &sent, 1, 1);
	write_segs(&n, c, &sent, 6, 0);
	for (i = 0; i < 200 && got < sent; i++) {
		sim_run(n.st, 5 * NS_PER_MS);
		while ((k = tcpt_read(s, in + got, sizeof(in) - got, &err)) > 0)
			got += k;
	}
	assert_int_equal(got, sent);
	assert_memory_equal(out, in, sent);
	assert_int_equal(tcpt_stat(n.a)->tcps_sackrecovery, 1);
	assert_int_equal(tcpt_stat(n.a)->tcps_sackrexmit, 1);	/* the second hole */
	assert_int_equal(tcpt_stat(n.a)->tcps_rexmttimeo, 0);
	tcpt_net_free(&n);
	return iss;
}

/* Seeds 1.. until four ISSs in each half of the space were seen, 64 at most. */
static void
test_tcp_sack_recovery_two_losses_any_iss(void **state)
{
	unsigned low = 0, high = 0;
	uint64_t seed;

	for (seed = 1; seed <= 64 && (low < 4 || high < 4); seed++) {
		if (two_losses_one_window(seed) >= 0x80000000u)
			high++;
		else
			low++;
	}
	assert_true(low >= 4);
	assert_true(high >= 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_sack_recovery_two_losses_any_iss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
