/*
 * Buffer autotuning (src/inet/tcp_autotune.c) in virtual time: a
 * connection whose reader keeps up grows both buffers past the default
 * and puts more than the default in flight; one whose program set
 * SO_RCVBUF and SO_SNDBUF keeps them and offers the least window-scale
 * shift; a reader that takes little keeps the default buffer; loss,
 * reordering and duplication change none of that, and every byte arrives
 * as written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "kern/sockdefaults.h"
#include "tcp_test.h"

/* Linux's tcp_rmem[2] and tcp_wmem[2] defaults, the ceilings. */
#define RCV_MAX		(6u * 1024 * 1024)
#define SND_MAX		(4u * 1024 * 1024)

struct run {
	uint32_t rcv_hiwat, snd_hiwat;	/* at the end */
	uint32_t most_offered;		/* the largest window the receiver offered */
	uint32_t most_inflight;		/* the most the sender had unacknowledged */
	uint8_t rcv_scale;		/* the shift the receiver offered */
	uint64_t bad, rcvd;
};

static uint8_t
pattern(uint64_t i)
{
	return (uint8_t)(i * 131 + (i >> 11));
}

/*
 * Moves total bytes from a to b over a link of one_way ns each way.
 * bufs > 0: both programs set SO_RCVBUF and SO_SNDBUF to it (the listener
 * before the connection, so the accepted one inherits it).  read_per_turn:
 * the receiver takes at most this many bytes each turn, a quarter of a
 * virtual millisecond (0: all there is).
 */
static void
transfer(uint64_t seed, const struct fault_conf *fc, uint64_t one_way,
    uint64_t total, int bufs, size_t read_per_turn, struct run *r)
{
	static uint8_t buf[256 * 1024];
	struct sim_pair n;
	struct socket *ls, *c, *s = NULL;
	struct tcpcb *ctp, *stp;
	uint64_t sent = 0;
	size_t k, i, want;
	int err, rounds;

	memset(r, 0, sizeof(*r));
	tcpt_net(&n, seed, fc, one_way);
	ls = tcpt_listen(n.b, 80, 5);
	c = tcpt_socket(n.a);
	if (bufs > 0) {
		tcpt_setint(ls, SOL_SOCKET, SO_RCVBUF, bufs);
		tcpt_setint(c, SOL_SOCKET, SO_SNDBUF, bufs);
	}
	tcpt_connect(c, n.baddr, 80);
	for (rounds = 0; rounds < 100 && s == NULL; rounds++) {
		sim_run(n.st, 10 * NS_PER_MS);
		s = tcpt_accept(ls);
	}
	assert_non_null(s);
	ctp = tcpt_cb(c);
	stp = tcpt_cb(s);
	r->rcv_scale = stp->rcv_scale;
	for (rounds = 0; r->rcvd < total && rounds < 2000000; rounds++) {
		while (sent < total) {
			want = sizeof(buf);
			if (want > total - sent)
				want = (size_t)(total - sent);
			for (i = 0; i < want; i++)
				buf[i] = pattern(sent + i);
			if ((k = tcpt_write(c, buf, want)) == 0)
				break;
			sent += k;
		}
		if (ctp->snd_max - ctp->snd_una > r->most_inflight)
			r->most_inflight = ctp->snd_max - ctp->snd_una;
		if (stp->rcv_adv - stp->rcv_nxt > r->most_offered)
			r->most_offered = stp->rcv_adv - stp->rcv_nxt;
		want = read_per_turn ? read_per_turn : sizeof(buf);
		while (want > 0 && (k = tcpt_read(s, buf, want, &err)) > 0) {
			for (i = 0; i < k; i++)
				if (buf[i] != pattern(r->rcvd + i))
					r->bad++;
			r->rcvd += k;
			want = read_per_turn ? want - k : sizeof(buf);
		}
		if (r->rcvd < total)
			sim_run(n.st, NS_PER_MS / 4);
	}
	r->rcv_hiwat = s->so_rcv.sb_hiwat;
	r->snd_hiwat = c->so_snd.sb_hiwat;
	soclose(c);
	soclose(s);
	sim_run(n.st, 1 * NS_PER_SEC);
	tcpt_net_free(&n);
}

