/*
 * The scripted segment tests (tests/tcp/README.md tells the format): each
 * tests/tcp/NAME.pkt script drives one uipc endpoint (host a, 10.0.0.1) from
 * a scripted peer (host b, 10.0.0.2, whose own TCP is replaced by this
 * runner), injecting segments in virtual time and expecting the
 * endpoint's exact answers: flags, sequence and acknowledgment numbers,
 * window, urgent pointer, options, and when they leave; and before every
 * line, that TCP's invariants hold (tcp_invariants, src/inet/tcp_check.c).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/tcp.h>

#include <cmocka.h>

#include "tcp_test.h"

#define PEER_ISS	1000u
#define PEER_PORT	9000
#define TOLERANCE	(2 * NS_PER_MS)
#define MAXCAP		256

struct cap {
	uint64_t c_time;
	struct tcp_seg c_seg;
};

struct run {
	const char *path;
	int lineno;
	struct sim_pair n;
	struct socket *ls, *so;
	uint64_t t0, now;		/* script time, ns from t0 */
	uint32_t iss;			/* the endpoint's ISS, once seen */
	int have_iss;
	uint16_t eport;			/* the endpoint's port */
	uint32_t last_tsval;
	uint16_t pport;			/* the peer's port */
	struct cap caps[MAXCAP];
	int ncap, capfirst;
};

static void sfail(struct run *, const char *, ...)
    __attribute__((format(printf, 2, 3), noreturn));

static void
sfail(struct run *r, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s:%d: %s\n", r->path, r->lineno, msg);
	fail();
	abort();
}

/* b's TCP row: capture what the endpoint sends. */
static void
cap_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	struct run *r = arg;
	struct cap *c;

	if (r->ncap < MAXCAP) {
		c = &r->caps[r->ncap++];
		c->c_time = sim_now(r->n.st) - r->t0;
		assert_int_equal(tcp_parse(p->pk_data + ii->ii_ip.ip_hl,
		    p->pk_len - ii->ii_ip.ip_hl, ii->ii_ip.ip_src, ii->ii_ip.ip_dst,
		    &c->c_seg), TCPE_OK);
		c->c_seg.th_data = NULL;
	}
	pkt_free(p);
}

static uint8_t
parse_flags(struct run *r, const char *s)
{
	uint8_t f = 0;

	for (; *s; s++)
		switch (*s) {
		case 'S': f |= TH_SYN; break;
		case 'F': f |= TH_FIN; break;
		case 'R': f |= TH_RST; break;
		case 'P': f |= TH_PUSH; break;
		case 'U': f |= TH_URG; break;
		case '.': f |= TH_ACK; break;
		default: sfail(r, "bad flag %c", *s);
		}
	return f;
}

/* "<mss 1460,sackOK,TS val 5 ecr 0,nop,wscale 7,sack 1:2 3:4>" */
static void
parse_opts(struct run *r, char *s, struct tcp_seg *ts, int *tsval_any, int *tsecr_any,
    uint32_t sackbase)
{
	char *o, *save = NULL;

	*tsval_any = *tsecr_any = 0;
	for (o = strtok_r(s, ",", &save); o != NULL; o = strtok_r(NULL, ",", &save)) {
		while (*o == ' ')
			o++;
		if (strncmp(o, "mss ", 4) == 0) {
			ts->to_flags |= TOF_MSS;
			ts->to_mss = (uint16_t)atoi(o + 4);
		} else if (strncmp(o, "wscale ", 7) == 0) {
			ts->to_flags |= TOF_SCALE;
			ts->to_wscale = (uint8_t)atoi(o + 7);
		} else if (strcmp(o, "sackOK") == 0) {
			ts->to_flags |= TOF_SACKPERM;
		} else if (strncmp(o, "TS val ", 7) == 0) {
			char v[32], e[32];

			ts->to_flags |= TOF_TS;
			if (sscanf(o + 7, "%31s ecr %31s", v, e) != 2)
				sfail(r, "bad TS option");
			if (strcmp(v, "*") == 0)
				*tsval_any = 1;
			else
				ts->to_tsval = (uint32_t)strtoul(v, NULL, 0);
			if (strcmp(e, "*") == 0)
				*tsecr_any = 1;
			else
				ts->to_tsecr = (uint32_t)strtoul(e, NULL, 0);
		} else if (strncmp(o, "sack ", 5) == 0) {
			char *p = o + 5;
			unsigned a, b;
			int k;

			ts->to_flags |= TOF_SACK;
			while (ts->to_nsacks < TCP_MAX_SACK &&
			    sscanf(p, "%u:%u%n", &a, &b, &k) == 2) {
				ts->to_sacks[ts->to_nsacks].start = sackbase + a;
				ts->to_sacks[ts->to_nsacks].end = sackbase + b;
				ts->to_nsacks++;
				p += k;
				while (*p == ' ')
					p++;
			}
		} else if (strcmp(o, "nop") != 0 && *o != '\0')
			sfail(r, "unknown option %s", o);
	}
}

