/*
 * UDP on the socket layer in virtual time (RFC 768; primer §5.4-5.5):
 * exchange between hosts, demultiplexing by the association rules,
 * connected filtering, broadcast, truncation, the errors a send returns
 * at once, and an ICMP port unreachable turning into so_error.
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
#include "inet/igmp.h"
#include "inet/in_host.h"
#include "inet/in_pcb.h"
#include "inet/udp_var.h"
#include "kern/host.h"
#include "kern/so_errq.h"
#include "kern/socket.h"

struct fix {
	struct sim_pair net;		/* arpa 10.0.0.1, cad 10.0.0.2 on lan */
	struct host *c, *r;		/* c beyond router r */
	struct ucred user, root;
};

static int
setup(void **state)
{
	static struct fix f;
	struct seg *far;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 3, NULL);
	far = sim_seg(f.net.st, "far");
	f.r = sim_host(f.net.st, "gw");
	f.c = sim_host(f.net.st, "ucbvax");
	sim_ifattach(f.r, f.net.seg, "en0", "10.0.0.254/24");
	sim_ifattach(f.r, far, "en1", "10.1.0.254/24");
	sim_ifattach(f.c, far, "en0", "10.1.0.3/24");
	HINET(f.r)->ih_forwarding = 1;
	assert_int_equal(rt_add(f.net.a, sim_addr("10.1.0.0"), in_lenmask(24),
	    sim_addr("10.0.0.254"), 0, NULL), 0);
	assert_int_equal(rt_add(f.c, sim_addr("10.0.0.0"), in_lenmask(24),
	    sim_addr("10.1.0.254"), 0, NULL), 0);
	f.user.uid = 1000;
	f.root.uid = 0;
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
udp(struct host *h, const struct ucred *cr)
{
	struct socket *so;

	assert_int_equal(socreate(h, AF_INET, SOCK_DGRAM, 0, cr, &so), 0);
	return so;
}

static struct sockaddr_in
mksin(const char *a, uint16_t port)
{
	struct sockaddr_in s;

	in_sockaddr(&s, sim_addr(a), port);
	return s;
}

static int
bindto(struct socket *so, const char *a, uint16_t port, const struct ucred *cr)
{
	struct sockaddr_in s = mksin(a, port);
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };

	return sobind(so, &sa, cr);
}

static int
connectto(struct socket *so, const char *a, uint16_t port,
    const struct ucred *cr)
{
	struct sockaddr_in s = mksin(a, port);
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };

	return soconnect(so, &sa, cr);
}

static int
sendto_(struct socket *so, const char *a, uint16_t port, const void *buf,
    size_t len, int flags, const struct ucred *cr)
{
	struct sockaddr_in s;
	struct so_addr sa = { (struct sockaddr *)&s, sizeof(s), NULL };
	size_t done;

	if (a == NULL)
		return sosend(so, buf, len, flags, NULL, NULL, cr, &done);
	s = mksin(a, port);
	return sosend(so, buf, len, flags, &sa, NULL, cr, &done);
}

/* Receives one datagram; returns its length or -errno. */
static long
recvfrom_(struct socket *so, void *buf, size_t len, struct sockaddr_in *from,
    int *outflags)
{
	socklen_t fl = sizeof(*from);
	size_t done;
	int of = 0, error;

	error = soreceive(so, buf, len, 0, (struct sockaddr *)from, &fl, NULL,
	    &done, &of);
	if (outflags != NULL)
		*outflags = of;
	return error ? -error : (long)done;
}