/*
 * A path holding more than the default buffer (2 ms round trip, no rate
 * limit): both buffers grow, within Linux's ceilings, and more than the
 * default is offered and in flight.
 */
static void
test_tcp_autotune_grows_when_path_holds_more(void **state)
{
	struct run r;

	(void)state;
	transfer(11, NULL, 1 * NS_PER_MS, 64u << 20, 0, 0, &r);
	print_message("# receive buffer %u, send buffer %u, offered %u, in flight %u\n",
	    r.rcv_hiwat, r.snd_hiwat, r.most_offered, r.most_inflight);
	assert_int_equal(r.rcvd, 64u << 20);
	assert_int_equal(r.bad, 0);
	assert_true(r.rcv_hiwat > SB_DEFAULT_HIWAT && r.rcv_hiwat <= RCV_MAX);
	assert_true(r.snd_hiwat > SB_DEFAULT_HIWAT && r.snd_hiwat <= SND_MAX);
	assert_true(r.most_offered > SB_DEFAULT_HIWAT);
	assert_true(r.most_inflight > SB_DEFAULT_HIWAT);
	/* A buffer that may grow to 6 MiB offers shift 7, as Linux. */
	assert_int_equal(r.rcv_scale, 7);
}

/*
 * The same with rare loss (0.01 %), reordering (0.1 %) and duplication
 * (0.5 %): the buffers still grow past the default, as far as the
 * congestion window lets the reader take more, and every byte arrives
 * intact.  (With more loss the congestion window, not the buffer, limits
 * the sender, and the buffers rightly stay as they are.)
 */
static void
test_tcp_autotune_grows_under_faults(void **state)
{
	struct fault_conf fc;
	struct run r;

	(void)state;
	memset(&fc, 0, sizeof(fc));
	fc.fc_loss = 100;
	fc.fc_reorder = 1000;
	fc.fc_reorder_delay = NS_PER_MS / 2;
	fc.fc_dup = 5000;
	transfer(12, &fc, 1 * NS_PER_MS, 32u << 20, 0, 0, &r);
	print_message("# receive buffer %u, send buffer %u, offered %u, in flight %u\n",
	    r.rcv_hiwat, r.snd_hiwat, r.most_offered, r.most_inflight);
	assert_int_equal(r.rcvd, 32u << 20);
	assert_int_equal(r.bad, 0);
	assert_true(r.rcv_hiwat > SB_DEFAULT_HIWAT && r.rcv_hiwat <= RCV_MAX);
	assert_true(r.snd_hiwat > SB_DEFAULT_HIWAT && r.snd_hiwat <= SND_MAX);
}

/*
 * Buffers the programs set stay as set (socket(7): SO_RCVBUF doubled),
 * and the shift offered is the least that covers 2 * 100000 bytes (2).
 */
static void
test_tcp_autotune_leaves_buffers_the_program_set(void **state)
{
	struct run r;

	(void)state;
	transfer(13, NULL, 1 * NS_PER_MS, 16u << 20, 100000, 0, &r);
	assert_int_equal(r.rcvd, 16u << 20);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.rcv_hiwat, 200000);
	assert_int_equal(r.snd_hiwat, 200000);
	assert_true(r.most_offered <= 200000);
	assert_true(r.most_inflight <= 200000);
	assert_int_equal(r.rcv_scale, 2);
}

/*
 * A reader that takes 5 KB a turn, 20 KB a millisecond (20 MB/s, far less than the
 * path carries) gets no more buffer than the default: what it takes in a
 * round trip never outgrows it.
 */
static void
test_tcp_autotune_slow_reader_keeps_default(void **state)
{
	struct run r;

	(void)state;
	transfer(14, NULL, 1 * NS_PER_MS, 4u << 20, 0, 5000, &r);
	print_message("# receive buffer %u\n", r.rcv_hiwat);
	assert_int_equal(r.rcvd, 4u << 20);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.rcv_hiwat, SB_DEFAULT_HIWAT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_autotune_grows_when_path_holds_more),
		cmocka_unit_test(test_tcp_autotune_grows_under_faults),
		cmocka_unit_test(test_tcp_autotune_leaves_buffers_the_program_set),
		cmocka_unit_test(test_tcp_autotune_slow_reader_keeps_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
