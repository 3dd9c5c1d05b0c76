/*
 * Fuzz target for TCP input past the parser: established connections,
 * listeners (with SYN cookies), TIME-WAIT and SYN-SENT.
 *
 * Each run builds, in virtual time, host a (10.0.0.1) and a scripted peer
 * b (10.0.0.2, whose TCP is replaced by a sink that notes a's last
 * sequence number and TSval per port), and on a: a listener on port 80
 * (backlog 2, so that its half-open queue overflows into SYN cookies), an
 * established connection from b:1001 with data in flight both ways, a
 * connection from b:1002 in TIME-WAIT (2 MSL made an hour), and an active
 * open to b:2000 left in SYN-SENT.  It then feeds the input as a sequence
 * of records, each a segment from b (or an action of a's user), with time
 * run on after each, and checks TCP's invariants (tcp_invariants(),
 * src/inet/tcp_check.c) after every record and at the end.
 *
 * Input: one configuration byte (bit 0: SYN cookies always; bit 1: the
 * listener offers no timestamps), then records of a 16-byte header:
 *
 *	0	kind: bits 0-2 the target (0, 6, 7 the established
 *		connection, 1 TIME-WAIT, 2 SYN-SENT, 3 the listener from port
 *		1100 + (port & 63), 4 any port pair, 5 a user action); bit 3
 *		sequence numbers relative to the ISSs (as the scripts in tests/tcp
 *		write them) rather than to rcv_nxt / snd_una; bits 4-5 time
 *		to run after: none, ms, 100 ms, s (a byte after the options)
 *	1	TCP flags (for an action: which, see act(); 8 and up: none,
 *		only time passes)
 *	2-5	sequence number offset (big-endian, added to the base)
 *	6-9	acknowledgment number offset
 *	10-11	window
 *	12	options: 0 MSS (2 bytes follow), 1 window scale (1), 2 SACK
 *		permitted, 3 timestamps (TSval, 4; TSecr echoes a's last
 *		unless bit 6: 4 more), 4 one SACK block (start, end: 2 + 2,
 *		from the ACK base), 5 a second block, 7 urgent (2)
 *	13-14	data length (at most 4000; the bytes are a pattern, as the
 *		scripts' are)
 *	15	port selector
 *
 * The seed corpus (tests/fuzz/corpus/fuzz_tcp_input) is the scripts of tests/tcp
 * converted by tests/fuzz/pkt2seed.py.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/ip_var.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "net/if_ether.h"
#include "net/if_seg.h"
#include "net/if_var.h"
#include "stack/stack.h"

#define AADDR	IN_ADDR(10, 0, 0, 1)
#define BADDR	IN_ADDR(10, 0, 0, 2)
#define LPORT	80
#define PISS	1000u
#define NSOCK	8
#define MAXDATA	4000

struct last {			/* what a last sent to one of b's ports */
	uint16_t l_port;
	uint32_t l_seq, l_tsval;
};

struct fz {
	struct stack *st;
	struct host *a, *b;
	struct socket *ls;
	struct socket *socks[NSOCK];	/* a's user's sockets */
	int cur;			/* the one actions act on */
	uint16_t ss_lport;		/* the SYN-SENT connection's port */
	struct last last[256];
};

static const struct ucred root = { .pid = 1, .uid = 0, .gid = 0 };

static void
broken(const char *what)
{
	fprintf(stderr, "TCP invariant broken: %s\n", what);
	abort();
}

static void
sink_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	struct fz *f = arg;
	struct tcp_seg ts;

	if (tcp_parse(p->pk_data + ii->ii_ip.ip_hl, p->pk_len - ii->ii_ip.ip_hl,
	    ii->ii_ip.ip_src, ii->ii_ip.ip_dst, &ts) == TCPE_OK) {
		struct last *l = &f->last[ts.th_dport & 255];

		l->l_port = ts.th_dport;
		l->l_seq = ts.th_seq;
		if (ts.to_flags & TOF_TS)
			l->l_tsval = ts.to_tsval;
	}
	pkt_free(p);
}

static void
run(struct fz *f, uint64_t ns)
{
	timerq_advance(f->st->st_timers, clock_now(f->st->st_clock) + ns);
}

static struct tcpcb *
conn(struct fz *f, uint16_t sport, uint16_t dport)
{
	return tcp_lookup(TCPH(f->a), AADDR, dport, BADDR, sport, 0);
}

static struct last *
last_of(struct fz *f, uint16_t port)
{
	struct last *l = &f->last[port & 255];

	return l->l_port == port ? l : NULL;
}

