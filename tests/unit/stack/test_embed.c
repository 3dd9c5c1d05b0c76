/*
 * The embedding API's sockets (include/uipc/embed.h) on a stack built from
 * a configuration, in virtual time: what a program linking the stack sees
 * of connect, accept, data, end of file, datagrams, socket pairs, options,
 * names and readiness, with the socket layer's errnos.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <sys/un.h>

#include "uipc/embed.h"

#define MS	1000000ull

static const char conf[] =
    "segment lan\n"
    "host arpa\n\tinterface en0 segment lan address 10.0.0.1/24\n"
    "host cad\n\tinterface en0 segment lan address 10.0.0.2/24\n";

struct fix {
	struct stack *st;
	struct host *a, *b;
};

static int
setup(void **state)
{
	static struct fix f;
	char err[256];

	assert_int_equal(uipc_stack_new(UIPC_CLOCK_VIRTUAL, 3, &f.st), 0);
	assert_int_equal(uipc_stack_config_text(f.st, conf, err, sizeof(err)), 0);
	f.a = uipc_host(f.st, "arpa");
	f.b = uipc_host(f.st, "cad");
	assert_non_null(f.a);
	assert_non_null(f.b);
	uipc_stack_advance(f.st, 1000 * MS);	/* the interfaces' announcements */
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	uipc_stack_free(((struct fix *)*state)->st);
	return 0;
}

static struct sockaddr_in
sin_of(const char *ip, uint16_t port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	s.sin_port = htons(port);
	assert_int_equal(inet_pton(AF_INET, ip, &s.sin_addr), 1);
	return s;
}

static void
test_embed_tcp_connect_data_eof(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in any = sin_of("0.0.0.0", 5000), to = sin_of("10.0.0.2", 5000);
	struct sockaddr_in peer, name;
	socklen_t plen = sizeof(peer), nlen = sizeof(name);
	struct socket *ls, *c, *s;
	char buf[32];
	size_t n;
	int type;
	socklen_t tlen = sizeof(type);

	assert_int_equal(uipc_sock_open(f->b, AF_INET, SOCK_STREAM, 0, &ls), 0);
	assert_int_equal(uipc_sock_bind(ls, (struct sockaddr *)&any, sizeof(any)), 0);
	assert_int_equal(uipc_sock_listen(ls, 5), 0);
	assert_int_equal(uipc_sock_accept(ls, &s, NULL, NULL), EWOULDBLOCK);
	assert_int_equal(uipc_sock_poll(ls, POLLIN), 0);

	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_STREAM, 0, &c), 0);
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&to, sizeof(to)), EINPROGRESS);
	assert_int_equal(uipc_sock_poll(c, POLLOUT), 0);	/* SYN_SENT */
	uipc_stack_advance(f->st, 10 * MS);
	assert_int_equal(uipc_sock_poll(ls, POLLIN | POLLOUT), POLLIN);
	assert_int_equal(uipc_sock_poll(c, POLLIN | POLLOUT), POLLOUT);
	assert_int_equal(uipc_sock_accept(ls, &s, (struct sockaddr *)&peer, &plen), 0);
	assert_int_equal(plen, sizeof(peer));
	assert_int_equal(ntohl(peer.sin_addr.s_addr), 0x0a000001);
	assert_int_equal(uipc_sock_name(c, (struct sockaddr *)&name, &nlen), 0);
	assert_int_equal(name.sin_port, peer.sin_port);
	assert_int_equal(uipc_sock_getopt(s, SOL_SOCKET, SO_TYPE, &type, &tlen), 0);
	assert_int_equal(type, SOCK_STREAM);

	assert_int_equal(uipc_sock_recv(s, buf, sizeof(buf), 0, &n), EWOULDBLOCK);
	assert_int_equal(uipc_sock_send(c, "primer", 6, 0, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(uipc_sock_shutdown(c, SHUT_WR), 0);
	uipc_stack_advance(f->st, 10 * MS);
	assert_int_equal(uipc_sock_poll(s, POLLIN), POLLIN);
	assert_int_equal(uipc_sock_recv(s, buf, sizeof(buf), 0, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(buf, "primer", 6);
	/* The end of file after the data: 0 bytes, no error (primer §2.6). */
	assert_int_equal(uipc_sock_recv(s, buf, sizeof(buf), 0, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(uipc_sock_shutdown(s, SHUT_WR), 0);
	assert_true(uipc_sock_poll(s, 0) & POLLHUP);
	uipc_sock_close(s);
	uipc_sock_close(c);
	uipc_sock_close(ls);
	uipc_stack_advance(f->st, 300 * 1000 * MS);	/* past TIME_WAIT */
}

static void
test_embed_connect_refused_is_pollerr(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in to = sin_of("10.0.0.2", 5999);
	struct socket *c;
	int error;
	socklen_t len = sizeof(error);

	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_STREAM, 0, &c), 0);
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&to, sizeof(to)), EINPROGRESS);
	uipc_stack_advance(f->st, 10 * MS);
	assert_true(uipc_sock_poll(c, POLLOUT) & POLLERR);
	assert_int_equal(uipc_sock_getopt(c, SOL_SOCKET, SO_ERROR, &error, &len), 0);
	assert_int_equal(error, ECONNREFUSED);
	assert_false(uipc_sock_poll(c, 0) & POLLERR);	/* read clears it */
	uipc_sock_close(c);
}

/* Refused, reported, then connected: the socket starts anew, as on Linux. */
static void
test_embed_connect_again_after_refused(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in any = sin_of("0.0.0.0", 5998), to = sin_of("10.0.0.2", 5998);
	struct socket *c, *ls, *s;
	int error;
	socklen_t len = sizeof(error);

	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_STREAM, 0, &c), 0);
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&to, sizeof(to)), EINPROGRESS);
	uipc_stack_advance(f->st, 10 * MS);
	assert_int_equal(uipc_sock_getopt(c, SOL_SOCKET, SO_ERROR, &error, &len), 0);
	assert_int_equal(error, ECONNREFUSED);
	assert_int_equal(uipc_sock_open(f->b, AF_INET, SOCK_STREAM, 0, &ls), 0);
	assert_int_equal(uipc_sock_bind(ls, (struct sockaddr *)&any, sizeof(any)), 0);
	assert_int_equal(uipc_sock_listen(ls, 1), 0);
	/* Linux: the first connect after answers the failure, SO_ERROR having taken it. */
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&to, sizeof(to)), ECONNABORTED);
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&to, sizeof(to)), EINPROGRESS);
	uipc_stack_advance(f->st, 10 * MS);
	assert_int_equal(uipc_sock_accept(ls, &s, NULL, NULL), 0);
	assert_true(uipc_sock_poll(c, POLLOUT) & POLLOUT);
	uipc_sock_close(s);
	uipc_sock_close(c);
	uipc_sock_close(ls);
	uipc_stack_advance(f->st, 300 * 1000 * MS);	/* past TIME_WAIT */
}

