/* Packet buffers: headroom, growth, free list, queues. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/pkt.h"

static void
test_pkt_prepend_put(void **state)
{
	struct pkt_pool pp;
	struct pkt *p;
	uint8_t *b;

	pkt_pool_init(&pp, 8);
	p = pkt_from(&pp, "data", 4);
	assert_non_null(p);
	assert_int_equal(pkt_headroom(p), PKT_HEADROOM);
	b = pkt_prepend(p, 14);
	memset(b, 'h', 14);
	assert_int_equal(p->pk_len, 18);
	assert_memory_equal(p->pk_data + 14, "data", 4);
	/* More than the headroom: the buffer grows and keeps the bytes. */
	b = pkt_prepend(p, 1000);
	assert_non_null(b);
	assert_int_equal(p->pk_len, 1018);
	assert_memory_equal(p->pk_data + 1014, "data", 4);
	b = pkt_put(p, 5000);
	assert_non_null(b);
	assert_int_equal(p->pk_len, 6018);
	pkt_adj(p, 1014);
	assert_memory_equal(p->pk_data, "hhhhdata", 0);
	pkt_trim(p, 4);
	assert_int_equal(p->pk_len, 4);
	pkt_free(p);
	pkt_pool_fini(&pp);
}

static void
test_pkt_pool_reuse(void **state)
{
	struct pkt_pool pp;
	struct pkt *a, *b;

	pkt_pool_init(&pp, 8);
	a = pkt_alloc(&pp, 100);
	pkt_free(a);
	assert_int_equal(pp.pp_nfree, 1);
	b = pkt_alloc(&pp, 200);
	assert_ptr_equal(a, b);		/* from the free list */
	assert_int_equal(pp.pp_inuse, 1);
	pkt_free(b);
	a = pkt_alloc(&pp, 60000);	/* big: from the heap */
	assert_non_null(a);
	pkt_free(a);
	assert_int_equal(pp.pp_nfree, 1);
	assert_int_equal(pp.pp_inuse, 0);
	pkt_pool_fini(&pp);
}

static void
test_pktq_fifo(void **state)
{
	struct pkt_pool pp;
	struct pktq q;
	int i;

	pkt_pool_init(&pp, 8);
	pktq_init(&q);
	for (i = 0; i < 3; i++) {
		struct pkt *p = pkt_alloc(&pp, 1);

		p->pk_data[0] = (uint8_t)i;
		pktq_enq(&q, p);
	}
	assert_int_equal(q.pq_len, 3);
	for (i = 0; i < 2; i++) {
		struct pkt *p = pktq_deq(&q);

		assert_int_equal(p->pk_data[0], i);
		pkt_free(p);
	}
	pktq_flush(&q);
	assert_null(pktq_deq(&q));
	pkt_pool_fini(&pp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pkt_prepend_put),
		cmocka_unit_test(test_pkt_pool_reuse),
		cmocka_unit_test(test_pktq_fifo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
