/*
 * Control requests about the caller's host rather than a socket: the
 * interface ioctls (SIOCGIFCONF and the SIOC[GS]IF* family, which the shim
 * and `uipc ifconfig` send here), the routing table (`uipc route`), the
 * ARP cache (`uipc arp`) and the protocol counters (`uipc netstat -s`).
 * Primer §4.3 wishes for a way to learn a host's networks; this is it.
 * Changing anything is the super-user's (4.4BSD suser()): EPERM otherwise.
 */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "inet/in.h"
#include "inet/in_host.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "inet/tcp_var.h"
#include "sys/dns_responder.h"
#include "sys/uipcd.h"

#define IFCONF_MAX	(CTL_MAXDATA / sizeof(struct ifreq))

/* Text replies that may span several records, as netstat's do. */
struct textout {
	struct proc *t_p;
	const struct ctl_req *t_rq;
	char t_buf[CTL_MAXDATA];
	size_t t_used;
};

static void
text_line(struct textout *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
text_line(struct textout *t, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (t->t_used + (size_t)n > sizeof(t->t_buf)) {
		proc_reply(t->t_p, t->t_rq->cr_op, t->t_rq->cr_seq, 0, NULL,
		    t->t_buf, t->t_used, 1);
		t->t_used = 0;
	}
	memcpy(t->t_buf + t->t_used, line, (size_t)n);
	t->t_used += (size_t)n;
}

static void
text_end(struct textout *t, int error)
{
	proc_reply(t->t_p, t->t_rq->cr_op, t->t_rq->cr_seq, error, NULL,
	    t->t_buf, t->t_used, 0);
}

static int
is_set(unsigned long cmd)
{
	switch (cmd) {
	case SIOCSIFFLAGS: case SIOCSIFADDR: case SIOCSIFBRDADDR:
	case SIOCSIFNETMASK:
		return 1;
	}
	return 0;
}

static void
op_ifioctl(struct proc *p, const struct ctl_req *rq, const void *data,
    size_t len)
{
	unsigned long cmd = (unsigned long)(uint32_t)rq->cr_arg[0];
	struct ifreq ifr, conf[IFCONF_MAX];
	struct ifconf ifc;
	int error;

	if (cmd == SIOCGIFCONF) {
		size_t want = rq->cr_arg[1] < 0 ? 0 : (size_t)rq->cr_arg[1];

		memset(conf, 0, sizeof(conf));
		ifc.ifc_len = (int)(want < sizeof(conf) ? want : sizeof(conf));
		ifc.ifc_req = conf;
		error = if_ioctl(p->p_host, cmd, &ifc);
		proc_reply(p, rq->cr_op, rq->cr_seq, error, NULL, conf,
		    error ? 0 : (size_t)ifc.ifc_len, 0);
		return;
	}
	if (len != sizeof(ifr)) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EINVAL, NULL, NULL, 0, 0);
		return;
	}
	if (is_set(cmd) && p->p_cred.uid != 0) {
		proc_reply(p, rq->cr_op, rq->cr_seq, EPERM, NULL, NULL, 0, 0);
		return;
	}
	memcpy(&ifr, data, sizeof(ifr));
	error = if_ioctl(p->p_host, cmd, &ifr);
	/* An ioctl this interface layer does not know is no tty's either. */
	if (error == EOPNOTSUPP)
		error = ENOTTY;
	proc_reply(p, rq->cr_op, rq->cr_seq, error, NULL, &ifr,
	    error ? 0 : sizeof(ifr), 0);
}

static void
op_route(struct proc *p, const struct ctl_req *rq)
{
	struct textout t = { p, rq, "", 0 };
	struct rt_info ri[128];
	char d[IN_ADDRSTRLEN], m[IN_ADDRSTRLEN], g[IN_ADDRSTRLEN];
	uint32_t dst = (uint32_t)rq->cr_arg[1], mask = (uint32_t)rq->cr_arg[2];
	uint32_t gw = (uint32_t)rq->cr_arg[3];
	size_t i, n;
	int error = 0;

	switch (rq->cr_arg[0]) {
	case CTL_RT_LIST:
		n = rt_list(p->p_host, ri, sizeof(ri) / sizeof(ri[0]));
		for (i = 0; i < n; i++)
			text_line(&t, "%s %s %s %s%s%s%s %s %llu\n",
			    in_ntoa(ri[i].ri_dst, d), in_ntoa(ri[i].ri_mask, m),
			    in_ntoa(ri[i].ri_gateway, g),
			    (ri[i].ri_flags & RTF_UP) ? "U" : "",
			    (ri[i].ri_flags & RTF_GATEWAY) ? "G" : "",
			    (ri[i].ri_flags & RTF_HOST) ? "H" : "",
			    (ri[i].ri_flags & RTF_STATIC) ? "S" : "",
			    ri[i].ri_ifname[0] ? ri[i].ri_ifname : "-",
			    (unsigned long long)ri[i].ri_use);
		break;
	case CTL_RT_ADD:
	case CTL_RT_DELETE:
		if (p->p_cred.uid != 0) {
			error = EPERM;
			break;
		}
		if (!in_mask_ok(mask) || (dst & ~mask) != 0) {
			error = EINVAL;
			break;
		}
		error = rq->cr_arg[0] == CTL_RT_ADD ?
		    rt_add(p->p_host, dst, mask, gw,
		    (gw != 0 ? RTF_GATEWAY : 0) | RTF_STATIC, NULL) :
		    rt_delete(p->p_host, dst, mask);
		break;
	default:
		error = EINVAL;
	}
	text_end(&t, error);
}