static void
test_embed_udp_sendto_recvfrom(void **state)
{
	struct fix *f = *state;
	struct sockaddr_in here = sin_of("0.0.0.0", 5353), to = sin_of("10.0.0.2", 5353);
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	struct socket *u, *v;
	char buf[16];
	size_t n;

	assert_int_equal(uipc_sock_open(f->b, AF_INET, SOCK_DGRAM, 0, &v), 0);
	assert_int_equal(uipc_sock_bind(v, (struct sockaddr *)&here, sizeof(here)), 0);
	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_DGRAM, 0, &u), 0);
	assert_int_equal(uipc_sock_poll(u, POLLOUT), POLLOUT);
	assert_int_equal(uipc_sock_sendto(u, "rwho", 4, 0, (struct sockaddr *)&to,
	    sizeof(to), &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(uipc_sock_poll(v, POLLIN), 0);
	uipc_stack_advance(f->st, 10 * MS);
	assert_int_equal(uipc_sock_poll(v, POLLIN), POLLIN);
	assert_int_equal(uipc_sock_recvfrom(v, buf, sizeof(buf), 0,
	    (struct sockaddr *)&from, &flen, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "rwho", 4);
	assert_int_equal(ntohl(from.sin_addr.s_addr), 0x0a000001);
	uipc_sock_close(u);
	uipc_sock_close(v);
}

static void
test_embed_unix_pair_and_refused_names(void **state)
{
	struct fix *f = *state;
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = "/tmp/x" };
	struct socket *sv[2], *so;
	char buf[8];
	size_t n;

	assert_int_equal(uipc_sock_pair(f->a, AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(uipc_sock_send(sv[0], "pair", 4, 0, &n), 0);
	assert_int_equal(uipc_sock_poll(sv[1], POLLIN), POLLIN);
	assert_int_equal(uipc_sock_recv(sv[1], buf, sizeof(buf), 0, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "pair", 4);
	uipc_sock_close(sv[0]);
	assert_int_equal(uipc_sock_recv(sv[1], buf, sizeof(buf), 0, &n), 0);
	assert_int_equal(n, 0);
	uipc_sock_close(sv[1]);

	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_DGRAM, 0, &so), 0);
	assert_int_equal(uipc_sock_bind(so, (struct sockaddr *)&sun, sizeof(sun)), EOPNOTSUPP);
	assert_int_equal(uipc_sock_connect(so, (struct sockaddr *)&sun, sizeof(sun)), EOPNOTSUPP);
	uipc_sock_close(so);
	assert_int_equal(uipc_sock_pair(f->a, AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP);
	assert_null(sv[0]);
	assert_null(sv[1]);
}

/*
 * Abstract names (unix(7)) need no file system: a datagram socket bound to
 * one on host a is reached by name, its sender autobound (the family alone)
 * to a name of five hex digits as Linux gives; a stream listener takes a
 * connection by name; the name is free again once its socket closes; host
 * b has a name space of its own.
 */
static void
test_embed_unix_abstract_names(void **state)
{
	struct fix *f = *state;
	struct sockaddr_un name = { .sun_family = AF_UNIX }, auto_ = { .sun_family = AF_UNIX }, from;
	socklen_t nlen = offsetof(struct sockaddr_un, sun_path) + 1 + 4, flen, alen;
	struct socket *r, *s, *l, *c, *a, *o;
	char buf[8];
	size_t n;

	memcpy(name.sun_path + 1, "embd", 4);
	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_DGRAM, 0, &r), 0);
	assert_int_equal(uipc_sock_bind(r, (struct sockaddr *)&name, nlen), 0);
	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_DGRAM, 0, &s), 0);
	assert_int_equal(uipc_sock_bind(s, (struct sockaddr *)&auto_, sizeof(sa_family_t)), 0);
	alen = sizeof(auto_);
	assert_int_equal(uipc_sock_name(s, (struct sockaddr *)&auto_, &alen), 0);
	assert_int_equal(alen, offsetof(struct sockaddr_un, sun_path) + 6);
	assert_int_equal(auto_.sun_path[0], '\0');
	assert_int_equal(uipc_sock_sendto(s, "abst", 4, 0, (struct sockaddr *)&name, nlen, &n), 0);
	flen = sizeof(from);
	assert_int_equal(uipc_sock_recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "abst", 4);
	assert_int_equal(flen, alen);
	assert_memory_equal(&from, &auto_, alen);

	/* The same name on another host is another socket's, or none. */
	assert_int_equal(uipc_sock_open(f->b, AF_UNIX, SOCK_DGRAM, 0, &o), 0);
	assert_int_equal(uipc_sock_connect(o, (struct sockaddr *)&name, nlen), ECONNREFUSED);
	assert_int_equal(uipc_sock_bind(o, (struct sockaddr *)&name, nlen), 0);
	uipc_sock_close(o);
	uipc_sock_close(s);
	uipc_sock_close(r);

	/* A stream listener by name; the name is free once it closes. */
	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_STREAM, 0, &l), 0);
	assert_int_equal(uipc_sock_bind(l, (struct sockaddr *)&name, nlen), 0);
	assert_int_equal(uipc_sock_listen(l, 1), 0);
	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_STREAM, 0, &c), 0);
	assert_int_equal(uipc_sock_connect(c, (struct sockaddr *)&name, nlen), 0);
	assert_int_equal(uipc_sock_accept(l, &a, NULL, NULL), 0);
	assert_int_equal(uipc_sock_send(c, "strm", 4, 0, &n), 0);
	assert_int_equal(uipc_sock_recv(a, buf, sizeof(buf), 0, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "strm", 4);
	uipc_sock_close(a);
	uipc_sock_close(c);
	uipc_sock_close(l);
	assert_int_equal(uipc_sock_open(f->a, AF_UNIX, SOCK_STREAM, 0, &l), 0);
	assert_int_equal(uipc_sock_bind(l, (struct sockaddr *)&name, nlen), 0);
	uipc_sock_close(l);
}

