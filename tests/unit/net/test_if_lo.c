/*
 * Loopback delivered on demand (src/net/if_lo.c, lo_deliver_now): what is
 * queued goes up at once, before the timer would take it, and a loopback
 * exchange that answers itself for ever is cut after the rounds asked for,
 * the rest left to the timer queue as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "net/net_host.h"
#include "net/netisr.h"

struct fix {
	struct stack *st;
	struct host *a;
};

/* What the stand-in for IP was handed, and how many times it sends back. */
static struct {
	unsigned count;
	unsigned echo;		/* datagrams still to send back, one per arrival */
} got;

/* IP's stand-in: counts, and sends the datagram back on lo while echo lasts. */
static void
pingpong_input(struct ifnet *ifp, struct pkt *p)
{
	got.count++;
	if (got.echo > 0) {
		got.echo--;
		assert_int_equal(ifp->if_output(ifp, p, 0, 0), 0);
		return;
	}
	pkt_free(p);
}

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	memset(&got, 0, sizeof(got));
	f.st = sim_stack(13);
	f.a = sim_host(f.st, "arpa");
	sim_run(f.st, NS_PER_SEC);
	assert_int_equal(netisr_unregister(f.a, ETHERTYPE_IP), 0);
	assert_int_equal(netisr_register(f.a, ETHERTYPE_IP, pingpong_input), 0);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	stack_destroy(((struct fix *)*state)->st);
	return 0;
}

static void
test_queued_delivered_now(void **state)
{
	struct fix *f = *state;
	struct ifnet *lo = HNET(f->a)->nh_lo;

	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 1, 8), 0);
	assert_int_equal(got.count, 0);		/* queued, not delivered from output */
	lo_deliver_now(f->a, 3);
	assert_int_equal(got.count, 1);
	assert_int_equal(lo->if_ipackets, 1);
	/* Nothing is left for the timer to deliver twice. */
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(got.count, 1);
	/* An empty queue: nothing happens. */
	lo_deliver_now(f->a, 3);
	assert_int_equal(got.count, 1);
}

static void
test_answers_delivered_round_by_round(void **state)
{
	struct fix *f = *state;

	/* A datagram, its answer, the answer to that: three rounds. */
	got.echo = 2;
	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 1, 8), 0);
	lo_deliver_now(f->a, 3);
	assert_int_equal(got.count, 3);
	assert_int_equal(got.echo, 0);
}

static void
test_pingpong_bounded(void **state)
{
	struct fix *f = *state;

	/* Far more answers than rounds: each round takes one, the rest waits. */
	got.echo = 50;
	assert_int_equal(sim_ping(f->a, sim_addr("127.0.0.1"), 1, 1, 8), 0);
	lo_deliver_now(f->a, 3);
	assert_int_equal(got.count, 3);
	assert_int_equal(got.echo, 47);
	lo_deliver_now(f->a, 0);
	assert_int_equal(got.count, 3);
	/* The timer still holds the queue: the exchange goes on from there. */
	sim_run(f->st, NS_PER_MS);
	assert_int_equal(got.count, 51);
	assert_int_equal(got.echo, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(x) cmocka_unit_test_setup_teardown(x, setup, teardown)
		T(test_queued_delivered_now),
		T(test_answers_delivered_round_by_round),
		T(test_pingpong_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
