/*
 * The Internet domain's counters for `uipc netstat -s` (kern/domain.h,
 * struct pr_stats): each layer's figures of one host, in the order netstat
 * has always printed them, named as their BSD fields.  A counter a layer
 * keeps but does not list here is not shown; adding one is one line.
 */
#include <stddef.h>

#include "inet/in_host.h"
#include "inet/tcp_var.h"
#include "kern/host.h"
#include "net/net_host.h"

static const struct pr_statfield ip_fields[] = {
	PR_STATFIELD(ipstat, ips_total), PR_STATFIELD(ipstat, ips_tooshort),
	PR_STATFIELD(ipstat, ips_badvers), PR_STATFIELD(ipstat, ips_badhlen),
	PR_STATFIELD(ipstat, ips_badlen), PR_STATFIELD(ipstat, ips_truncated),
	PR_STATFIELD(ipstat, ips_badsum), PR_STATFIELD(ipstat, ips_badoptions),
	PR_STATFIELD(ipstat, ips_badsrc), PR_STATFIELD(ipstat, ips_martian),
	PR_STATFIELD(ipstat, ips_notforus), PR_STATFIELD(ipstat, ips_fragments),
	PR_STATFIELD(ipstat, ips_fragdropped), PR_STATFIELD(ipstat, ips_fragtimeout),
	PR_STATFIELD(ipstat, ips_reassembled), PR_STATFIELD(ipstat, ips_delivered),
	PR_STATFIELD(ipstat, ips_noproto), PR_STATFIELD(ipstat, ips_forward),
	PR_STATFIELD(ipstat, ips_cantforward), PR_STATFIELD(ipstat, ips_localout),
	PR_STATFIELD(ipstat, ips_noroute), PR_STATFIELD(ipstat, ips_fragmented),
	PR_STATFIELD(ipstat, ips_ofragments), PR_STATFIELD(ipstat, ips_bcast_denied),
};

static const struct pr_statfield icmp_fields[] = {
	PR_STATFIELD(icmpstat, icps_error), PR_STATFIELD(icmpstat, icps_tooshort),
	PR_STATFIELD(icmpstat, icps_checksum), PR_STATFIELD(icmpstat, icps_reflect),
};

static const struct pr_statfield udp_fields[] = {
	PR_STATFIELD(udpstat, udps_ipackets), PR_STATFIELD(udpstat, udps_hdrops),
	PR_STATFIELD(udpstat, udps_badlen), PR_STATFIELD(udpstat, udps_badsum),
	PR_STATFIELD(udpstat, udps_noport), PR_STATFIELD(udpstat, udps_noportbcast),
	PR_STATFIELD(udpstat, udps_fullsock), PR_STATFIELD(udpstat, udps_delivered),
	PR_STATFIELD(udpstat, udps_opackets),
};

/* UDP-Lite's (RFC 3828): UDP's figures and its own reasons to drop. */
static const struct pr_statfield udplite_fields[] = {
	PR_STATFIELD(udpstat, udps_ipackets), PR_STATFIELD(udpstat, udps_hdrops),
	PR_STATFIELD(udpstat, udps_badsum), PR_STATFIELD(udpstat, udps_zerosum),
	PR_STATFIELD(udpstat, udps_badcov), PR_STATFIELD(udpstat, udps_lowcov),
	PR_STATFIELD(udpstat, udps_noport), PR_STATFIELD(udpstat, udps_noportbcast),
	PR_STATFIELD(udpstat, udps_fullsock), PR_STATFIELD(udpstat, udps_delivered),
	PR_STATFIELD(udpstat, udps_opackets),
};

static const struct pr_statfield raw_fields[] = {
	PR_STATFIELD(rawstat, rips_delivered), PR_STATFIELD(rawstat, rips_fullsock),
	PR_STATFIELD(rawstat, rips_opackets),
};

static const struct pr_statfield arp_fields[] = {
	PR_STATFIELD(arpstat, as_received), PR_STATFIELD(arpstat, as_badlen),
	PR_STATFIELD(arpstat, as_badproto), PR_STATFIELD(arpstat, as_badaddr),
};