struct segspec {
	struct tcp_seg ts;
	int has_ack, has_win, has_urg, has_opts, tsval_any, tsecr_any;
};

/* "FLAGS SEQ:END(LEN) [ack N] [win N] [urg N] [<opts>]" */
static void
parse_seg(struct run *r, char *s, struct segspec *sp, uint32_t seqbase,
    uint32_t ackbase)
{
	char *lt, *tok, *save = NULL;
	unsigned a, b, len;

	memset(sp, 0, sizeof(*sp));
	if ((lt = strchr(s, '<')) != NULL) {
		char *gt = strchr(lt, '>');

		if (gt == NULL)
			sfail(r, "unclosed options");
		*gt = '\0';
		*lt++ = '\0';
		sp->has_opts = 1;
		parse_opts(r, lt, &sp->ts, &sp->tsval_any, &sp->tsecr_any, ackbase);
	}
	if ((tok = strtok_r(s, " \t", &save)) == NULL)
		sfail(r, "no flags");
	sp->ts.th_flags = parse_flags(r, tok);
	if ((tok = strtok_r(NULL, " \t", &save)) == NULL ||
	    sscanf(tok, "%u:%u(%u)", &a, &b, &len) != 3 || b - a != len)
		sfail(r, "bad SEQ:END(LEN)");
	sp->ts.th_seq = seqbase + a;
	sp->ts.th_datalen = len;
	while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
		char *v = strtok_r(NULL, " \t", &save);

		if (v == NULL)
			sfail(r, "%s needs a value", tok);
		if (strcmp(tok, "ack") == 0) {
			sp->has_ack = 1;
			sp->ts.th_ack = ackbase + (uint32_t)strtoul(v, NULL, 0);
		} else if (strcmp(tok, "win") == 0) {
			sp->has_win = 1;
			sp->ts.th_win = (uint16_t)strtoul(v, NULL, 0);
		} else if (strcmp(tok, "urg") == 0) {
			sp->has_urg = 1;
			sp->ts.th_urp = (uint16_t)strtoul(v, NULL, 0);
		} else
			sfail(r, "unknown field %s", tok);
	}
}

static void
inject(struct run *r, char *s)
{
	static uint8_t buf[70000];
	struct segspec sp;
	struct pkt *p;
	struct ip_out o;
	size_t hl, i;

	parse_seg(r, s, &sp, PEER_ISS, r->iss);
	sp.ts.th_sport = r->pport;
	sp.ts.th_dport = r->eport;
	if (!sp.has_win)
		sp.ts.th_win = 65535;
	if (sp.tsecr_any)
		sp.ts.to_tsecr = r->last_tsval;
	if (sp.has_urg)
		sp.ts.th_flags |= TH_URG;
	hl = tcp_hdrlen(&sp.ts);
	for (i = 0; i < sp.ts.th_datalen; i++)
		buf[hl + i] = (uint8_t)('a' + (sp.ts.th_seq - PEER_ISS - 1 + i) % 26);
	tcp_emit(&sp.ts, buf, r->n.baddr, r->n.aaddr);
	p = pkt_from(r->n.st->st_pkts, buf, hl + sp.ts.th_datalen);
	memset(&o, 0, sizeof(o));
	o.io_src = r->n.baddr;
	o.io_dst = r->n.aaddr;
	o.io_proto = IPPROTO_TCP;
	assert_int_equal(ip_output(r->n.b, p, &o), 0);
	sim_run(r->n.st, 0);
}

