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
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/route_var.h"
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

/* The DNS responder's counters (uipcd's own) in the layers' shape. */
static const struct pr_statfield dns_fields[] = {
	PR_STATFIELD(dns_stats, ds_queries), PR_STATFIELD(dns_stats, ds_answers),
	PR_STATFIELD(dns_stats, ds_nxdomain), PR_STATFIELD(dns_stats, ds_errors),
	PR_STATFIELD(dns_stats, ds_dropped),
};

/*
 * What `uipc netstat -s` shows, in its order (4.4BSD netstat's protox
 * table): each layer's counters come through the protocol switch
 * (pr_stats, kern/domain.h), never from a protocol's own structs; "dns"
 * is uipcd's responder.  A layer the host lacks shows nothing.
 */
static const char *const inetstat_layers[] = {
	"ip", "icmp", "udp", "udplite", "raw", "arp", "dns", "tcp",
};

#define INETSTAT_MAX	128

static void
op_inetstat(struct proc *p, const struct ctl_req *rq)
{
	struct textout t = { p, rq, "", 0 };
	struct pr_stat st[INETSTAT_MAX];
	const struct dns_stats *ds;
	const char *layer;
	size_t i, k, n;

	for (i = 0; i < sizeof(inetstat_layers) / sizeof(inetstat_layers[0]); i++) {
		layer = inetstat_layers[i];
		if (strcmp(layer, "dns") == 0)
			n = (ds = uipcd_dns_stats(p->p_d, p->p_host)) == NULL ? 0 :
			    pr_stats_copy(ds, dns_fields, sizeof(dns_fields) / sizeof(dns_fields[0]),
			    st, INETSTAT_MAX);
		else
			n = pr_stats(p->p_host, layer, st, INETSTAT_MAX);
		for (k = 0; k < n && k < INETSTAT_MAX; k++)
			text_line(&t, "%s %s %llu\n", layer, st[k].ps_name, st[k].ps_value);
	}
	text_end(&t, 0);
}

void
ctl_ifops(struct proc *p, const struct ctl_req *rq, const void *data,
    size_t len)
{
	if (p->p_host == NULL || p->p_host->h_inet == NULL) {
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
