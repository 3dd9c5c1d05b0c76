/*
 * UDP-Lite (RFC 3828) on the socket layer in virtual time: its own port
 * space beside UDP's, the coverage a socket sends (UDPLITE_SEND_CSCOV, as
 * Linux rounds it) read off the wire, the checksum checked over the
 * covered bytes only, the datagrams §3.1 makes invalid (zero checksum,
 * coverage < 8 or beyond the datagram) dropped and counted, and the least
 * coverage a receiver takes (UDPLITE_RECV_CSCOV).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "base/clock.h"
#include "inet/in_cksum.h"
#include "inet/in_host.h"
#include "inet/in_pcb.h"
#include "inet/ip_var.h"
#include "inet/udp.h"
#include "inet/udp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

struct fix {
	struct sim_pair net;		/* a 10.0.0.1, b 10.0.0.2 on one segment */
	struct ucred user;
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

static struct socket *
dgram(struct host *h, int proto, const struct ucred *cr)
{
	struct socket *so;

	assert_int_equal(socreate(h, AF_INET, SOCK_DGRAM, proto, cr, &so), 0);
	return so;
}

static int
bindto(struct socket *so, const char *a, uint16_t port, const struct ucred *cr)
{
	struct sockaddr_in s;
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };

	in_sockaddr(&s, sim_addr(a), port);
	return sobind(so, &sa, cr);
}

static int
sendto_(struct socket *so, const char *a, uint16_t port, const void *buf,
    size_t len, const struct ucred *cr)
{
	struct sockaddr_in s;
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };
	size_t done;

	in_sockaddr(&s, sim_addr(a), port);
	return sosend(so, buf, len, 0, &sa, NULL, cr, &done);
}

/* Receives one datagram; its length or -errno. */
static long
recv_(struct socket *so, void *buf, size_t len)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	size_t done;
	int of = 0, error;

	error = soreceive(so, buf, len, 0, (struct sockaddr *)&from, &fl, NULL,
	    &done, &of);
	return error ? -error : (long)done;
}

static int
setcov(struct socket *so, int name, int v)
{
	return sosetopt(so, IPPROTO_UDPLITE, name, &v, sizeof(v));
}

static int
getcov(struct socket *so, int name)
{
	socklen_t len = sizeof(int);
	int v = -1;

	assert_int_equal(sogetopt(so, IPPROTO_UDPLITE, name, &v, &len), 0);
	assert_int_equal(len, sizeof(int));
	return v;
}

/*
 * A UDP-Lite datagram from 10.0.0.1:5000 to b's port 8000: 8 bytes of
 * header and the data, coverage field cov, checksum over the first
 * cov bytes (0: all).  Returns its length.
 */
static size_t
mklite(uint8_t *u, const char *data, uint16_t cov)
{
	struct udp_hdr uh = { .uh_sport = 5000, .uh_dport = 8000 };

	uh.uh_ulen = (uint16_t)(UDP_HDRLEN + strlen(data));
	memcpy(u + UDP_HDRLEN, data, strlen(data));
	udplite_emit(&uh, u, sim_addr("10.0.0.1"), sim_addr("10.0.0.2"), cov);
	return uh.uh_ulen;
}