static void
expect(struct run *r, char *s)
{
	struct segspec sp;
	struct cap *c;
	struct tcp_seg *g;
	char *copy = strdup(s);

	sim_run(r->n.st, 0);
	if (r->capfirst >= r->ncap)
		sfail(r, "expected %s, nothing was sent", copy);
	c = &r->caps[r->capfirst++];
	g = &c->c_seg;
	if (!r->have_iss && (g->th_flags & TH_SYN)) {
		r->iss = g->th_seq;
		r->have_iss = 1;
		r->eport = g->th_sport;
	}
	parse_seg(r, s, &sp, r->iss, PEER_ISS);
	if (g->to_flags & TOF_TS)
		r->last_tsval = g->to_tsval;
#define CHK(cond, ...) do { if (!(cond)) { print_error("%s:%d: expected %s\n", \
	r->path, r->lineno, copy); sfail(r, __VA_ARGS__); } } while (0)
	CHK(g->th_flags == sp.ts.th_flags, "flags 0x%02x, not 0x%02x", g->th_flags, sp.ts.th_flags);
	CHK(g->th_seq == sp.ts.th_seq, "seq %u, not %u", g->th_seq - r->iss, sp.ts.th_seq - r->iss);
	CHK(g->th_datalen == sp.ts.th_datalen, "len %zu, not %zu", g->th_datalen, sp.ts.th_datalen);
	if (g->th_flags & TH_ACK)
		CHK(sp.has_ack && g->th_ack == sp.ts.th_ack, "ack %u", g->th_ack - PEER_ISS);
	if (sp.has_win)
		CHK(g->th_win == sp.ts.th_win, "win %u", g->th_win);
	if (sp.has_urg)
		CHK(g->th_urp == sp.ts.th_urp, "urg %u", g->th_urp);
	if (sp.has_opts) {
		int k;

		CHK((g->to_flags & ~TOF_SACK) == (sp.ts.to_flags & ~TOF_SACK) &&
		    ((g->to_flags & TOF_SACK) ? g->to_nsacks : 0) ==
		    ((sp.ts.to_flags & TOF_SACK) ? sp.ts.to_nsacks : 0),
		    "options 0x%x, not 0x%x", g->to_flags, sp.ts.to_flags);
		if (g->to_flags & TOF_MSS)
			CHK(g->to_mss == sp.ts.to_mss, "mss %u", g->to_mss);
		if (g->to_flags & TOF_SCALE)
			CHK(g->to_wscale == sp.ts.to_wscale, "wscale %u", g->to_wscale);
		if ((g->to_flags & TOF_TS) && !sp.tsecr_any)
			CHK(g->to_tsecr == sp.ts.to_tsecr, "ecr %u", g->to_tsecr);
		for (k = 0; (g->to_flags & TOF_SACK) && k < g->to_nsacks; k++)
			CHK(g->to_sacks[k].start == sp.ts.to_sacks[k].start &&
			    g->to_sacks[k].end == sp.ts.to_sacks[k].end, "sack %u:%u",
			    g->to_sacks[k].start - PEER_ISS, g->to_sacks[k].end - PEER_ISS);
	}
	CHK(c->c_time + TOLERANCE >= r->now && c->c_time <= r->now + TOLERANCE,
	    "sent at %.3f s", (double)c->c_time / NS_PER_SEC);
#undef CHK
	free(copy);
}

static int
errno_named(const char *s)
{
	static const struct { const char *n; int e; } t[] = {
		{ "0", 0 }, { "ECONNREFUSED", ECONNREFUSED }, { "ECONNRESET", ECONNRESET },
		{ "ETIMEDOUT", ETIMEDOUT }, { "EPIPE", EPIPE },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, s) == 0)
			return t[i].e;
	return -1;
}

static int
state_named(const char *s)
{
	int i;

	for (i = 0; i < TCP_NSTATES; i++)
		if (strcmp(tcpstates[i], s) == 0)
			return i;
	return -1;
}

