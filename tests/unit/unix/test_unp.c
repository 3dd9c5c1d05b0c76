/*
 * The UNIX domain through the socket layer, in one process with no daemon:
 * the embedding mode of DESIGN.md.  Names are nodes given by identity, as
 * the environment would resolve them; here the identities are made up.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "kern/socket.h"
#include "../sim/sim.h"

/* A host of a composed stack (src/stack), on a virtual clock. */
static struct stack *st;
static struct host *h;
static struct ucred cred = { 100, 1000, 1000 };

static int events_seen;

static void
upcall(struct socket *so, int events, void *arg)
{
	events_seen |= events;
}

static struct socket *
mk(int type)
{
	struct socket *so;

	assert_int_equal(socreate(h, AF_UNIX, type, 0, &cred, &so), 0);
	so->so_up.su_fn = upcall;
	return so;
}

static struct so_addr
name(const char *path, struct sockaddr_un *sun, struct so_node *node, unsigned ino)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, path);
	memset(node, 0, sizeof(*node));
	node->sn_dev = 1;
	node->sn_ino = ino;
	node->sn_mode = 0140777;	/* S_IFSOCK, writable by all */
	node->sn_fd = -1;
	return (struct so_addr){ (struct sockaddr *)sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1), node };
}

static void
test_socket_errors(void **state)
{
	struct socket *so;

	assert_int_equal(socreate(h, 1234, SOCK_STREAM, 0, &cred, &so), EAFNOSUPPORT);
	assert_int_equal(socreate(h, AF_UNIX, SOCK_STREAM, 99, &cred, &so), EPROTONOSUPPORT);
	assert_int_equal(socreate(h, AF_UNIX, SOCK_RAW, 0, &cred, &so), EPROTOTYPE);
	assert_int_equal(socreate(h, AF_UNIX, SOCK_STREAM, PF_UNIX, &cred, &so), 0);
	soclose(so);
}