/* Sends ts (ports, numbers, options set) with len pattern bytes from b. */
static void
send_seg(struct fz *f, struct tcp_seg *ts, size_t len)
{
	static uint8_t buf[TCP_MAXHLEN + MAXDATA];
	struct ip_out o;
	struct pkt *p;
	size_t hl, i;

	ts->th_datalen = len;
	hl = tcp_hdrlen(ts);
	for (i = 0; i < len; i++)
		buf[hl + i] = (uint8_t)('a' + (ts->th_seq - PISS - 1 + i) % 26);
	tcp_emit(ts, buf, BADDR, AADDR);
	if ((p = pkt_from(f->st->st_pkts, buf, hl + len)) == NULL)
		return;
	memset(&o, 0, sizeof(o));
	o.io_src = BADDR;
	o.io_dst = AADDR;
	o.io_proto = IPPROTO_TCP;
	ip_output(f->b, p, &o);
	run(f, 0);
}

static void
seg(struct fz *f, uint16_t sport, uint8_t flags, uint32_t seq, uint32_t ack,
    unsigned to, size_t len)
{
	struct tcp_seg ts;
	struct last *l = last_of(f, sport);

	memset(&ts, 0, sizeof(ts));
	ts.th_sport = sport;
	ts.th_dport = LPORT;
	ts.th_flags = flags;
	ts.th_seq = seq;
	ts.th_ack = ack;
	ts.th_win = 65535;
	ts.to_flags = to;
	ts.to_mss = 1460;
	ts.to_wscale = 7;
	ts.to_tsval = 1 + (seq - PISS);
	ts.to_tsecr = l != NULL ? l->l_tsval : 0;
	send_seg(f, &ts, len);
}

static struct socket *
sock(struct fz *f)
{
	struct socket *so;

	if (socreate(f->a, AF_INET, SOCK_STREAM, 0, &root, &so) != 0)
		broken("setup: socket");
	return so;
}

static struct so_addr
addr(struct sockaddr_in *sin, uint32_t a, uint16_t port)
{
	struct so_addr sa = { (struct sockaddr *)sin, sizeof(*sin), NULL };

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(a);
	sin->sin_port = htons(port);
	return sa;
}

static int
slot(struct fz *f, struct socket *so)
{
	int i;

	for (i = 0; i < NSOCK; i++)
		if (f->socks[i] == NULL) {
			f->socks[i] = so;
			return i;
		}
	soclose(so);
	return -1;
}

static struct socket *
accept1(struct fz *f)
{
	struct socket *so;
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (soaccept(f->ls, &so, (struct sockaddr *)&sin, &len) != 0)
		return NULL;
	return so;
}

/* The connections the input starts from; their states are checked. */
static void
setup(struct fz *f, uint8_t config)
{
	static uint8_t data[3000];
	struct sockaddr_in sin;
	struct so_addr sa;
	struct ip_protosw pr = { .pr_input = sink_input, .pr_arg = f };
	struct seg *lan;
	struct ifnet *ifp;
	struct socket *es, *tw, *ss;
	struct tcpcb *tp;
	size_t done;

	if (stack_create(clock_virt_create(1000 * NS_PER_SEC), 1, &f->st) != 0)
		broken("setup: stack");
	seg_create(f->st, "lan", &lan);
	host_create(f->st, "a", &f->a);
	host_create(f->st, "b", &f->b);
	ether_create(f->a, "en0", NULL, &ifp);
	seg_attach(lan, ifp);
	if_addr_add(ifp, AADDR, 0xffffff00u, 0);
	if_setflags(ifp, IFF_UP);
	ether_create(f->b, "en0", NULL, &ifp);
	seg_attach(lan, ifp);
	if_addr_add(ifp, BADDR, 0xffffff00u, 0);
	if_setflags(ifp, IFF_UP);
	ip_proto_unregister(f->b, IPPROTO_TCP);
	ip_proto_register(f->b, IPPROTO_TCP, &pr);
	TCPH(f->a)->th_msl = 1800 * NS_PER_SEC;

	f->ls = sock(f);
	sa = addr(&sin, 0, LPORT);
	if (sobind(f->ls, &sa, &root) != 0 || solisten(f->ls, 2, &root) != 0)
		broken("setup: listen");

	/* Established, every option, data in flight both ways. */
	seg(f, 1001, TH_SYN, PISS, 0, TOF_MSS | TOF_SCALE | TOF_SACKPERM | TOF_TS, 0);
	run(f, 10 * NS_PER_MS);		/* ARP */
	if ((tp = conn(f, 1001, LPORT)) == NULL)
		broken("setup: no SYN-RECEIVED connection");
	seg(f, 1001, TH_ACK, PISS + 1, tp->iss + 1, TOF_TS, 0);
	if ((es = accept1(f)) == NULL)
		broken("setup: nothing to accept");
	f->cur = slot(f, es);
	memset(data, 'x', sizeof(data));
	sosend(es, data, sizeof(data), 0, NULL, NULL, NULL, &done);
	seg(f, 1001, TH_ACK | TH_PUSH, PISS + 1, tp->iss + 1, TOF_TS, 100);

	/* TIME-WAIT: a closes first, b acknowledges and closes. */
	seg(f, 1002, TH_SYN, PISS, 0, TOF_MSS, 0);
	if ((tp = conn(f, 1002, LPORT)) == NULL)
		broken("setup: no second connection");
	seg(f, 1002, TH_ACK, PISS + 1, tp->iss + 1, 0, 0);
	if ((tw = accept1(f)) == NULL)
		broken("setup: nothing to accept");
	soclose(tw);
	seg(f, 1002, TH_ACK | TH_FIN, PISS + 1, tp->snd_max, 0, 0);

	/* SYN-SENT: b never answers. */
	ss = sock(f);
	sa = addr(&sin, BADDR, 2000);
	soconnect(ss, &sa, &root);
	slot(f, ss);
	f->ss_lport = sotoinpcb(ss)->inp_lport;

	if ((tp = conn(f, 1001, LPORT)) == NULL || tp->t_state != TCPS_ESTABLISHED ||
	    (tp = conn(f, 1002, LPORT)) == NULL || tp->t_state != TCPS_TIME_WAIT ||
	    (tp = conn(f, 2000, f->ss_lport)) == NULL || tp->t_state != TCPS_SYN_SENT)
		broken("setup: the connections are not in their states");
	if (config & 1)
		TCPH(f->a)->th_syncookies = 2;
	if (config & 2)
		sototcpcb(f->ls)->t_flags &= ~TF_REQ_TSTMP;
}