static const struct pr_statfield tcp_fields[] = {
	PR_STATFIELD(tcpstat, tcps_connattempt), PR_STATFIELD(tcpstat, tcps_accepts),
	PR_STATFIELD(tcpstat, tcps_connects), PR_STATFIELD(tcpstat, tcps_drops),
	PR_STATFIELD(tcpstat, tcps_conndrops), PR_STATFIELD(tcpstat, tcps_closed),
	PR_STATFIELD(tcpstat, tcps_timeoutdrop), PR_STATFIELD(tcpstat, tcps_keepdrops),
	PR_STATFIELD(tcpstat, tcps_keepprobe), PR_STATFIELD(tcpstat, tcps_persisttimeo),
	PR_STATFIELD(tcpstat, tcps_rexmttimeo), PR_STATFIELD(tcpstat, tcps_sndtotal),
	PR_STATFIELD(tcpstat, tcps_sndpack), PR_STATFIELD(tcpstat, tcps_sndbyte),
	PR_STATFIELD(tcpstat, tcps_sndrexmitpack), PR_STATFIELD(tcpstat, tcps_sndrexmitbyte),
	PR_STATFIELD(tcpstat, tcps_sndacks), PR_STATFIELD(tcpstat, tcps_sndprobe),
	PR_STATFIELD(tcpstat, tcps_sndurg), PR_STATFIELD(tcpstat, tcps_sndwinup),
	PR_STATFIELD(tcpstat, tcps_sndctrl), PR_STATFIELD(tcpstat, tcps_sndrst),
	PR_STATFIELD(tcpstat, tcps_rcvtotal), PR_STATFIELD(tcpstat, tcps_rcvbadsum),
	PR_STATFIELD(tcpstat, tcps_rcvbadoff), PR_STATFIELD(tcpstat, tcps_rcvshort),
	PR_STATFIELD(tcpstat, tcps_rcvbadopt), PR_STATFIELD(tcpstat, tcps_rcvpack),
	PR_STATFIELD(tcpstat, tcps_rcvbyte), PR_STATFIELD(tcpstat, tcps_rcvduppack),
	PR_STATFIELD(tcpstat, tcps_rcvdupbyte), PR_STATFIELD(tcpstat, tcps_rcvpartduppack),
	PR_STATFIELD(tcpstat, tcps_rcvoopack), PR_STATFIELD(tcpstat, tcps_rcvoobyte),
	PR_STATFIELD(tcpstat, tcps_rcvpackafterwin), PR_STATFIELD(tcpstat, tcps_rcvwinprobe),
	PR_STATFIELD(tcpstat, tcps_rcvdupack), PR_STATFIELD(tcpstat, tcps_rcvacktoomuch),
	PR_STATFIELD(tcpstat, tcps_rcvackpack), PR_STATFIELD(tcpstat, tcps_rcvackbyte),
	PR_STATFIELD(tcpstat, tcps_rcvwinupd), PR_STATFIELD(tcpstat, tcps_pawsdrop),
	PR_STATFIELD(tcpstat, tcps_rcvafterclose), PR_STATFIELD(tcpstat, tcps_noport),
	PR_STATFIELD(tcpstat, tcps_listendrop), PR_STATFIELD(tcpstat, tcps_badsyn),
	PR_STATFIELD(tcpstat, tcps_rcvrst), PR_STATFIELD(tcpstat, tcps_badrst),
	PR_STATFIELD(tcpstat, tcps_challengeack),
	PR_STATFIELD(tcpstat, tcps_challengelimit), PR_STATFIELD(tcpstat, tcps_rttupdated),
	PR_STATFIELD(tcpstat, tcps_segstimed), PR_STATFIELD(tcpstat, tcps_delack),
	PR_STATFIELD(tcpstat, tcps_fastretransmit),
	PR_STATFIELD(tcpstat, tcps_limitedtransmit), PR_STATFIELD(tcpstat, tcps_sackrecovery),
	PR_STATFIELD(tcpstat, tcps_sackrexmit), PR_STATFIELD(tcpstat, tcps_reassmemdrop),
	PR_STATFIELD(tcpstat, tcps_sc_sendcookie), PR_STATFIELD(tcpstat, tcps_sc_recvcookie),
	PR_STATFIELD(tcpstat, tcps_sc_badcookie),
};

#define NFIELDS(a)	(sizeof(a) / sizeof((a)[0]))

static size_t
ip_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL)
		return 0;
	return pr_stats_copy(&ih->ih_ipstat, ip_fields, NFIELDS(ip_fields), out, max);
}

static size_t
icmp_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL)
		return 0;
	return pr_stats_copy(&ih->ih_icmpstat, icmp_fields, NFIELDS(icmp_fields), out, max);
}

static size_t
udp_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL)
		return 0;
	return pr_stats_copy(&ih->ih_udpstat, udp_fields, NFIELDS(udp_fields), out, max);
}

static size_t
udplite_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL)
		return 0;
	return pr_stats_copy(&ih->ih_udplitestat, udplite_fields, NFIELDS(udplite_fields),
	    out, max);
}

static size_t
raw_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL)
		return 0;
	return pr_stats_copy(&ih->ih_rawstat, raw_fields, NFIELDS(raw_fields), out, max);
}

static size_t
arp_stats(struct host *h, struct pr_stat *out, size_t max)
{
	/* ARP is the link layer's (src/net); netstat has always shown it beside IP's. */
	const struct net_host *nh = HNET(h);

	if (nh == NULL)
		return 0;
	return pr_stats_copy(&nh->nh_arpstat, arp_fields, NFIELDS(arp_fields), out, max);
}

static size_t
tcp_stats(struct host *h, struct pr_stat *out, size_t max)
{
	const struct inet_host *ih = HINET(h);

	if (ih == NULL || ih->ih_tcp == NULL)
		return 0;
	return pr_stats_copy(&((const struct tcp_host *)ih->ih_tcp)->th_stat, tcp_fields,
	    NFIELDS(tcp_fields), out, max);
}

const struct pr_stats in_stats[] = {
	{ "ip", ip_stats },
	{ "icmp", icmp_stats },
	{ "udp", udp_stats },
	{ "udplite", udplite_stats },
	{ "raw", raw_stats },
	{ "arp", arp_stats },
	{ "tcp", tcp_stats },
	{ NULL, NULL },
};