static void
opt(struct run *r, const char *name, int v)
{
	struct tcpcb *tp;
	struct linger l = { 1, v };
	struct socket *so = r->so != NULL ? r->so : r->ls;

	if (strcmp(name, "nodelay") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_NODELAY, v);
	else if (strcmp(name, "cork") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_CORK, v);
	else if (strcmp(name, "keepalive") == 0)
		tcpt_setint(so, SOL_SOCKET, SO_KEEPALIVE, v);
	else if (strcmp(name, "keepidle") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_KEEPIDLE, v);
	else if (strcmp(name, "keepintvl") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_KEEPINTVL, v);
	else if (strcmp(name, "keepcnt") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_KEEPCNT, v);
	else if (strcmp(name, "oobinline") == 0)
		tcpt_setint(so, SOL_SOCKET, SO_OOBINLINE, v);
	else if (strcmp(name, "rcvbuf") == 0) {
		/* Exact, not doubled; set by the user, so never autotuned. */
		so->so_rcv.sb_hiwat = (uint32_t)v;
		so->so_rcv.sb_userset = 1;
	} else if (strcmp(name, "sndbuf") == 0) {
		so->so_snd.sb_hiwat = (uint32_t)v;
		so->so_snd.sb_userset = 1;
	}
	else if (strcmp(name, "linger") == 0)
		assert_int_equal(sosetopt(so, SOL_SOCKET, SO_LINGER, &l, sizeof(l)), 0);
	else if (strcmp(name, "syncookies") == 0)
		TCPH(r->n.a)->th_syncookies = v;
	else if (strcmp(name, "quickacks") == 0)
		TCPH(r->n.a)->th_quickacks = v;
	else if (strcmp(name, "quickack") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_QUICKACK, v);
	else if (strcmp(name, "user_timeout") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_USER_TIMEOUT, v);
	else if (strcmp(name, "defer_accept") == 0)
		tcpt_setint(so, IPPROTO_TCP, TCP_DEFER_ACCEPT, v);
	else if (strcmp(name, "msl") == 0)
		TCPH(r->n.a)->th_msl = (uint64_t)v * NS_PER_SEC;
	else if ((tp = tcpt_cb(so)) != NULL && strcmp(name, "sack") == 0)
		tp->t_flags = v ? tp->t_flags | TF_REQ_SACK : tp->t_flags & ~TF_REQ_SACK;
	else if (tp != NULL && strcmp(name, "timestamps") == 0)
		tp->t_flags = v ? tp->t_flags | TF_REQ_TSTMP : tp->t_flags & ~TF_REQ_TSTMP;
	else if (tp != NULL && strcmp(name, "wscale") == 0)
		tp->t_flags = v ? tp->t_flags | TF_REQ_SCALE : tp->t_flags & ~TF_REQ_SCALE;
	else
		sfail(r, "unknown opt %s", name);
}

/* The host's TCP counters a script may check (`stat NAME N`). */
static uint64_t *
stat_named(struct run *r, const char *s)
{
	struct tcpstat *st = tcpt_stat(r->n.a);
	static const struct { const char *n; size_t off; } t[] = {
#define S(f) { #f, offsetof(struct tcpstat, f) }
		S(tcps_accepts), S(tcps_connects), S(tcps_listendrop),
		S(tcps_sc_sendcookie), S(tcps_sc_recvcookie), S(tcps_sc_badcookie),
		S(tcps_sndrst), S(tcps_badsyn),
#undef S
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, s) == 0)
			return (uint64_t *)((char *)st + t[i].off);
	sfail(r, "unknown counter %s", s);
}

/* A field of the connection's tcpcb a script may check (`tcb NAME N`). */
static long
tcb_named(struct run *r, const char *s)
{
	struct tcpcb *tp = r->so != NULL ? tcpt_cb(r->so) : NULL;

	if (tp == NULL)
		sfail(r, "no connection");
	if (strcmp(s, "maxseg") == 0)
		return tp->t_maxseg;
	if (strcmp(s, "snd_scale") == 0)
		return (tp->t_flags & TF_RCVD_SCALE) ? tp->snd_scale : -1;
	if (strcmp(s, "rcv_scale") == 0)
		return (tp->t_flags & TF_RCVD_SCALE) ? tp->rcv_scale : -1;
	if (strcmp(s, "sack") == 0)
		return (tp->t_flags & TF_SACK_PERMIT) != 0;
	if (strcmp(s, "tstamp") == 0)
		return (tp->t_flags & TF_RCVD_TSTMP) != 0;
	sfail(r, "unknown tcb field %s", s);
}