/* A user action: flags byte a, length len, port selector port. */
static void
act(struct fz *f, uint8_t a, size_t len, uint8_t port)
{
	static uint8_t buf[MAXDATA];
	struct socket *so = f->cur >= 0 ? f->socks[f->cur] : NULL;
	struct linger lg = { 1, 0 };
	size_t done;

	if (a >= 8)
		return;		/* only time passes */
	switch (a) {
	case 0:
		if ((so = accept1(f)) != NULL)
			f->cur = slot(f, so);
		break;
	case 1:
		if (so != NULL)
			soreceive(so, buf, len, (port & 1) ? MSG_OOB : 0, NULL, NULL,
			    NULL, &done, NULL);
		break;
	case 2:
		memset(buf, 'y', len);
		if (so != NULL)
			sosend(so, buf, len, (port & 1) ? MSG_OOB : 0, NULL, NULL,
			    NULL, &done);
		break;
	case 3:
		if (so != NULL)
			soshutdown(so, (port & 1) ? SHUT_RD : SHUT_WR);
		break;
	case 4:
	case 7:
		if (so == NULL)
			break;
		if (a == 7)
			sosetopt(so, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		soclose(so);
		f->socks[f->cur] = NULL;
		f->cur = -1;
		break;
	case 5:
		f->cur = port % NSOCK;
		break;
	case 6: {
		int v = 1;

		if (so != NULL)
			sosetopt(so, IPPROTO_TCP, (port & 1) ? TCP_NODELAY :
			    TCP_MAXSEG, &v, sizeof(v));
		break;
	}
	}
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Takes n bytes off the input, or NULL when it has fewer. */
static const uint8_t *
take(const uint8_t **d, size_t *n, size_t k)
{
	const uint8_t *p = *d;

	if (*n < k)
		return NULL;
	*d += k;
	*n -= k;
	return p;
}

/* One record; 0 when the input has run out. */
static int
record(struct fz *f, const uint8_t **d, size_t *n)
{
	const uint8_t *h, *v;
	struct tcp_seg ts;
	struct tcpcb *tp;
	struct last *l;
	uint8_t kind, opts, target;
	size_t len;
	uint32_t seqbase, ackbase;
	uint64_t t = 0;

	if ((h = take(d, n, 16)) == NULL)
		return 0;
	kind = h[0];
	opts = h[12];
	target = kind & 7;
	len = get16(h + 13);
	if (len > MAXDATA)
		len = MAXDATA;
	memset(&ts, 0, sizeof(ts));
	ts.th_flags = h[1];
	ts.th_win = get16(h + 10);
	switch (target) {
	case 1: ts.th_sport = 1002; ts.th_dport = LPORT; break;
	case 2: ts.th_sport = 2000; ts.th_dport = f->ss_lport; break;
	case 3: ts.th_sport = (uint16_t)(1100 + (h[15] & 63)); ts.th_dport = LPORT; break;
	case 4:
		ts.th_sport = (uint16_t)(1000 + h[15]);
		ts.th_dport = (h[15] & 0x80) ? LPORT : LPORT + 1;
		break;
	default: ts.th_sport = 1001; ts.th_dport = LPORT; break;
	}
	if ((opts & 0x01) && (v = take(d, n, 2)) != NULL) {
		ts.to_flags |= TOF_MSS;
		ts.to_mss = get16(v);
	}
	if ((opts & 0x02) && (v = take(d, n, 1)) != NULL) {
		ts.to_flags |= TOF_SCALE;
		ts.to_wscale = v[0] > TCP_MAX_WINSHIFT ? TCP_MAX_WINSHIFT : v[0];
	}
	if (opts & 0x04)
		ts.to_flags |= TOF_SACKPERM;
	l = last_of(f, ts.th_sport);
	if ((opts & 0x08) && (v = take(d, n, 4)) != NULL) {
		ts.to_flags |= TOF_TS;
		ts.to_tsval = get32(v);
		ts.to_tsecr = l != NULL ? l->l_tsval : 0;
		if ((opts & 0x40) && (v = take(d, n, 4)) != NULL)
			ts.to_tsecr = get32(v);
	}
	tp = conn(f, ts.th_sport, ts.th_dport);
	if (kind & 0x08) {		/* as the scripts count */
		seqbase = PISS;
		ackbase = tp != NULL ? tp->iss : l != NULL ? l->l_seq : 0;
	} else {
		seqbase = tp != NULL && TCPS_HAVERCVDSYN(tp->t_state) ? tp->rcv_nxt : PISS;
		ackbase = tp != NULL ? tp->snd_una : l != NULL ? l->l_seq : 0;
	}
	ts.th_seq = seqbase + get32(h + 2);
	ts.th_ack = ackbase + get32(h + 6);
	while ((opts & 0x10) && ts.to_nsacks < 2 && (v = take(d, n, 4)) != NULL) {
		ts.to_flags |= TOF_SACK;
		ts.to_sacks[ts.to_nsacks].start = ackbase + get16(v);
		ts.to_sacks[ts.to_nsacks].end = ackbase + get16(v) + get16(v + 2);
		ts.to_nsacks++;
		if (!(opts & 0x20))
			break;
	}
	if ((opts & 0x80) && (v = take(d, n, 2)) != NULL) {
		ts.th_flags |= TH_URG;
		ts.th_urp = get16(v);
	}
	if ((kind & 0x30) && (v = take(d, n, 1)) != NULL) {
		static const uint64_t unit[4] = { 0, NS_PER_MS, 100 * NS_PER_MS, NS_PER_SEC };

		t = unit[(kind >> 4) & 3] * v[0];
	}
	if (target == 5)
		act(f, h[1], len, h[15]);
	else
		send_seg(f, &ts, len);
	run(f, t);
	return 1;
}

/* With FUZZ_TCP_TRACE set: a's connections after each record, to stderr. */
static void
trace(struct fz *f, int n)
{
	static int on = -1;
	const struct tcpcb *tp;

	if (on < 0)
		on = getenv("FUZZ_TCP_TRACE") != NULL;
	if (!on)
		return;
	fprintf(stderr, "record %d:", n);
	for (tp = TCPH(f->a)->th_conns; tp != NULL; tp = tp->t_next)
		fprintf(stderr, " %u>%u %s", tp->t_inpcb->inp_fport,
		    tp->t_inpcb->inp_lport, tcpstates[tp->t_state]);
	fprintf(stderr, "\n");
}

static void
check(struct fz *f, int n)
{
	const char *why = tcp_invariants(f->a);

	trace(f, n);
	if (why != NULL)
		broken(why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz fz;
	struct fz *f = &fz;
	struct socket *so;
	int records = 0;

	if (size < 1 || size > 65536)
		return 0;
	memset(f, 0, sizeof(*f));
	setup(f, data[0]);
	check(f, 0);
	data++;
	size--;
	while (records < 1000 && record(f, &data, &size))
		check(f, ++records);
	run(f, 200 * NS_PER_SEC);
	check(f, -1);
	for (;;) {
		for (so = f->st->st_sockets; so != NULL; so = so->so_allnext)
			if (!(so->so_state & SS_CLOSED))
				break;
		if (so == NULL)
			break;
		soclose(so);
	}
	stack_destroy(f->st);
	return 0;
}
