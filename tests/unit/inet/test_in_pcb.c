/*
 * in_pcb: the primer's association rules (§5.4) for bind and connect,
 * source address choice, wildcard lookup, and notification.  PCBs hang
 * from bare struct sockets here: in_pcb reads only so_options and so_pcb.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include <cmocka.h>

#include "../sim/sim.h"
#include "inet/in_pcb.h"
#include "kern/socket.h"

struct fix {
	struct sim_pair net;		/* arpa 10.0.0.1, cad 10.0.0.2 on lan */
	struct inpcbtable *t;
	struct socket so[8];
	struct ucred user, root;
};

static int
setup(void **state)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	sim_pair(&f.net, 7, NULL);
	sim_ifattach(f.net.a, sim_seg(f.net.st, "lan2"), "en1", "10.1.0.1/24");
	f.t = &HINET(f.net.a)->ih_udb;
	f.user.uid = 1000;
	f.root.uid = 0;
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

static struct sockaddr_in
mksin(const char *a, uint16_t port)
{
	struct sockaddr_in s;

	in_sockaddr(&s, sim_addr(a), port);
	return s;
}

static struct inpcb *
pcb(struct fix *f, int i)
{
	assert_int_equal(in_pcballoc(&f->so[i], f->t), 0);
	return sotoinpcb(&f->so[i]);
}

static int
bind_(struct inpcb *inp, const char *a, uint16_t port, const struct ucred *cr)
{
	struct sockaddr_in s = mksin(a, port);

	return in_pcbbind(inp, (struct sockaddr *)&s, sizeof(s), cr);
}

static int
connect_(struct inpcb *inp, const char *a, uint16_t port)
{
	struct sockaddr_in s = mksin(a, port);

	return in_pcbconnect(inp, (struct sockaddr *)&s, sizeof(s), NULL);
}

static void
test_in_pcb_bind_rules(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1), *p2 = pcb(f, 2);
	struct sockaddr_in bad = mksin("10.0.0.1", 2000);

	/* Not one of ours. */
	assert_int_equal(bind_(p0, "10.9.9.9", 2000, &f->user), EADDRNOTAVAIL);
	/* Primer §5.4: reserved ports are the super-user's. */
	assert_int_equal(bind_(p0, "0.0.0.0", 513, &f->user), EACCES);
	assert_int_equal(bind_(p0, "0.0.0.0", 513, &f->root), 0);
	assert_true(f->so[0].so_state & SS_ISBOUND);
	/* Already bound. */
	assert_int_equal(bind_(p0, "0.0.0.0", 514, &f->root), EINVAL);
	/* The wildcard conflicts with a specific address on the port. */
	assert_int_equal(bind_(p1, "10.0.0.1", 513, &f->root), EADDRINUSE);
	/* SO_REUSEADDR lets the specific one pass... */
	f->so[1].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(p1, "10.0.0.1", 513, &f->root), 0);
	/* ...but never the same local half twice. */
	f->so[2].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(p2, "10.0.0.1", 513, &f->root), EADDRINUSE);
	assert_int_equal(bind_(p2, "10.1.0.1", 513, &f->root), 0);
	/* Bad names. */
	bad.sin_family = AF_UNIX;
	assert_int_equal(in_pcbbind(pcb(f, 3), (struct sockaddr *)&bad,
	    sizeof(bad), &f->root), EAFNOSUPPORT);
	assert_int_equal(in_pcbbind(sotoinpcb(&f->so[3]),
	    (struct sockaddr *)&bad, 4, &f->root), EINVAL);
	in_pcbdetach(p0);
	assert_null(f->so[0].so_pcb);
	in_pcbdetach(p1);
	in_pcbdetach(p2);
}

static void
test_in_pcb_ephemeral(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1);

	assert_int_equal(bind_(p0, "0.0.0.0", 0, &f->user), 0);
	assert_in_range(p0->inp_lport, IPPORT_EPHEMERAL_FIRST,
	    IPPORT_EPHEMERAL_LAST);
	assert_int_equal(in_pcbbind(p1, NULL, 0, &f->user), 0);
	assert_int_not_equal(p0->inp_lport, p1->inp_lport);
	assert_int_equal(p1->inp_laddr, 0);
}

/* The privileged-port search of primer §5.4, run as written. */
static void
test_in_pcb_privileged_search(void **state)
{
	struct fix *f = *state;
	uint16_t lport;
	int i, error;

	for (i = 0; i < 4; i++) {
		struct inpcb *inp = pcb(f, i);

		lport = IPPORT_RESERVED - 1;
		for (;;) {
			error = bind_(inp, "0.0.0.0", lport, &f->root);
			if (error == 0)
				break;
			assert_true(error == EADDRINUSE || error == EADDRNOTAVAIL);
			lport--;
			assert_int_not_equal(lport, IPPORT_RESERVED / 2);
		}
		assert_int_equal(inp->inp_lport, IPPORT_RESERVED - 1 - i);
	}
}

static void
test_in_pcb_connect_source(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1), *p2 = pcb(f, 2);
	struct sockaddr_in name;
	socklen_t len = sizeof(name);

	/* RFC 1122 §3.3.4.3: the address of the interface the route uses. */
	assert_int_equal(connect_(p0, "10.1.0.7", 7), 0);
	assert_int_equal(p0->inp_laddr, sim_addr("10.1.0.1"));
	assert_int_not_equal(p0->inp_lport, 0);
	assert_int_equal(connect_(p1, "10.0.0.2", 7), 0);
	assert_int_equal(p1->inp_laddr, sim_addr("10.0.0.1"));
	/* Our own address goes by loopback and answers from itself. */
	assert_int_equal(connect_(p2, "10.1.0.1", 7), 0);
	assert_int_equal(p2->inp_laddr, sim_addr("10.1.0.1"));
	assert_int_equal(in_setpeeraddr(p2, (struct sockaddr *)&name, &len), 0);
	assert_int_equal(ntohs(name.sin_port), 7);
	assert_int_equal(ntohl(name.sin_addr.s_addr), sim_addr("10.1.0.1"));
	/* No route. */
	assert_int_equal(connect_(pcb(f, 3), "192.168.5.5", 7), ENETUNREACH);
	/* Port 0. */
	assert_int_equal(connect_(pcb(f, 4), "10.0.0.2", 0), EADDRNOTAVAIL);
	in_pcbdisconnect(p0);
	len = sizeof(name);
	assert_int_equal(in_setpeeraddr(p0, (struct sockaddr *)&name, &len),
	    ENOTCONN);
}