static void
command(struct run *r, char *cmd, char *rest)
{
	static char buf[1 << 20];
	char arg[64] = "";
	int v = 0, err, nargs;
	size_t done;

	nargs = sscanf(rest, "%63s %d", arg, &v);
	if (strcmp(cmd, "listen") == 0) {
		r->eport = (uint16_t)atoi(arg);
		r->ls = tcpt_listen(r->n.a, r->eport, nargs == 2 ? v : 5);
	} else if (strcmp(cmd, "port") == 0) {
		r->eport = (uint16_t)atoi(arg);
	} else if (strcmp(cmd, "iss") == 0) {
		r->have_iss = 0;
	} else if (strcmp(cmd, "stat") == 0) {
		uint64_t got = *stat_named(r, arg);

		if (nargs != 2 || got != (uint64_t)v)
			sfail(r, "%s is %llu", arg, (unsigned long long)got);
	} else if (strcmp(cmd, "tcb") == 0) {
		long got = tcb_named(r, arg);

		if (nargs != 2 || got != v)
			sfail(r, "%s is %ld", arg, got);
	} else if (strcmp(cmd, "peerport") == 0) {
		r->pport = (uint16_t)atoi(arg);
	} else if (strcmp(cmd, "socket") == 0) {
		r->so = tcpt_socket(r->n.a);
	} else if (strcmp(cmd, "connect") == 0) {
		if (r->so == NULL)
			r->so = tcpt_socket(r->n.a);
		assert_int_equal(tcpt_connect(r->so, r->n.baddr, PEER_PORT), EINPROGRESS);
	} else if (strcmp(cmd, "accept") == 0) {
		if ((r->so = tcpt_accept(r->ls)) == NULL)
			sfail(r, "nothing to accept");
	} else if (strcmp(cmd, "noaccept") == 0) {
		if (r->ls->so_q != NULL)
			sfail(r, "a connection is queued");
	} else if (strcmp(cmd, "write") == 0 || strcmp(cmd, "writeoob") == 0) {
		memset(buf, 'x', (size_t)atoi(arg));
		assert_int_equal(sosend(r->so, buf, (size_t)atoi(arg),
		    cmd[5] == 'o' ? MSG_OOB : 0, NULL, NULL, NULL, &done), 0);
		if (done != (size_t)atoi(arg))
			sfail(r, "wrote %zu", done);
	} else if (strcmp(cmd, "read") == 0) {
		done = tcpt_read(r->so, buf, (size_t)atoi(arg), &err);
		if (done != (size_t)atoi(arg))
			sfail(r, "read %zu (error %d)", done, err);
	} else if (strcmp(cmd, "readeof") == 0) {
		done = tcpt_read(r->so, buf, 1, &err);
		if (done != 0 || err != 0)
			sfail(r, "no EOF (%zu, %d)", done, err);
	} else if (strcmp(cmd, "readoob") == 0) {
		err = soreceive(r->so, buf, 1, MSG_OOB, NULL, NULL, NULL, &done, NULL);
		if (err != 0 || done != 1)
			sfail(r, "no urgent byte (%d)", err);
	} else if (strcmp(cmd, "shutdown") == 0) {
		assert_int_equal(soshutdown(r->so, SHUT_WR), 0);
	} else if (strcmp(cmd, "close") == 0) {
		soclose(r->so);
		r->so = NULL;
	} else if (strcmp(cmd, "opt") == 0) {
		opt(r, arg, v);
	} else if (strcmp(cmd, "state") == 0) {
		int want = state_named(arg), got;

		if (want < 0)
			sfail(r, "unknown state %s", arg);
		got = r->so != NULL ? tcpt_state(r->so) :
		    r->ls != NULL ? tcpt_state(r->ls) : TCPS_CLOSED;
		if (got != want)
			sfail(r, "state %s, not %s", tcpstates[got], arg);
	} else if (strcmp(cmd, "error") == 0) {
		int want = errno_named(arg), got = r->so ? sogeterror(r->so) : -2;

		if (got != want)
			sfail(r, "error %d, not %s", got, arg);
	} else
		sfail(r, "unknown command %s", cmd);
}