static void
inject(struct fix *f, const uint8_t *u, size_t len)
{
	static uint16_t id = 100;
	uint8_t d[128];
	size_t n;

	n = sim_build_ip(d, sim_addr("10.0.0.1"), sim_addr("10.0.0.2"),
	    IPPROTO_UDPLITE, 64, id++, 0, u, len);
	sim_inject_ip(f->net.bif, d, n, 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
}

static void
test_udplite_exchange(void **state)
{
	struct fix *f = *state;
	struct socket *srv = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	struct socket *cli = dgram(f->net.a, IPPROTO_UDPLITE, &f->user);
	socklen_t len = sizeof(int);
	char buf[16];
	int proto = 0;

	assert_int_equal(sogetopt(srv, SOL_SOCKET, SO_PROTOCOL, &proto, &len), 0);
	assert_int_equal(proto, IPPROTO_UDPLITE);
	assert_int_equal(bindto(srv, "0.0.0.0", 7000, &f->user), 0);
	assert_int_equal(sendto_(cli, "10.0.0.2", 7000, "hello", 5, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recv_(srv, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(HINET(f->net.b)->ih_udplitestat.udps_delivered, 1);
	assert_int_equal(HINET(f->net.a)->ih_udplitestat.udps_opackets, 1);
	assert_int_equal(HINET(f->net.b)->ih_udpstat.udps_ipackets, 0);
	soclose(srv);
	soclose(cli);
}

/* Linux keeps UDP-Lite's ports apart from UDP's (udplite_table). */
static void
test_udplite_own_port_space(void **state)
{
	struct fix *f = *state;
	struct socket *u = dgram(f->net.b, IPPROTO_UDP, &f->user);
	struct socket *l = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	struct socket *l2 = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	struct socket *cu = dgram(f->net.a, IPPROTO_UDP, &f->user);
	struct socket *cl = dgram(f->net.a, IPPROTO_UDPLITE, &f->user);
	char buf[16];

	assert_int_equal(bindto(u, "0.0.0.0", 7000, &f->user), 0);
	assert_int_equal(bindto(l, "0.0.0.0", 7000, &f->user), 0);
	assert_int_equal(bindto(l2, "0.0.0.0", 7000, &f->user), EADDRINUSE);
	assert_int_equal(sendto_(cl, "10.0.0.2", 7000, "lite", 4, &f->user), 0);
	assert_int_equal(sendto_(cu, "10.0.0.2", 7000, "udp", 3, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recv_(l, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "lite", 4);
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(recv_(u, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "udp", 3);
	assert_int_equal(recv_(u, buf, sizeof(buf)), -EWOULDBLOCK);
	/* A port only UDP has is no UDP-Lite socket's: port unreachable. */
	soclose(l);
	assert_int_equal(sendto_(cl, "10.0.0.2", 7000, "lite", 4, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(HINET(f->net.b)->ih_udplitestat.udps_noport, 1);
	assert_int_equal(recv_(u, buf, sizeof(buf)), -EWOULDBLOCK);
	soclose(u);
	soclose(l2);
	soclose(cu);
	soclose(cl);
}

/* The options as Linux reads them back: 1-7 are 8, past 65535 is 65535. */
static void
test_udplite_options(void **state)
{
	struct fix *f = *state;
	struct socket *l = dgram(f->net.a, IPPROTO_UDPLITE, &f->user);
	struct socket *u = dgram(f->net.a, IPPROTO_UDP, &f->user);
	socklen_t len = sizeof(int);
	int v = 20;

	assert_int_equal(getcov(l, UDPLITE_SEND_CSCOV), 0);
	assert_int_equal(getcov(l, UDPLITE_RECV_CSCOV), 0);
	assert_int_equal(setcov(l, UDPLITE_SEND_CSCOV, 3), 0);
	assert_int_equal(getcov(l, UDPLITE_SEND_CSCOV), 8);
	assert_int_equal(setcov(l, UDPLITE_SEND_CSCOV, 70000), 0);
	assert_int_equal(getcov(l, UDPLITE_SEND_CSCOV), 65535);
	assert_int_equal(setcov(l, UDPLITE_RECV_CSCOV, 20), 0);
	assert_int_equal(getcov(l, UDPLITE_RECV_CSCOV), 20);
	assert_int_equal(setcov(l, UDPLITE_RECV_CSCOV, 0), 0);
	assert_int_equal(getcov(l, UDPLITE_RECV_CSCOV), 0);
	/* At UDP's level too (udplite(7)). */
	assert_int_equal(sosetopt(l, IPPROTO_UDP, UDPLITE_SEND_CSCOV, &v, sizeof(v)), 0);
	assert_int_equal(getcov(l, UDPLITE_SEND_CSCOV), 20);
	assert_int_equal(sosetopt(l, IPPROTO_UDPLITE, UDPLITE_SEND_CSCOV, &v, 2), EINVAL);
	/* A UDP socket's coverage is whole: read as 0, not to be set. */
	assert_int_equal(setcov(u, UDPLITE_SEND_CSCOV, 20), ENOPROTOOPT);
	assert_int_equal(sogetopt(u, IPPROTO_UDP, UDPLITE_SEND_CSCOV, &v, &len), 0);
	assert_int_equal(v, 0);
	soclose(l);
	soclose(u);
}

/* What the length field of a datagram sent says, read on the wire. */
static void
test_udplite_send_coverage(void **state)
{
	struct fix *f = *state;
	struct socket *l = dgram(f->net.a, IPPROTO_UDPLITE, &f->user);
	static struct sim_sink sink;
	static const struct { int set, opt; uint16_t field; } c[] = {
		{ 0, 0, 108 },		/* not set: the datagram's length */
		{ 1, 20, 20 },		/* partial */
		{ 1, 3, 8 },		/* rounded up to the header */
		{ 1, 0, 0 },		/* whole, said so */
		{ 1, 200, 108 },	/* beyond the datagram: its length */
	};
	struct udp_hdr uh;
	char data[100];
	uint16_t cov;
	size_t i;

	memset(data, 'x', sizeof(data));
	assert_int_equal(ip_proto_unregister(f->net.b, IPPROTO_UDPLITE), 0);
	sim_sink_register(f->net.b, IPPROTO_UDPLITE, &sink);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		if (c[i].set)
			assert_int_equal(setcov(l, UDPLITE_SEND_CSCOV, c[i].opt), 0);
		assert_int_equal(sendto_(l, "10.0.0.2", 7000, data, sizeof(data),
		    &f->user), 0);
		sim_run(f->net.st, NS_PER_SEC / 10);
		assert_int_equal(sink.ss_count, i + 1);
		assert_int_equal(sink.ss_len, 108);
		assert_int_equal(sink.ss_data[4] << 8 | sink.ss_data[5], c[i].field);
		assert_int_equal(udplite_parse(sink.ss_data, sink.ss_len,
		    sim_addr("10.0.0.1"), sim_addr("10.0.0.2"), &uh, &cov), UDPE_OK);
		assert_int_equal(cov, c[i].field == 0 ? 108 : c[i].field);
	}
	soclose(l);
}

/*
 * The checksum of RFC 3828 §3.2 (pseudo-header with protocol 136 and IP's
 * length, then the covered bytes), against sums worked out apart from
 * uipc's code (a few lines of Python over the same bytes).
 */
static void
test_udplite_checksum_vector(void **state)
{
	uint8_t u[64];

	(void)state;
	mklite(u, "headbodytail", 12);
	assert_int_equal(u[6] << 8 | u[7], 0xeec2);
	mklite(u, "headbodytail", 0);
	assert_int_equal(u[6] << 8 | u[7], 0x4a18);
}

/*
 * The checksum covers what the coverage says and no more: a byte changed
 * past it still arrives, one within it does not (RFC 3828 §3.1, §3.2).
 */
static void
test_udplite_partial_checksum(void **state)
{
	struct fix *f = *state;
	struct socket *l = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	const struct udpstat *us = &HINET(f->net.b)->ih_udplitestat;
	uint8_t u[64];
	char buf[32];
	size_t n;

	assert_int_equal(bindto(l, "0.0.0.0", 8000, &f->user), 0);
	n = mklite(u, "headbodytail", 12);	/* covers "head" */
	u[UDP_HDRLEN + 5] ^= 0x20;		/* "body" -> "bOdy" */
	inject(f, u, n);
	assert_int_equal(recv_(l, buf, sizeof(buf)), 12);
	assert_memory_equal(buf, "headbOdytail", 12);
	u[UDP_HDRLEN + 1] ^= 0x20;		/* within the coverage */
	inject(f, u, n);
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(us->udps_badsum, 1);
	n = mklite(u, "headbodytail", 0);	/* whole: any byte counts */
	u[n - 1] ^= 0x20;
	inject(f, u, n);
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(us->udps_badsum, 2);
	assert_int_equal(us->udps_delivered, 1);
	soclose(l);
}

/* §3.1's invalid datagrams: dropped, each counted under its reason. */
static void
test_udplite_invalid_dropped(void **state)
{
	struct fix *f = *state;
	struct socket *l = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	const struct udpstat *us = &HINET(f->net.b)->ih_udplitestat;
	uint8_t u[64];
	char buf[32];
	size_t n;

	assert_int_equal(bindto(l, "0.0.0.0", 8000, &f->user), 0);
	n = mklite(u, "data", 0);
	u[6] = u[7] = 0;			/* no checksum: invalid */
	inject(f, u, n);
	assert_int_equal(us->udps_zerosum, 1);
	n = mklite(u, "data", 5);		/* coverage shorter than the header */
	inject(f, u, n);
	n = mklite(u, "data", 12);
	u[5] = 13;				/* coverage beyond the datagram */
	inject(f, u, n);
	assert_int_equal(us->udps_badcov, 2);
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(us->udps_delivered, 0);
	/* Whole and exactly-whole coverage are valid. */
	inject(f, u, mklite(u, "data", 12));
	inject(f, u, mklite(u, "data", 0));
	assert_int_equal(us->udps_delivered, 2);
	soclose(l);
}

/* UDPLITE_RECV_CSCOV: the least partial coverage taken; 0 takes only whole. */
static void
test_udplite_recv_coverage(void **state)
{
	struct fix *f = *state;
	struct socket *l = dgram(f->net.b, IPPROTO_UDPLITE, &f->user);
	const struct udpstat *us = &HINET(f->net.b)->ih_udplitestat;
	uint8_t u[64];
	char buf[32];

	assert_int_equal(bindto(l, "0.0.0.0", 8000, &f->user), 0);
	inject(f, u, mklite(u, "0123456789", 10));	/* no option: taken */
	assert_int_equal(recv_(l, buf, sizeof(buf)), 10);
	assert_int_equal(setcov(l, UDPLITE_RECV_CSCOV, 12), 0);
	inject(f, u, mklite(u, "0123456789", 10));	/* below the least */
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(us->udps_lowcov, 1);
	inject(f, u, mklite(u, "0123456789", 12));
	assert_int_equal(recv_(l, buf, sizeof(buf)), 10);
	assert_int_equal(setcov(l, UDPLITE_RECV_CSCOV, 0), 0);
	inject(f, u, mklite(u, "0123456789", 17));	/* partial: refused */
	assert_int_equal(recv_(l, buf, sizeof(buf)), -EWOULDBLOCK);
	assert_int_equal(us->udps_lowcov, 2);
	inject(f, u, mklite(u, "0123456789", 18));	/* whole, by its length */
	assert_int_equal(recv_(l, buf, sizeof(buf)), 10);
	inject(f, u, mklite(u, "0123456789", 0));
	assert_int_equal(recv_(l, buf, sizeof(buf)), 10);
	soclose(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_udplite_exchange, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udplite_own_port_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udplite_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udplite_send_coverage, setup, teardown),
		cmocka_unit_test(test_udplite_checksum_vector),
		cmocka_unit_test_setup_teardown(test_udplite_partial_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udplite_invalid_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udplite_recv_coverage, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
