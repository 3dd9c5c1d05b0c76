/*
 * The virtual-time test harness (sim.h).  Linked into every unit test, so
 * it has no main and only sim_-prefixed names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inet/in_cksum.h"
#include "sim.h"

struct stack *
sim_stack(uint64_t seed)
{
	struct stack *st;

	assert_int_equal(stack_create(clock_virt_create(SIM_START), seed, &st),
	    0);
	return st;
}

struct host *
sim_host(struct stack *st, const char *name)
{
	struct host *h;

	assert_int_equal(host_create(st, name, &h), 0);
	return h;
}

struct seg *
sim_seg(struct stack *st, const char *name)
{
	struct seg *seg;

	assert_int_equal(seg_create(st, name, &seg), 0);
	return seg;
}

uint32_t
sim_addr(const char *s)
{
	uint32_t a = 0;

	assert_true(in_aton(s, &a));
	return a;
}

/*
 * Creates Ethernet interface ifname on h attached to seg, with address
 * cidr ("10.0.0.1/24"), and brings it up.
 */
struct ifnet *
sim_ifattach(struct host *h, struct seg *seg, const char *ifname,
    const char *cidr)
{
	struct ifnet *ifp;
	char buf[32];
	char *slash;
	int len = 0;

	assert_int_equal(ether_create(h, ifname, NULL, &ifp), 0);
	if (seg != NULL)
		assert_int_equal(seg_attach(seg, ifp), 0);
	if (cidr != NULL) {
		strncpy(buf, cidr, sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		if ((slash = strchr(buf, '/')) != NULL) {
			*slash = '\0';
			len = atoi(slash + 1);
		}
		assert_int_equal(if_addr_add(ifp, sim_addr(buf),
		    slash ? in_lenmask(len) : 0, 0), 0);
	}
	assert_int_equal(if_setflags(ifp, ifp->if_flags | IFF_UP), 0);
	return ifp;
}

void
sim_pair(struct sim_pair *p, uint64_t seed, const struct sim_pair_conf *conf)
{
	static const struct sim_pair_conf none;

	if (conf == NULL)
		conf = &none;
	memset(p, 0, sizeof(*p));
	p->st = sim_stack(seed);
	p->seg = sim_seg(p->st, "lan");
	p->seg->seg_delay = conf->delay;
	p->seg->seg_seed = seed;
	if (conf->fault != NULL)
		p->seg->seg_fault = *conf->fault;
	if (conf->pcap != NULL)
		assert_int_equal(seg_set_pcap(p->seg, conf->pcap), 0);
	p->a = sim_host(p->st, conf->a != NULL ? conf->a : "arpa");
	p->b = sim_host(p->st, conf->b != NULL ? conf->b : "cad");
	p->aif = sim_ifattach(p->a, p->seg, "en0", "10.0.0.1/24");
	p->bif = sim_ifattach(p->b, p->seg, "en0", "10.0.0.2/24");
	p->aaddr = sim_addr("10.0.0.1");
	p->baddr = sim_addr("10.0.0.2");
}

void
sim_pair_free(struct sim_pair *p)
{
	stack_destroy(p->st);
	p->st = NULL;
}

void
sim_run(struct stack *st, uint64_t ns)
{
	timerq_advance(st->st_timers, clock_now(st->st_clock) + ns);
}

uint64_t
sim_now(struct stack *st)
{
	return clock_now(st->st_clock);
}

/* The test protocol. */

static void
sim_sink_input(struct host *h, struct pkt *p, const struct ip_info *ii,
    void *arg)
{
	struct sim_sink *ss = arg;
	size_t n = p->pk_len - ii->ii_ip.ip_hl;

	ss->ss_count++;
	if (ii->ii_flags & II_BCAST)
		ss->ss_bcast++;
	ss->ss_ip = ii->ii_ip;
	ss->ss_ip.ip_opts = NULL;
	ss->ss_len = n;
	memcpy(ss->ss_data, p->pk_data + ii->ii_ip.ip_hl, n);
	pkt_free(p);
}

static void
sim_sink_ctlinput(struct host *h, const struct ip_ctl *ic, void *arg)
{
	struct sim_sink *ss = arg;

	ss->ss_ctl++;
	ss->ss_lastctl = *ic;
	ss->ss_lastctl.ic_hdr = NULL;
}

void
sim_sink_register(struct host *h, uint8_t proto, struct sim_sink *ss)
{
	struct ip_protosw pr = {
		.pr_input = sim_sink_input,
		.pr_ctlinput = sim_sink_ctlinput,
		.pr_arg = ss,
	};

	memset(ss, 0, sizeof(*ss));
	assert_int_equal(ip_proto_register(h, proto, &pr), 0);
}

/* Sends len bytes as one datagram of protocol proto; returns ip_output's. */
int
sim_send(struct host *h, uint32_t dst, uint8_t proto, const void *data,
    size_t len, unsigned flags)
{
	struct pkt *p = pkt_from(h->h_stack->st_pkts, data, len);
	struct ip_out o;

	assert_non_null(p);
	memset(&o, 0, sizeof(o));
	o.io_dst = dst;
	o.io_proto = proto;
	o.io_flags = flags;
	return ip_output(h, p, &o);
}

/* Raw listener. */

static int
sim_raw_input(struct host *h, const struct pkt *p, const struct ip_info *ii,
    void *arg)
{
	struct sim_raw *sr = arg;
	const uint8_t *m = p->pk_data + ii->ii_ip.ip_hl;
	size_t mlen = p->pk_len - ii->ii_ip.ip_hl;

	if (ii->ii_ip.ip_p != IPPROTO_ICMP || mlen < ICMP_MINLEN)
		return 0;
	sr->sr_count++;
	if (m[0] <= ICMP_MAXTYPE)
		sr->sr_types[m[0]]++;
	sr->sr_last_type = m[0];
	sr->sr_last_code = m[1];
	sr->sr_last_src = ii->ii_ip.ip_src;
	sr->sr_last_seq = (uint16_t)(m[6] << 8 | m[7]);
	sr->sr_last_len = mlen;
	return 1;
}

void
sim_raw_register(struct host *h, struct sim_raw *sr)
{
	memset(sr, 0, sizeof(*sr));
	ip_raw_register(h, sim_raw_input, sr);
}

/* Sends an echo request with datalen bytes of pattern. */
int
sim_ping(struct host *h, uint32_t dst, uint16_t id, uint16_t seq,
    size_t datalen)
{
	uint8_t buf[65536];
	uint8_t data[65536];
	size_t i, n;

	for (i = 0; i < datalen; i++)
		data[i] = (uint8_t)i;
	n = sim_build_icmp(buf, ICMP_ECHO, 0, (uint32_t)id << 16 | seq, data,
	    datalen);
	return sim_send(h, dst, IPPROTO_ICMP, buf, n, 0);
}

/* Builders. */

void
sim_fix_ipsum(uint8_t *b)
{
	size_t hl = (size_t)(b[0] & 0x0f) * 4;
	uint16_t sum;

	b[10] = b[11] = 0;
	sum = in_cksum(b, hl);
	b[10] = (uint8_t)(sum >> 8);
	b[11] = (uint8_t)sum;
}

size_t
sim_build_ip(uint8_t *b, uint32_t src, uint32_t dst, uint8_t proto,
    uint8_t ttl, uint16_t id, uint16_t off, const void *data, size_t len)
{
	struct ip_hdr ip;

	memset(&ip, 0, sizeof(ip));
	ip.ip_hl = IP_MINHLEN;
	ip.ip_len = (uint16_t)(IP_MINHLEN + len);
	ip.ip_id = id;
	ip.ip_off = off;
	ip.ip_ttl = ttl;
	ip.ip_p = proto;
	ip.ip_src = src;
	ip.ip_dst = dst;
	ip_emit(&ip, b);
	if (len > 0)
		memcpy(b + IP_MINHLEN, data, len);
	return IP_MINHLEN + len;
}

size_t
sim_build_eth(uint8_t *b, const uint8_t *dst, const uint8_t *src,
    uint16_t type, const void *data, size_t len)
{
	struct ether_hdr eh;

	memcpy(eh.eh_dst, dst, ETHER_ADDR_LEN);
	memcpy(eh.eh_src, src, ETHER_ADDR_LEN);
	eh.eh_type = type;
	ether_emit(&eh, b);
	if (len > 0)
		memcpy(b + ETHER_HDR_LEN, data, len);
	return ETHER_HDR_LEN + len;
}

size_t
sim_build_icmp(uint8_t *b, uint8_t type, uint8_t code, uint32_t word,
    const void *data, size_t len)
{
	struct icmp_hdr ic;

	memset(&ic, 0, sizeof(ic));
	ic.icmp_type = type;
	ic.icmp_code = code;
	ic.icmp_un.word = word;
	if (len > 0)
		memcpy(b + ICMP_MINLEN, data, len);
	icmp_emit(&ic, b, ICMP_MINLEN + len);
	return ICMP_MINLEN + len;
}

/* Hands a datagram to ip_input as if it arrived on ifp. */
void
sim_inject_ip(struct ifnet *ifp, const uint8_t *b, size_t len, int llbcast)
{
	struct pkt *p = pkt_from(ifp->if_host->h_stack->st_pkts, b, len);

	assert_non_null(p);
	p->pk_ifp = ifp;
	if (llbcast)
		p->pk_flags |= PKF_BCAST;
	ip_input(ifp, p);
}

/* Hands a frame to ifp's input as if it came off the wire. */
void
sim_inject_frame(struct ifnet *ifp, const uint8_t *b, size_t len)
{
	struct pkt *p = pkt_from(ifp->if_host->h_stack->st_pkts, b, len);

	assert_non_null(p);
	p->pk_ifp = ifp;
	ifp->if_input(ifp, p);
}