static void
test_embed_socket_errors(void **state)
{
	struct fix *f = *state;
	struct socket *so = (struct socket *)1;

	assert_int_equal(uipc_sock_open(NULL, AF_INET, SOCK_STREAM, 0, &so), EINVAL);
	assert_null(so);
	assert_int_equal(uipc_sock_open(f->a, 1234, SOCK_STREAM, 0, &so), EAFNOSUPPORT);
	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_STREAM, 99, &so), EPROTONOSUPPORT);
	assert_int_equal(uipc_sock_open(f->a, AF_INET, SOCK_DGRAM, 0, &so), 0);
	assert_int_equal(uipc_sock_name(so, NULL, NULL), EFAULT);
	assert_int_equal(uipc_sock_send(so, NULL, 4, 0, &(size_t){ 0 }), EFAULT);
	assert_int_equal(uipc_sock_getopt(so, SOL_SOCKET, SO_TYPE, NULL, NULL), EFAULT);
	uipc_sock_close(so);
	assert_null(uipc_host(f->st, "nohost"));
	assert_string_equal(uipc_host_name(uipc_host(f->st, NULL)), "arpa");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_embed_tcp_connect_data_eof, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_connect_refused_is_pollerr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_connect_again_after_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_udp_sendto_recvfrom, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_unix_abstract_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_unix_pair_and_refused_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_embed_socket_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
