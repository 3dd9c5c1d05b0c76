/*
 * Raw IP sockets in virtual time: the super-user's only; a socket of a
 * protocol gets a copy of each datagram of it with the IP header; a send
 * gets its header from the stack, or with IP_HDRINCL supplies it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "inet/in_cksum.h"
#include "inet/in_pcb.h"
#include "kern/socket.h"

struct fix {
	struct sim_pair net;		/* arpa 10.0.0.1, cad 10.0.0.2 */
	struct ucred user, root;
};

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 5, NULL);
	f.user.uid = 1000;
	sim_run(f.net.st, NS_PER_SEC);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;

	sim_pair_free(&f->net);
	return 0;
}

static size_t
echo(uint8_t *b, uint16_t seq)
{
	uint16_t sum;

	memset(b, 0, 16);
	b[0] = ICMP_ECHO;
	b[4] = 0x12;
	b[5] = 0x34;
	b[6] = (uint8_t)(seq >> 8);
	b[7] = (uint8_t)seq;
	memcpy(b + 8, "abcdefgh", 8);
	sum = in_cksum(b, 16);
	b[2] = (uint8_t)(sum >> 8);	/* a big-endian word (RFC 1071) */
	b[3] = (uint8_t)sum;
	return 16;
}

static int
sendraw(struct socket *so, const char *dst, const void *b, size_t n,
    const struct ucred *cr)
{
	struct sockaddr_in s;
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };
	size_t done;

	in_sockaddr(&s, sim_addr(dst), 0);
	return sosend(so, b, n, 0, &sa, NULL, cr, &done);
}

static void
test_raw_privilege(void **state)
{
	struct fix *f = *state;
	struct socket *so;

	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, IPPROTO_ICMP,
	    &f->user, &so), EACCES);
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, 0, &f->root, &so),
	    EPROTONOSUPPORT);
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, 200, &f->root, &so),
	    0);
	soclose(so);
}

static void
test_raw_icmp_echo(void **state)
{
	struct fix *f = *state;
	struct socket *so, *udpso, *other;
	uint8_t b[128];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	size_t n, done;
	int of = 0;

	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, IPPROTO_ICMP,
	    &f->root, &so), 0);
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, 200, &f->root,
	    &other), 0);
	n = echo(b, 1);
	assert_int_equal(sendraw(so, "10.0.0.2", b, n, &f->root), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(soreceive(so, b, sizeof(b), 0, (struct sockaddr *)&from,
	    &fl, NULL, &done, &of), 0);
	/* The reply with its IP header: 20 + 16 bytes. */
	assert_int_equal(done, 36);
	assert_int_equal(b[0] >> 4, 4);
	assert_int_equal(b[9], IPPROTO_ICMP);
	assert_int_equal(b[20], ICMP_ECHOREPLY);
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.2"));
	/* Another protocol's socket saw nothing. */
	assert_int_equal(soreceive(other, b, sizeof(b), 0, NULL, NULL, NULL,
	    &done, &of), EWOULDBLOCK);
	/* UDP to port 0 is refused at once (Linux: EINVAL). */
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_DGRAM, 0, &f->user,
	    &udpso), 0);
	assert_int_equal(sendraw(udpso, "10.0.0.2", "x", 1, &f->user), EINVAL);
	soclose(udpso);
	soclose(so);
	soclose(other);
}

static void
test_raw_hdrincl_and_protocol(void **state)
{
	struct fix *f = *state;
	struct socket *tx, *rx;
	uint8_t b[64], in[64];
	size_t n, done;
	int one = 1, of = 0;

	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, 200, &f->root, &tx), 0);
	assert_int_equal(socreate(f->net.b, AF_INET, SOCK_RAW, 200, &f->root, &rx), 0);
	assert_int_equal(sendraw(tx, "10.0.0.2", "hello", 5, &f->root), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(soreceive(rx, in, sizeof(in), 0, NULL, NULL, NULL,
	    &done, &of), 0);
	assert_int_equal(done, 25);
	assert_memory_equal(in + 20, "hello", 5);
	/* IP_HDRINCL: our header, with length, id, source and sum filled in. */
	assert_int_equal(sosetopt(tx, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)), 0);
	n = sim_build_ip(b, 0, sim_addr("10.0.0.2"), 200, 9, 0, 0, "raw!", 4);
	memset(b + 12, 0, 4);
	assert_int_equal(sendraw(tx, "10.0.0.2", b, n, &f->root), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(soreceive(rx, in, sizeof(in), 0, NULL, NULL, NULL,
	    &done, &of), 0);
	assert_int_equal(done, 24);
	assert_int_equal(in[8], 9);		/* our TTL */
	assert_memory_equal(in + 20, "raw!", 4);
	assert_int_equal(in[12], 10);		/* source chosen */
	soclose(tx);
	soclose(rx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_raw_privilege, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_icmp_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_hdrincl_and_protocol, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