static void
test_stream_pair_and_eof(void **state)
{
	struct socket *a = mk(SOCK_STREAM), *b = mk(SOCK_STREAM);
	char buf[64];
	size_t n;

	assert_int_equal(soconnect2(a, b), 0);
	assert_int_equal(sosend(a, "hello", 5, 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(sosend(a, " world", 6, 0, NULL, NULL, &cred, &n), 0);
	/* A stream coalesces: one read takes both sends. */
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 11);
	assert_memory_equal(buf, "hello world", 11);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), EWOULDBLOCK);
	assert_int_equal(soshutdown(a, SHUT_WR), 0);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 0);		/* EOF */
	assert_int_equal(sosend(a, "x", 1, 0, NULL, NULL, &cred, &n), EPIPE);
	/* The other direction still works after a half close. */
	assert_int_equal(sosend(b, "back", 4, 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(soreceive(a, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 4);
	soclose(a);
	assert_int_equal(sosend(b, "x", 1, 0, NULL, NULL, &cred, &n), EPIPE);
	soclose(b);
}

/*
 * An owner's limit on buffer storage (so_owner): a stream buffer whose ring
 * would pass it has no room; storage is counted as rings are made and
 * freed, and a closed socket gives its storage back.
 */
static void
test_owner_buffer_limit(void **state)
{
	struct so_owner ow = { .ow_maxbytes = 300000 };
	struct socket *a = mk(SOCK_STREAM), *b = mk(SOCK_STREAM);
	struct socket *c = mk(SOCK_STREAM), *d = mk(SOCK_STREAM);
	static char big[1000];
	size_t n;

	so_setowner(a, &ow);
	so_setowner(b, &ow);
	so_setowner(c, &ow);
	so_setowner(d, &ow);
	assert_int_equal(soconnect2(a, b), 0);
	assert_int_equal(soconnect2(c, d), 0);
	assert_int_equal(sosend(a, big, sizeof(big), 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(n, sizeof(big));
	assert_int_equal(ow.ow_bytes, b->so_rcv.sb_hiwat);	/* b's ring */
	/* A second ring would pass 300000: no room, and it says why. */
	assert_int_equal(sosend(c, big, sizeof(big), 0, NULL, NULL, &cred, &n), EWOULDBLOCK);
	assert_true(sosend_ownerfull(c));
	assert_false(sosend_ownerfull(a));
	assert_int_equal(sbspace(&d->so_rcv), 0);
	/* The ring already made still takes data. */
	assert_int_equal(sosend(a, big, sizeof(big), 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(n, sizeof(big));
	soclose(a);
	soclose(b);
	assert_int_equal(ow.ow_bytes, 0);
	assert_true(ow.ow_freed);
	assert_int_equal(sosend(c, big, sizeof(big), 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(n, sizeof(big));
	soclose(c);
	soclose(d);
	assert_int_equal(ow.ow_bytes, 0);
}

static void
test_stream_flow_control(void **state)
{
	struct socket *a = mk(SOCK_STREAM), *b = mk(SOCK_STREAM);
	static char big[300000];
	size_t n, total = 0;
	int v = 4096;

	assert_int_equal(sosetopt(b, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)), 0);
	assert_int_equal(soconnect2(a, b), 0);
	assert_int_equal(sosend(a, big, sizeof(big), 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(n, 8192);	/* doubled, as Linux does */
	assert_int_equal(sosend(a, big, 1, 0, NULL, NULL, &cred, &n), EWOULDBLOCK);
	events_seen = 0;
	assert_int_equal(soreceive(b, big, 100, 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_true(events_seen & SO_EV_WRITE);	/* the writer is told there is room */
	total = n;
	assert_int_equal(total, 100);
	soclose(a);
	soclose(b);
}

static void
test_stream_oob_mark(void **state)
{
	struct socket *a = mk(SOCK_STREAM), *b = mk(SOCK_STREAM);
	char buf[16];
	size_t n;

	assert_int_equal(soconnect2(a, b), 0);
	assert_int_equal(sosend(a, "abc", 3, 0, NULL, NULL, &cred, &n), 0);
	events_seen = 0;
	assert_int_equal(sosend(a, "!", 1, MSG_OOB, NULL, NULL, &cred, &n), 0);
	assert_true(events_seen & SO_EV_OOB);
	assert_int_equal(sosend(a, "def", 3, 0, NULL, NULL, &cred, &n), 0);
	assert_false(b->so_state & SS_RCVATMARK);
	/* A read stops at the mark (primer §5.1, Figure 5). */
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "abc", 3);
	assert_true(b->so_state & SS_RCVATMARK);
	assert_int_equal(soreceive(b, buf, 1, MSG_OOB, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(buf[0], '!');
	assert_int_equal(soreceive(b, buf, 1, MSG_OOB, NULL, NULL, NULL, &n, NULL), EINVAL);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "def", 3);
	soclose(a);
	soclose(b);
}

static void
test_names_listen_accept(void **state)
{
	struct socket *l = mk(SOCK_STREAM), *c = mk(SOCK_STREAM), *d = mk(SOCK_DGRAM);
	struct socket *c2 = mk(SOCK_STREAM), *s = NULL;
	struct sockaddr_un sun, sun2, got;
	struct so_node node, node2;
	struct so_addr nam = name("/tmp/srv", &sun, &node, 42);
	struct so_addr nam2 = name("/tmp/dg", &sun2, &node2, 43);
	socklen_t len = sizeof(got);
	struct ucred pc;

	assert_int_equal(soconnect(c, &nam, &cred), ECONNREFUSED);	/* nothing bound */
	assert_int_equal(sobind(l, &nam, &cred), 0);
	assert_int_equal(sobind(c2, &nam, &cred), EADDRINUSE);
	assert_int_equal(soconnect(c, &nam, &cred), ECONNREFUSED);	/* not listening */
	assert_int_equal(solisten(l, 1, &cred), 0);
	assert_int_equal(sobind(d, &nam2, &cred), 0);
	assert_int_equal(soconnect(c, &nam2, &cred), EPROTOTYPE);
	assert_int_equal(soaccept(l, &s, NULL, NULL), EWOULDBLOCK);
	events_seen = 0;
	assert_int_equal(soconnect(c, &nam, &cred), 0);
	assert_true(events_seen & SO_EV_READ);
	assert_int_equal(soconnect(c, &nam, &cred), EISCONN);
	assert_int_equal(soconnect(c2, &nam, &cred), 0);	/* backlog 1 takes 2 */
	{
		struct socket *c3 = mk(SOCK_STREAM);

		assert_int_equal(soconnect(c3, &nam, &cred), EAGAIN);
		soclose(c3);
	}
	assert_int_equal(soaccept(l, &s, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, sizeof(sa_family_t));	/* the client is unnamed */
	len = sizeof(got);
	assert_int_equal(sogetname(s, 0, (struct sockaddr *)&got, &len), 0);
	assert_string_equal(got.sun_path, "/tmp/srv");
	len = sizeof(pc);
	assert_int_equal(sogetopt(s, SOL_SOCKET, SO_PEERCRED, &pc, &len), 0);
	assert_int_equal(pc.pid, cred.pid);
	soclose(s);
	soclose(l);	/* aborts c2's queued connection */
	assert_true(c2->so_state & SS_CANTRCVMORE);
	soclose(c);
	soclose(c2);
	soclose(d);
}

static void
test_dgram_names_and_filter(void **state)
{
	struct socket *r = mk(SOCK_DGRAM), *s1 = mk(SOCK_DGRAM), *s2 = mk(SOCK_DGRAM);
	struct sockaddr_un sr, ss, from;
	struct so_node nr, ns;
	struct so_addr ar = name("/tmp/r", &sr, &nr, 7), as = name("/tmp/s1", &ss, &ns, 8);
	socklen_t flen = sizeof(from);
	char buf[8];
	size_t n;
	int fl;

	assert_int_equal(sobind(r, &ar, &cred), 0);
	assert_int_equal(sobind(s1, &as, &cred), 0);
	assert_int_equal(sosend(s1, "one", 3, 0, NULL, NULL, &cred, &n), ENOTCONN);	/* Linux, for UNIX datagrams */
	assert_int_equal(sosend(s1, "one", 3, 0, &ar, NULL, &cred, &n), 0);
	assert_int_equal(sosend(s2, "twotwo", 6, 0, &ar, NULL, &cred, &n), 0);
	/* Record boundaries and sender names (primer §2.7). */
	assert_int_equal(soreceive(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen, NULL, &n, &fl), 0);
	assert_int_equal(n, 3);
	assert_string_equal(from.sun_path, "/tmp/s1");
	flen = sizeof(from);
	assert_int_equal(soreceive(r, buf, 2, 0, (struct sockaddr *)&from, &flen, NULL, &n, &fl), 0);
	assert_int_equal(n, 2);
	assert_true(fl & MSG_TRUNC);
	assert_int_equal(flen, 0);	/* an unbound sender: no name (Linux) */
	/* A connected receiver takes only from its peer (Linux: EPERM). */
	assert_int_equal(soconnect(r, &as, &cred), 0);
	assert_int_equal(sosend(s2, "x", 1, 0, &ar, NULL, &cred, &n), EPERM);
	assert_int_equal(sosend(s1, "y", 1, 0, &ar, NULL, &cred, &n), 0);
	soclose(r);
	soclose(s1);
	soclose(s2);
}

static void
test_seqpacket_records(void **state)
{
	struct socket *a = mk(SOCK_SEQPACKET), *b = mk(SOCK_SEQPACKET);
	char buf[16];
	size_t n;
	int fl;

	assert_int_equal(soconnect2(a, b), 0);
	assert_int_equal(sosend(a, "12345", 5, 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(sosend(a, "678", 3, 0, NULL, NULL, &cred, &n), 0);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, &fl), 0);
	assert_int_equal(n, 5);
	assert_int_equal(soreceive(b, buf, sizeof(buf), MSG_PEEK, NULL, NULL, NULL, &n, &fl), 0);
	assert_int_equal(n, 3);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, &fl), 0);
	assert_int_equal(n, 3);
	soclose(a);
	assert_int_equal(soreceive(b, buf, sizeof(buf), 0, NULL, NULL, NULL, &n, &fl), 0);
	assert_int_equal(n, 0);
	soclose(b);
}

/*
 * A name is the path up to its NUL, and that NUL, however long the
 * address bind got (Linux's unix_mkname_bsd): the whole structure, or the
 * path without its NUL.  SO_PROTOCOL is 0 even when PF_UNIX was asked for.
 */
static void
test_name_lengths_and_protocol(void **state)
{
	struct socket *a = mk(SOCK_DGRAM), *b = mk(SOCK_STREAM), *p;
	struct sockaddr_un sun, got;
	struct so_node node;
	struct so_addr nam = name("/tmp/whole", &sun, &node, 50);
	socklen_t len = sizeof(got);
	int v;

	nam.len = sizeof(sun);
	assert_int_equal(sobind(a, &nam, &cred), 0);
	assert_int_equal(sogetname(a, 0, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + sizeof("/tmp/whole"));
	nam = name("/tmp/nonul", &sun, &node, 51);
	nam.len--;
	assert_int_equal(sobind(b, &nam, &cred), 0);
	len = sizeof(got);
	memset(&got, 0x55, sizeof(got));
	assert_int_equal(sogetname(b, 0, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + sizeof("/tmp/nonul"));
	assert_int_equal(got.sun_path[strlen("/tmp/nonul")], '\0');
	len = sizeof(v);
	assert_int_equal(sogetopt(a, SOL_SOCKET, SO_PROTOCOL, &v, &len), 0);
	assert_int_equal(v, 0);
	assert_int_equal(socreate(h, AF_UNIX, SOCK_STREAM, PF_UNIX, &cred, &p), 0);
	assert_int_equal(sogetopt(p, SOL_SOCKET, SO_PROTOCOL, &v, &len), 0);
	assert_int_equal(v, 0);
	soclose(p);
	soclose(a);
	soclose(b);
}

/*
 * shutdown of a listener (Linux): SHUT_WR changes nothing; SHUT_RD
 * refuses new connects, hands out the queued one, then EINVAL.
 */
static void
test_listener_shutdown(void **state)
{
	struct socket *l = mk(SOCK_STREAM), *c = mk(SOCK_STREAM), *c2 = mk(SOCK_STREAM), *s = NULL;
	struct sockaddr_un sun;
	struct so_node node;
	struct so_addr nam = name("/tmp/lshut", &sun, &node, 60);

	assert_int_equal(sobind(l, &nam, &cred), 0);
	assert_int_equal(solisten(l, 5, &cred), 0);
	assert_int_equal(soshutdown(l, SHUT_WR), 0);
	assert_int_equal(soconnect(c, &nam, &cred), 0);
	assert_int_equal(soshutdown(l, SHUT_RD), 0);
	assert_int_equal(soconnect(c2, &nam, &cred), ECONNREFUSED);
	assert_int_equal(soaccept(l, &s, NULL, NULL), 0);
	soclose(s);
	assert_int_equal(soaccept(l, &s, NULL, NULL), EINVAL);
	soclose(c);
	soclose(c2);
	soclose(l);
}

/* An abstract name (Linux): the NUL, then n bytes, with no node. */
static struct so_addr
abstract(const void *bytes, size_t n, struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path + 1, bytes, n);
	return (struct so_addr){ (struct sockaddr *)sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n), NULL };
}

/*
 * Abstract names in the name table: one namespace per host and socket type
 * (Linux: per network namespace, the type folded into the hash), bytes
 * compared whole (NULs inside, a prefix is another name), the exact length
 * kept, the name free when its socket closes, no permission asked.
 */
static void
test_abstract_names(void **state)
{
	struct host *h2 = sim_host(st, "monet");
	struct socket *a = mk(SOCK_STREAM), *b = mk(SOCK_STREAM), *d = mk(SOCK_DGRAM);
	struct socket *m, *c, *s = NULL, *e = mk(SOCK_STREAM);
	struct sockaddr_un sun, sun2, got;
	struct so_addr nam = abstract("x\0y", 3, &sun), pre = abstract("x", 1, &sun2);
	struct ucred nobody = { 1, 65534, 65534 };
	socklen_t len = sizeof(got);

	assert_int_equal(sobind(a, &nam, &cred), 0);
	assert_int_equal(sogetname(a, 0, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 4);	/* no NUL added */
	assert_memory_equal(got.sun_path, "\0x\0y", 4);
	assert_int_equal(sobind(b, &nam, &cred), EADDRINUSE);
	assert_int_equal(sobind(b, &pre, &cred), 0);		/* "x" is another name */
	assert_int_equal(sobind(d, &nam, &cred), 0);		/* another type */
	assert_int_equal(sobind(a, &pre, &cred), EINVAL);	/* already named */
	assert_int_equal(solisten(a, 5, &cred), 0);
	/* Anyone on the host connects: no permission (and no node). */
	assert_int_equal(soconnect(e, &nam, &nobody), 0);
	assert_int_equal(soaccept(a, &s, NULL, NULL), 0);
	soclose(s);
	soclose(e);
	/* Another host has a namespace of its own. */
	assert_int_equal(socreate(h2, AF_UNIX, SOCK_STREAM, 0, &cred, &m), 0);
	assert_int_equal(socreate(h2, AF_UNIX, SOCK_STREAM, 0, &cred, &c), 0);
	assert_int_equal(soconnect(c, &nam, &cred), ECONNREFUSED);
	assert_int_equal(sobind(m, &nam, &cred), 0);
	soclose(m);
	soclose(c);
	/* Closing frees the name at once. */
	soclose(a);
	a = mk(SOCK_STREAM);
	assert_int_equal(sobind(a, &nam, &cred), 0);
	soclose(a);
	soclose(b);
	soclose(d);
}

/* Autobind (Linux's unix_autobind): "\0" and five lowercase hex digits. */
static void
test_abstract_autobind(void **state)
{
	struct socket *a = mk(SOCK_DGRAM), *r = mk(SOCK_DGRAM), *s = mk(SOCK_DGRAM);
	struct sockaddr_un sun, got, got2;
	struct so_addr fam = { (struct sockaddr *)&sun, sizeof(sa_family_t), NULL };
	struct so_addr rn = abstract("recv", 4, &got2);
	socklen_t len = sizeof(got), len2;
	char buf[4];
	size_t n;
	int i, v = 1;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	assert_int_equal(sobind(a, &fam, &cred), 0);
	assert_int_equal(sogetname(a, 0, (struct sockaddr *)&got, &len), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 6);
	assert_int_equal(got.sun_path[0], '\0');
	for (i = 1; i <= 5; i++)
		assert_non_null(strchr("0123456789abcdef", got.sun_path[i]));
	assert_int_equal(sobind(a, &fam, &cred), 0);		/* named already: 0 */
	/* A sender with SO_PASSCRED is named by its first send. */
	assert_int_equal(sobind(r, &rn, &cred), 0);
	assert_int_equal(sosetopt(s, SOL_SOCKET, SO_PASSCRED, &v, sizeof(v)), 0);
	assert_int_equal(sosend(s, "p", 1, 0, &rn, NULL, &cred, &n), 0);
	len = sizeof(got);
	assert_int_equal(soreceive(r, buf, sizeof(buf), 0, (struct sockaddr *)&got, &len, NULL, &n, NULL), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 6);
	len2 = sizeof(got2);
	assert_int_equal(sogetname(s, 0, (struct sockaddr *)&got2, &len2), 0);
	assert_int_equal(len2, len);
	assert_memory_equal(&got, &got2, len);
	soclose(a);
	soclose(r);
	soclose(s);
}

static void
test_sockopts(void **state)
{
	struct socket *a = mk(SOCK_STREAM);
	struct linger l = { 1, 5 }, l2;
	socklen_t len = sizeof(int);
	int v = 1, got;

	assert_int_equal(sosetopt(a, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)), 0);
	assert_int_equal(sogetopt(a, SOL_SOCKET, SO_KEEPALIVE, &got, &len), 0);
	assert_int_equal(got, 1);
	assert_int_equal(sogetopt(a, SOL_SOCKET, SO_TYPE, &got, &len), 0);
	assert_int_equal(got, SOCK_STREAM);
	assert_int_equal(sosetopt(a, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	len = sizeof(l2);
	assert_int_equal(sogetopt(a, SOL_SOCKET, SO_LINGER, &l2, &len), 0);
	assert_int_equal(l2.l_linger, 5);
	assert_int_equal(sosetopt(a, SOL_SOCKET, 9999, &v, sizeof(v)), ENOPROTOOPT);
	assert_int_equal(sosetopt(a, SOL_SOCKET, SO_KEEPALIVE, &v, 1), EINVAL);
	soclose(a);
}

static int
group_setup(void **state)
{
	st = sim_stack(1);
	h = sim_host(st, "arpa");
	return 0;
}

static int
group_teardown(void **state)
{
	stack_destroy(st);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_errors),
		cmocka_unit_test(test_stream_pair_and_eof),
		cmocka_unit_test(test_stream_flow_control),
		cmocka_unit_test(test_stream_oob_mark),
		cmocka_unit_test(test_names_listen_accept),
		cmocka_unit_test(test_dgram_names_and_filter),
		cmocka_unit_test(test_seqpacket_records),
		cmocka_unit_test(test_sockopts),
		cmocka_unit_test(test_name_lengths_and_protocol),
		cmocka_unit_test(test_listener_shutdown),
		cmocka_unit_test(test_owner_buffer_limit),
		cmocka_unit_test(test_abstract_names),
		cmocka_unit_test(test_abstract_autobind),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