/* Primer §5.4: with SO_REUSEADDR the association must still be unique. */
static void
test_in_pcb_association_unique(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1);

	f->so[0].so_options |= SOO_REUSEADDR;
	f->so[1].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(p0, "10.0.0.1", 2000, &f->user), 0);
	assert_int_equal(connect_(p0, "10.0.0.2", 21), 0);
	assert_int_equal(bind_(p1, "10.0.0.1", 2000, &f->user), 0);
	assert_int_equal(connect_(p1, "10.0.0.2", 21), EADDRINUSE);
	assert_int_equal(connect_(p1, "10.0.0.2", 22), 0);
}

/*
 * Linux (udp(7), socket(7)): two datagram sockets that both set
 * SO_REUSEADDR may share one local half; one without it may not.
 */
static void
test_in_pcb_udp_reuseaddr_both(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1), *p2 = pcb(f, 2);

	f->so[0].so_type = f->so[1].so_type = f->so[2].so_type = SOCK_DGRAM;
	f->so[0].so_options |= SOO_REUSEADDR;
	f->so[1].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(p0, "10.0.0.1", 4000, &f->user), 0);
	assert_int_equal(bind_(p1, "10.0.0.1", 4000, &f->user), 0);
	assert_int_equal(bind_(p2, "10.0.0.1", 4000, &f->user), EADDRINUSE);
	f->so[0].so_type = f->so[1].so_type = f->so[2].so_type = 0;
}

static void
test_in_pcb_lookup_wildcard(void **state)
{
	struct fix *f = *state;
	struct inpcb *any = pcb(f, 0), *spec = pcb(f, 1), *conn = pcb(f, 2);
	uint32_t me = sim_addr("10.0.0.1"), me2 = sim_addr("10.1.0.1");
	uint32_t peer = sim_addr("10.0.0.2");

	f->so[1].so_options |= SOO_REUSEADDR;
	f->so[2].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(any, "0.0.0.0", 3000, &f->user), 0);
	assert_int_equal(bind_(spec, "10.0.0.1", 3000, &f->user), 0);
	assert_int_equal(bind_(conn, "10.0.0.1", 3000, &f->user), EADDRINUSE);
	f->so[2].so_options &= ~SOO_REUSEADDR;
	in_pcbdetach(conn);
	conn = pcb(f, 2);
	f->so[2].so_options |= SOO_REUSEADDR;
	assert_int_equal(bind_(conn, "0.0.0.0", 3000, &f->user), EADDRINUSE);
	assert_int_equal(in_pcbbind(conn, NULL, 0, &f->user), 0);

	/* Exact beats one wildcard beats two. */
	assert_ptr_equal(in_pcblookup(f->t, peer, 5000, me, 3000,
	    INPLOOKUP_WILDCARD), spec);
	assert_ptr_equal(in_pcblookup(f->t, peer, 5000, me2, 3000,
	    INPLOOKUP_WILDCARD), any);
	assert_null(in_pcblookup(f->t, peer, 5000, me2, 3000, 0));
	assert_null(in_pcblookup(f->t, peer, 5000, me, 3001,
	    INPLOOKUP_WILDCARD));
	/* A connected PCB takes only its peer's datagrams. */
	assert_int_equal(connect_(conn, "10.0.0.2", 53), 0);
	assert_ptr_equal(in_pcblookup(f->t, peer, 53, me, conn->inp_lport, 0),
	    conn);
	assert_null(in_pcblookup(f->t, peer, 54, me, conn->inp_lport,
	    INPLOOKUP_WILDCARD));
}

static void
note(struct inpcb *inp, int error)
{
	inp->inp_socket->so_error = error;
}

static void
test_in_pcb_notify(void **state)
{
	struct fix *f = *state;
	struct inpcb *p0 = pcb(f, 0), *p1 = pcb(f, 1), *p2 = pcb(f, 2);

	assert_int_equal(connect_(p0, "10.0.0.2", 9), 0);
	assert_int_equal(connect_(p1, "10.0.0.2", 10), 0);
	assert_int_equal(bind_(p2, "0.0.0.0", 4000, &f->user), 0);
	in_pcbnotify(f->t, sim_addr("10.0.0.2"), 9, p0->inp_laddr,
	    p0->inp_lport, ECONNREFUSED, note);
	assert_int_equal(f->so[0].so_error, ECONNREFUSED);
	assert_int_equal(f->so[1].so_error, 0);
	assert_int_equal(f->so[2].so_error, 0);
	/* Host-wide errors reach every PCB connected to the host. */
	in_pcbnotify(f->t, sim_addr("10.0.0.2"), 0, 0, 0, EHOSTUNREACH, note);
	assert_int_equal(f->so[1].so_error, EHOSTUNREACH);
	assert_int_equal(f->so[2].so_error, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_in_pcb_bind_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_ephemeral, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_privileged_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_connect_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_association_unique, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_udp_reuseaddr_both, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_lookup_wildcard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_pcb_notify, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