static void
run_script(const char *path)
{
	struct run *r = calloc(1, sizeof(*r));
	struct ip_protosw pr = { .pr_input = cap_input };
	char line[1024];
	const char *why;
	FILE *fp;

	assert_non_null(r);
	r->path = path;
	r->pport = PEER_PORT;
	tcpt_net(&r->n, 1, NULL, 0);
	pr.pr_arg = r;
	/* ARP both ways first, so time 0 is quiet. */
	sim_ping(r->n.a, r->n.baddr, 1, 1, 8);
	sim_run(r->n.st, 10 * NS_PER_MS);
	ip_proto_unregister(r->n.b, IPPROTO_TCP);
	assert_int_equal(ip_proto_register(r->n.b, IPPROTO_TCP, &pr), 0);
	r->t0 = sim_now(r->n.st);
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *s = line, *e, *cmd;
		double t;

		r->lineno++;
		if ((e = strchr(s, '#')) != NULL)
			*e = '\0';
		while (isspace((unsigned char)*s))
			s++;
		for (e = s + strlen(s); e > s && isspace((unsigned char)e[-1]); e--)
			*--e = '\0', e++;
		if (*s == '\0')
			continue;
		t = strtod(s + (*s == '+'), &e);
		if (e == s + (*s == '+'))
			sfail(r, "no time");
		r->now = *s == '+' ? r->now + (uint64_t)(t * NS_PER_SEC) :
		    (uint64_t)(t * NS_PER_SEC);
		if (r->t0 + r->now > sim_now(r->n.st))
			sim_run(r->n.st, r->t0 + r->now - sim_now(r->n.st));
		while (isspace((unsigned char)*e))
			e++;
		if ((why = tcp_invariants(r->n.a)) != NULL)
			sfail(r, "TCP invariant broken: %s", why);
		if (*e == '>') {
			expect(r, e + 1);
			continue;
		}
		/* Anything the endpoint sent and the script did not expect fails. */
		if (r->capfirst < r->ncap)
			sfail(r, "unexpected segment: flags 0x%02x seq %u len %zu at %.3f",
			    r->caps[r->capfirst].c_seg.th_flags,
			    r->caps[r->capfirst].c_seg.th_seq - r->iss,
			    r->caps[r->capfirst].c_seg.th_datalen,
			    (double)r->caps[r->capfirst].c_time / NS_PER_SEC);
		if (*e == '<') {
			inject(r, e + 1);
			continue;
		}
		cmd = e;
		while (*e && !isspace((unsigned char)*e))
			e++;
		if (*e)
			*e++ = '\0';
		command(r, cmd, e);
	}
	fclose(fp);
	if ((why = tcp_invariants(r->n.a)) != NULL)
		sfail(r, "TCP invariant broken at the end: %s", why);
	if (r->capfirst < r->ncap)
		sfail(r, "unexpected segment at the end: flags 0x%02x seq %u",
		    r->caps[r->capfirst].c_seg.th_flags,
		    r->caps[r->capfirst].c_seg.th_seq - r->iss);
	tcpt_net_free(&r->n);
	free(r);
}

static void
test_tcp_script(void **state)
{
	run_script(*state);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	static struct CMUnitTest tests[512];
	static char *names[512];
	const char *dir = getenv("UIPC_TCP_SCRIPTS") ? getenv("UIPC_TCP_SCRIPTS") : "tests/tcp";
	struct dirent *de;
	DIR *d;
	int n = 0, i;

	if (argc > 1) {
		for (i = 1; i < argc && n < 512; i++)
			names[n++] = strdup(argv[i]);
	} else if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL && n < 512) {
			size_t l = strlen(de->d_name);

			if (l > 4 && strcmp(de->d_name + l - 4, ".pkt") == 0) {
				names[n] = malloc(strlen(dir) + l + 2);
				sprintf(names[n++], "%s/%s", dir, de->d_name);
			}
		}
		closedir(d);
	}
	qsort(names, (size_t)n, sizeof(names[0]), cmpstr);
	for (i = 0; i < n; i++) {
		tests[i].name = names[i];
		tests[i].test_func = test_tcp_script;
		tests[i].initial_state = names[i];
	}
	i = cmocka_run_group_tests_name("tcp scripts", tests, NULL, NULL);
	for (n--; n >= 0; n--)
		free(names[n]);
	return i;
}