static void
test_udp_exchange_and_reply(void **state)
{
	struct fix *f = *state;
	struct socket *srv = udp(f->net.b, &f->user), *cli = udp(f->net.a, &f->user);
	struct sockaddr_in from, name;
	socklen_t nl = sizeof(name);
	char buf[64];

	assert_int_equal(bindto(srv, "0.0.0.0", 7000, &f->user), 0);
	/* An unbound sender is bound to an ephemeral port by its sendto. */
	assert_int_equal(sendto_(cli, "10.0.0.2", 7000, "ping", 4, 0, &f->user), 0);
	assert_int_equal(sogetname(cli, 0, (struct sockaddr *)&name, &nl), 0);
	assert_in_range(ntohs(name.sin_port), IPPORT_EPHEMERAL_FIRST,
	    IPPORT_EPHEMERAL_LAST);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(srv, buf, sizeof(buf), &from, NULL), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.1"));
	assert_int_equal(from.sin_port, name.sin_port);
	/* Echo it back across the router to a third host. */
	assert_int_equal(sendto_(srv, "10.0.0.1", ntohs(from.sin_port), "pong",
	    4, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(cli, buf, sizeof(buf), &from, NULL), 4);
	assert_memory_equal(buf, "pong", 4);
	assert_int_equal(sendto_(srv, "10.1.0.3", 7000, "x", 1, 0, &f->user),
	    ENETUNREACH);
	soclose(srv);
	soclose(cli);
}

static void
test_udp_across_router(void **state)
{
	struct fix *f = *state;
	struct socket *srv = udp(f->c, &f->user), *cli = udp(f->net.a, &f->user);
	struct sockaddr_in from;
	char buf[64];

	assert_int_equal(bindto(srv, "10.1.0.3", 9, &f->root), 0);
	assert_int_equal(sendto_(cli, "10.1.0.3", 9, "hello", 5, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC);
	assert_int_equal(recvfrom_(srv, buf, sizeof(buf), &from, NULL), 5);
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.1"));
	/* MSG_DONTROUTE: the far network is not directly connected. */
	assert_int_equal(sendto_(cli, "10.1.0.3", 9, "x", 1, MSG_DONTROUTE,
	    &f->user), ENETUNREACH);
	assert_int_equal(sendto_(cli, "10.0.0.2", 9, "x", 1, MSG_DONTROUTE,
	    &f->user), 0);
	soclose(srv);
	soclose(cli);
}

/* Exact binding beats the wildcard; a connected socket filters its input. */
static void
test_udp_demux(void **state)
{
	struct fix *f = *state;
	struct socket *any = udp(f->net.b, &f->user), *spec = udp(f->net.b, &f->user);
	struct socket *conn = udp(f->net.b, &f->user), *cli = udp(f->net.a, &f->user);
	struct socket *cli2 = udp(f->net.a, &f->user);
	struct sockaddr_in from;
	int one = 1;
	char buf[8];

	assert_int_equal(sosetopt(spec, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)), 0);
	assert_int_equal(bindto(any, "0.0.0.0", 5000, &f->user), 0);
	assert_int_equal(bindto(spec, "10.0.0.2", 5000, &f->user), 0);
	assert_int_equal(bindto(cli, "0.0.0.0", 6000, &f->user), 0);
	assert_int_equal(bindto(cli2, "0.0.0.0", 6001, &f->user), 0);
	assert_int_equal(bindto(conn, "0.0.0.0", 5001, &f->user), 0);
	assert_int_equal(connectto(conn, "10.0.0.1", 6000, &f->user), 0);

	assert_int_equal(sendto_(cli, "10.0.0.2", 5000, "1", 1, 0, &f->user), 0);
	assert_int_equal(sendto_(cli2, "10.0.0.2", 5001, "2", 1, 0, &f->user), 0);
	assert_int_equal(sendto_(cli, "10.0.0.2", 5001, "3", 1, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(spec, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], '1');
	assert_int_equal(recvfrom_(any, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	/* From the wrong port: not for the connected socket. */
	assert_int_equal(recvfrom_(conn, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], '3');
	assert_int_equal(recvfrom_(conn, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	/* The datagram nobody would take earned a port unreachable. */
	assert_int_equal(HINET(f->net.b)->ih_udpstat.udps_noport, 1);
	/* A connected socket sends to its peer; sendto on it overrides (Linux). */
	assert_int_equal(sendto_(conn, NULL, 0, "4", 1, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(cli, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], '4');
	soclose(any);
	soclose(spec);
	soclose(conn);
	soclose(cli);
	soclose(cli2);
}

static void
test_udp_bind_errors(void **state)
{
	struct fix *f = *state;
	struct socket *s1 = udp(f->net.a, &f->user), *s2 = udp(f->net.a, &f->user);
	struct socket *s3 = udp(f->net.a, &f->root);

	assert_int_equal(bindto(s1, "0.0.0.0", 513, &f->user), EACCES);
	assert_int_equal(bindto(s1, "10.0.0.9", 4000, &f->user), EADDRNOTAVAIL);
	assert_int_equal(bindto(s1, "0.0.0.0", 4000, &f->user), 0);
	assert_int_equal(bindto(s2, "0.0.0.0", 4000, &f->user), EADDRINUSE);
	assert_int_equal(bindto(s3, "0.0.0.0", 513, &f->root), 0);
	soclose(s1);
	assert_int_equal(bindto(s2, "0.0.0.0", 4000, &f->user), 0);
	soclose(s2);
	soclose(s3);
}

static void
test_udp_truncation_and_size(void **state)
{
	struct fix *f = *state;
	struct socket *srv = udp(f->net.b, &f->user), *cli = udp(f->net.a, &f->user);
	static char big[8192], in[8192];
	struct sockaddr_in from;
	int of;
	size_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	assert_int_equal(bindto(srv, "0.0.0.0", 7001, &f->user), 0);
	/* 8 KiB over a 1500-byte MTU: fragmented and reassembled. */
	assert_int_equal(sendto_(cli, "10.0.0.2", 7001, big, sizeof(big), 0,
	    &f->user), 0);
	assert_int_equal(sendto_(cli, "10.0.0.2", 7001, big, 100, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(srv, in, sizeof(in), &from, &of), 8192);
	assert_memory_equal(in, big, sizeof(big));
	assert_true(HINET(f->net.b)->ih_ipstat.ips_reassembled >= 1);
	assert_int_equal(recvfrom_(srv, in, 10, &from, &of), 10);
	assert_true(of & MSG_TRUNC);
	soclose(srv);
	soclose(cli);
}

static void
test_udp_broadcast(void **state)
{
	struct fix *f = *state;
	struct socket *rb = udp(f->net.b, &f->user), *rr = udp(f->r, &f->user);
	struct socket *rc = udp(f->c, &f->user), *tx = udp(f->net.a, &f->user);
	struct socket *txroot = udp(f->net.a, &f->root), *self = udp(f->net.a, &f->user);
	struct sockaddr_in from, name;
	socklen_t nl = sizeof(name);
	int one = 1;
	char buf[8];

	assert_int_equal(bindto(rb, "0.0.0.0", 513, &f->root), 0);
	assert_int_equal(bindto(rr, "0.0.0.0", 513, &f->root), 0);
	assert_int_equal(bindto(rc, "0.0.0.0", 513, &f->root), 0);
	assert_int_equal(bindto(self, "0.0.0.0", 513, &f->root), 0);
	/* Primer §5.5: broadcast is the super-user's, or SO_BROADCAST's. */
	assert_int_equal(sendto_(tx, "10.0.0.255", 513, "w", 1, 0, &f->user),
	    EACCES);
	assert_int_equal(sendto_(tx, "255.255.255.255", 513, "w", 1, 0,
	    &f->user), EACCES);
	assert_int_equal(sosetopt(tx, SOL_SOCKET, SO_BROADCAST, &one,
	    sizeof(one)), 0);
	assert_int_equal(sendto_(tx, "10.0.0.255", 513, "w", 1, 0, &f->user), 0);
	/* The primer's own form: INADDR_ANY as the destination. */
	assert_int_equal(sendto_(txroot, "0.0.0.0", 513, "r", 1, 0, &f->root), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(sogetname(tx, 0, (struct sockaddr *)&name, &nl), 0);
	assert_int_equal(recvfrom_(rb, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], 'w');
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.1"));
	assert_int_equal(from.sin_port, name.sin_port);
	assert_int_equal(recvfrom_(rb, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], 'r');
	assert_int_equal(recvfrom_(rr, buf, sizeof(buf), &from, NULL), 1);
	/* Not beyond the router. */
	assert_int_equal(recvfrom_(rc, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	/*
	 * The sender's own host hears it too, as 4.4BSD's simplex interfaces
	 * loop a copy back and Linux does (an rwhod hears its own status).
	 */
	assert_int_equal(recvfrom_(self, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], 'w');
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.1"));
	assert_int_equal(recvfrom_(self, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(buf[0], 'r');
	assert_int_equal(recvfrom_(self, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	soclose(rb);
	soclose(rr);
	soclose(rc);
	soclose(tx);
	soclose(txroot);
	soclose(self);
}

/* RFC 1122 §4.1.3.3: an ICMP port unreachable reaches a connected socket. */
static void
test_udp_port_unreachable(void **state)
{
	struct fix *f = *state;
	struct socket *cli = udp(f->net.a, &f->user), *unc = udp(f->net.a, &f->user);
	char buf[8];
	struct sockaddr_in from;

	assert_int_equal(connectto(cli, "10.0.0.2", 9999, &f->user), 0);
	assert_int_equal(sendto_(cli, NULL, 0, "x", 1, 0, &f->user), 0);
	assert_int_equal(sendto_(unc, "10.0.0.2", 9999, "x", 1, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(cli->so_error, ECONNREFUSED);
	assert_int_equal(unc->so_error, 0);
	assert_int_equal(recvfrom_(cli, buf, sizeof(buf), &from, NULL),
	    -ECONNREFUSED);
	assert_int_equal(cli->so_error, 0);
	soclose(cli);
	soclose(unc);
}

static void
test_udp_bad_checksum_dropped(void **state)
{
	struct fix *f = *state;
	struct socket *srv = udp(f->net.b, &f->user);
	struct ifnet *ifp = if_find(f->net.b, "en0");
	uint8_t u[12] = { 0x13, 0x88, 0x1f, 0x40, 0, 12, 0x12, 0x34, 'a', 'b', 'c', 'd' };
	uint8_t d[64];
	size_t n;
	char buf[8];
	struct sockaddr_in from;

	assert_int_equal(bindto(srv, "0.0.0.0", 8000, &f->user), 0);
	n = sim_build_ip(d, sim_addr("10.0.0.1"), sim_addr("10.0.0.2"),
	    IPPROTO_UDP, 64, 1, 0, u, sizeof(u));
	sim_inject_ip(ifp, d, n, 0);
	u[5] = 40;	/* length past the datagram */
	n = sim_build_ip(d, sim_addr("10.0.0.1"), sim_addr("10.0.0.2"),
	    IPPROTO_UDP, 64, 2, 0, u, sizeof(u));
	sim_inject_ip(ifp, d, n, 0);
	n = sim_build_ip(d, sim_addr("10.0.0.1"), sim_addr("10.0.0.2"),
	    IPPROTO_UDP, 64, 3, 0, u, 5);
	sim_inject_ip(ifp, d, n, 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(HINET(f->net.b)->ih_udpstat.udps_badsum, 1);
	assert_int_equal(HINET(f->net.b)->ih_udpstat.udps_badlen, 1);
	assert_int_equal(HINET(f->net.b)->ih_udpstat.udps_hdrops, 1);
	assert_int_equal(recvfrom_(srv, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	soclose(srv);
}

static void
test_udp_stream_row_absent(void **state)
{
	struct fix *f = *state;
	struct socket *so;

	/* The TCP row is present now: SOCK_STREAM is TCP. */
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_STREAM, 0, &f->user, &so), 0);
	soclose(so);
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_DGRAM, IPPROTO_TCP,
	    &f->user, &so), EPROTONOSUPPORT);
}

/*
 * What IP_PKTINFO, IP_RECVTTL, IP_RECVTOS and SO_TIMESTAMP ask is kept
 * with each datagram from its arrival (in_dginfo.c): its header's
 * destination and the local address, the interface, TTL, TOS, time.
 */
static void
test_udp_dginfo(void **state)
{
	struct fix *f = *state;
	struct socket *srv = udp(f->net.b, &f->user), *cli = udp(f->net.a, &f->user);
	struct so_control *ctl = NULL;
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	uint64_t t0;
	size_t done;
	char buf[16];
	int one = 1, ttl = 40, tos = 0x10, of = 0;

	assert_int_equal(bindto(srv, "0.0.0.0", 7000, &f->user), 0);
	assert_int_equal(sendto_(cli, "10.0.0.2", 7000, "bare", 4, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(soreceive(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl,
	    &ctl, &done, &of), 0);
	assert_null(ctl);	/* nothing asked, nothing kept */
	assert_int_equal(sosetopt(srv, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)), 0);
	assert_int_equal(sosetopt(srv, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one)), 0);
	assert_int_equal(sosetopt(srv, IPPROTO_IP, IP_RECVTOS, &one, sizeof(one)), 0);
	assert_int_equal(sosetopt(srv, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)), 0);
	assert_int_equal(sosetopt(cli, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)), 0);
	assert_int_equal(sosetopt(cli, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)), 0);
	t0 = clock_now(f->net.st->st_clock);
	assert_int_equal(sendto_(cli, "10.0.0.2", 7000, "info", 4, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	fl = sizeof(from);
	assert_int_equal(soreceive(srv, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl,
	    &ctl, &done, &of), 0);
	assert_non_null(ctl);
	assert_int_equal(ctl->ctl_dg.dg_what, SODG_PKTINFO | SODG_TTL | SODG_TOS | SODG_TIMENS);
	assert_int_equal(ctl->ctl_dg.dg_addr, sim_addr("10.0.0.2"));
	assert_int_equal(ctl->ctl_dg.dg_spec_dst, sim_addr("10.0.0.2"));
	assert_true(ctl->ctl_dg.dg_ifindex > 0);
	assert_int_equal(ctl->ctl_dg.dg_ttl, 40);
	assert_int_equal(ctl->ctl_dg.dg_tos, 0x10);
	assert_in_range(ctl->ctl_dg.dg_time, t0, clock_now(f->net.st->st_clock));
	so_control_free(ctl);
	soclose(srv);
	soclose(cli);
}

/*
 * RFC 1112: a member on the segment hears a datagram to its group, the
 * router's other segment does not, a host that did not join does not,
 * and joining and leaving went out as IGMPv2 report and leave (RFC 2236).
 */
static void
test_udp_multicast_segment(void **state)
{
	struct fix *f = *state;
	struct socket *rb = udp(f->net.b, &f->user), *rr = udp(f->r, &f->user);
	struct socket *rc = udp(f->c, &f->user), *tx = udp(f->net.a, &f->user);
	struct ip_mreq m;
	struct sockaddr_in from;
	struct in_addr ifa;
	char buf[8];

	assert_int_equal(bindto(rb, "0.0.0.0", 5400, &f->user), 0);
	assert_int_equal(bindto(rr, "0.0.0.0", 5400, &f->user), 0);
	assert_int_equal(bindto(rc, "0.0.0.0", 5400, &f->user), 0);
	memset(&m, 0, sizeof(m));
	m.imr_multiaddr.s_addr = htonl(sim_addr("239.1.2.3"));
	m.imr_interface.s_addr = htonl(sim_addr("10.0.0.2"));
	assert_int_equal(sosetopt(rb, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), 0);
	m.imr_interface.s_addr = htonl(sim_addr("10.1.0.3"));
	assert_int_equal(sosetopt(rc, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), 0);
	assert_int_equal(HINET(f->net.b)->ih_igmpstat.igps_snd_reports, 1);
	ifa.s_addr = htonl(sim_addr("10.0.0.1"));
	assert_int_equal(sosetopt(tx, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof(ifa)), 0);
	assert_int_equal(sendto_(tx, "239.1.2.3", 5400, "g", 1, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(rb, buf, sizeof(buf), &from, NULL), 1);
	assert_int_equal(ntohl(from.sin_addr.s_addr), sim_addr("10.0.0.1"));
	/* The router joined nothing; multicast is never forwarded (TTL 1). */
	assert_int_equal(recvfrom_(rr, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	assert_int_equal(recvfrom_(rc, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	m.imr_interface.s_addr = htonl(sim_addr("10.0.0.2"));
	assert_int_equal(sosetopt(rb, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof(m)), 0);
	assert_int_equal(HINET(f->net.b)->ih_igmpstat.igps_snd_leaves, 1);
	assert_int_equal(sendto_(tx, "239.1.2.3", 5400, "h", 1, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(recvfrom_(rb, buf, sizeof(buf), &from, NULL), -EWOULDBLOCK);
	soclose(rb);
	soclose(rr);
	soclose(rc);
	soclose(tx);
}

/* IP_RECVERR: a port unreachable lands on an unconnected socket's error queue, and in its so_error. */
static void
test_udp_recverr_queue(void **state)
{
	struct fix *f = *state;
	struct socket *tx = udp(f->net.a, &f->user);
	struct so_err *e;
	int one = 1;

	assert_int_equal(sosetopt(tx, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)), 0);
	assert_int_equal(sendto_(tx, "10.0.0.2", 9, "lost", 4, 0, &f->user), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_non_null(e = soerrq_take(tx));
	assert_int_equal(e->se_errno, ECONNREFUSED);
	assert_int_equal(e->se_type, 3);
	assert_int_equal(e->se_code, 3);
	assert_int_equal(e->se_offender, sim_addr("10.0.0.2"));
	assert_int_equal(e->se_dst, sim_addr("10.0.0.2"));
	assert_int_equal(e->se_dport, 9);
	assert_int_equal(e->se_len, 4);
	assert_memory_equal(e->se_data, "lost", 4);
	free(e);
	assert_null(soerrq_take(tx));
	/*
	 * Unconnected too, the errno is the socket's error (Linux's
	 * __udp4_lib_err with recverr on), for the first call to take: here
	 * a send, which fails with it and clears it.
	 */
	assert_int_equal(tx->so_error, ECONNREFUSED);
	assert_int_equal(sendto_(tx, "10.0.0.2", 9, "again", 5, 0, &f->user), ECONNREFUSED);
	assert_int_equal(tx->so_error, 0);
	soclose(tx);
}

/* RFC 2236 §3: a member answers a general query on its segment with a report. */
static void
test_udp_igmp_query_answered(void **state)
{
	struct fix *f = *state;
	struct socket *rb = udp(f->net.b, &f->user), *q;
	struct ip_mreq m;
	struct in_addr ifa;
	uint8_t msg[IGMP_MINLEN];
	struct igmp_hdr ig = { .ig_type = IGMP_MEMBERSHIP_QUERY, .ig_maxresp = 100 };
	uint64_t before;

	memset(&m, 0, sizeof(m));
	m.imr_multiaddr.s_addr = htonl(sim_addr("239.1.2.3"));
	m.imr_interface.s_addr = htonl(sim_addr("10.0.0.2"));
	assert_int_equal(sosetopt(rb, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)), 0);
	before = HINET(f->net.b)->ih_igmpstat.igps_snd_reports;
	/* The query, from a raw IGMP socket on arpa (a router's role). */
	assert_int_equal(socreate(f->net.a, AF_INET, SOCK_RAW, IPPROTO_IGMP, &f->root, &q), 0);
	ifa.s_addr = htonl(sim_addr("10.0.0.1"));
	assert_int_equal(sosetopt(q, IPPROTO_IP, IP_MULTICAST_IF, &ifa, sizeof(ifa)), 0);
	igmp_emit(&ig, msg);
	assert_int_equal(sendto_(q, "224.0.0.1", 0, msg, sizeof(msg), 0, &f->root), 0);
	sim_run(f->net.st, NS_PER_SEC / 10);
	assert_int_equal(HINET(f->net.b)->ih_igmpstat.igps_rcv_queries, 1);
	assert_int_equal(HINET(f->net.b)->ih_igmpstat.igps_snd_reports, before + 1);
	/* The report went to the group's address, which arpa did not join. */
	assert_int_equal(HINET(f->net.a)->ih_igmpstat.igps_rcv_reports, 0);
	soclose(q);
	soclose(rb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_udp_exchange_and_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_across_router, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_demux, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_bind_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_truncation_and_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_broadcast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_igmp_query_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_recverr_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_multicast_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_port_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_bad_checksum_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_stream_row_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_dginfo, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