static void
op_arp(struct proc *p, const struct ctl_req *rq)
{
	struct textout t = { p, rq, "", 0 };
	struct arp_info ai[256];
	char a[IN_ADDRSTRLEN];
	size_t i, n;

	n = arp_list(p->p_host, ai, sizeof(ai) / sizeof(ai[0]));
	for (i = 0; i < n; i++)
		text_line(&t, "%s %02x:%02x:%02x:%02x:%02x:%02x %s %s\n",
		    in_ntoa(ai[i].ai_ip, a), ai[i].ai_mac[0], ai[i].ai_mac[1],
		    ai[i].ai_mac[2], ai[i].ai_mac[3], ai[i].ai_mac[4],
		    ai[i].ai_mac[5], ai[i].ai_ifname,
		    arp_statename(ai[i].ai_state));
	text_end(&t, 0);
}

#define STAT(layer, s, f) \
	text_line(&t, "%s %s %llu\n", layer, #f, (unsigned long long)(s)->f)

static void
op_inetstat(struct proc *p, const struct ctl_req *rq)
{
	struct textout t = { p, rq, "", 0 };
	struct inet_host *ih = HINET(p->p_host);
	const struct ipstat *ip = &ih->ih_ipstat;
	const struct icmpstat *ic = &ih->ih_icmpstat;
	const struct udpstat *u = &ih->ih_udpstat;
	const struct rawstat *r = &ih->ih_rawstat;
	const struct arpstat *a = &HNET(p->p_host)->nh_arpstat;
	const struct dns_stats *ds;

	STAT("ip", ip, ips_total); STAT("ip", ip, ips_tooshort);
	STAT("ip", ip, ips_badvers); STAT("ip", ip, ips_badhlen);
	STAT("ip", ip, ips_badlen); STAT("ip", ip, ips_truncated);
	STAT("ip", ip, ips_badsum); STAT("ip", ip, ips_badoptions);
	STAT("ip", ip, ips_badsrc); STAT("ip", ip, ips_martian);
	STAT("ip", ip, ips_notforus); STAT("ip", ip, ips_fragments);
	STAT("ip", ip, ips_fragdropped); STAT("ip", ip, ips_fragtimeout);
	STAT("ip", ip, ips_reassembled); STAT("ip", ip, ips_delivered);
	STAT("ip", ip, ips_noproto); STAT("ip", ip, ips_forward);
	STAT("ip", ip, ips_cantforward); STAT("ip", ip, ips_localout);
	STAT("ip", ip, ips_noroute); STAT("ip", ip, ips_fragmented);
	STAT("ip", ip, ips_ofragments); STAT("ip", ip, ips_bcast_denied);
	STAT("icmp", ic, icps_error); STAT("icmp", ic, icps_tooshort);
	STAT("icmp", ic, icps_checksum); STAT("icmp", ic, icps_reflect);
	STAT("udp", u, udps_ipackets); STAT("udp", u, udps_hdrops);
	STAT("udp", u, udps_badlen); STAT("udp", u, udps_badsum);
	STAT("udp", u, udps_noport); STAT("udp", u, udps_noportbcast);
	STAT("udp", u, udps_fullsock); STAT("udp", u, udps_delivered);
	STAT("udp", u, udps_opackets);
	STAT("raw", r, rips_delivered); STAT("raw", r, rips_fullsock);
	STAT("raw", r, rips_opackets);
	STAT("arp", a, as_received); STAT("arp", a, as_badlen);
	STAT("arp", a, as_badproto); STAT("arp", a, as_badaddr);
	if ((ds = uipcd_dns_stats(p->p_d, p->p_host)) != NULL) {	/* dns_responder.c */
		STAT("dns", ds, ds_queries); STAT("dns", ds, ds_answers);
		STAT("dns", ds, ds_nxdomain); STAT("dns", ds, ds_errors);
		STAT("dns", ds, ds_dropped);
	}
	if (ih->ih_tcp != NULL) {
		const struct tcpstat *tc = &((struct tcp_host *)ih->ih_tcp)->th_stat;

		STAT("tcp", tc, tcps_connattempt); STAT("tcp", tc, tcps_accepts);
		STAT("tcp", tc, tcps_connects); STAT("tcp", tc, tcps_drops);
		STAT("tcp", tc, tcps_conndrops); STAT("tcp", tc, tcps_closed);
		STAT("tcp", tc, tcps_timeoutdrop); STAT("tcp", tc, tcps_keepdrops);
		STAT("tcp", tc, tcps_keepprobe); STAT("tcp", tc, tcps_persisttimeo);
		STAT("tcp", tc, tcps_rexmttimeo); STAT("tcp", tc, tcps_sndtotal);
		STAT("tcp", tc, tcps_sndpack); STAT("tcp", tc, tcps_sndbyte);
		STAT("tcp", tc, tcps_sndrexmitpack); STAT("tcp", tc, tcps_sndrexmitbyte);
		STAT("tcp", tc, tcps_sndacks); STAT("tcp", tc, tcps_sndprobe);
		STAT("tcp", tc, tcps_sndurg); STAT("tcp", tc, tcps_sndwinup);
		STAT("tcp", tc, tcps_sndctrl); STAT("tcp", tc, tcps_sndrst);
		STAT("tcp", tc, tcps_rcvtotal); STAT("tcp", tc, tcps_rcvbadsum);
		STAT("tcp", tc, tcps_rcvbadoff); STAT("tcp", tc, tcps_rcvshort);
		STAT("tcp", tc, tcps_rcvbadopt); STAT("tcp", tc, tcps_rcvpack);
		STAT("tcp", tc, tcps_rcvbyte); STAT("tcp", tc, tcps_rcvduppack);
		STAT("tcp", tc, tcps_rcvdupbyte); STAT("tcp", tc, tcps_rcvpartduppack);
		STAT("tcp", tc, tcps_rcvoopack); STAT("tcp", tc, tcps_rcvoobyte);
		STAT("tcp", tc, tcps_rcvpackafterwin); STAT("tcp", tc, tcps_rcvwinprobe);
		STAT("tcp", tc, tcps_rcvdupack); STAT("tcp", tc, tcps_rcvacktoomuch);
		STAT("tcp", tc, tcps_rcvackpack); STAT("tcp", tc, tcps_rcvackbyte);
		STAT("tcp", tc, tcps_rcvwinupd); STAT("tcp", tc, tcps_pawsdrop);
		STAT("tcp", tc, tcps_rcvafterclose); STAT("tcp", tc, tcps_noport);
		STAT("tcp", tc, tcps_listendrop); STAT("tcp", tc, tcps_badsyn);
		STAT("tcp", tc, tcps_rcvrst); STAT("tcp", tc, tcps_challengeack);
		STAT("tcp", tc, tcps_challengelimit); STAT("tcp", tc, tcps_rttupdated);
		STAT("tcp", tc, tcps_segstimed); STAT("tcp", tc, tcps_delack);
		STAT("tcp", tc, tcps_fastretransmit); STAT("tcp", tc, tcps_limitedtransmit);
		STAT("tcp", tc, tcps_sackrecovery); STAT("tcp", tc, tcps_sackrexmit);
		STAT("tcp", tc, tcps_reassmemdrop);
		STAT("tcp", tc, tcps_sc_sendcookie); STAT("tcp", tc, tcps_sc_recvcookie);
		STAT("tcp", tc, tcps_sc_badcookie);
	}
	text_end(&t, 0);
}

void
ctl_ifops(struct proc *p, const struct ctl_req *rq, const void *data,
    size_t len)
{
	if (p->p_host == NULL || HINET(p->p_host) == NULL) {
		proc_reply(p, rq->cr_op, rq->cr_seq, ENXIO, NULL, NULL, 0, 0);
		return;
	}
	switch (rq->cr_op) {
	case CTL_IFIOCTL: op_ifioctl(p, rq, data, len); break;
	case CTL_ROUTE: op_route(p, rq); break;
	case CTL_ARP: op_arp(p, rq); break;
	case CTL_INETSTAT: op_inetstat(p, rq); break;
	}
}
