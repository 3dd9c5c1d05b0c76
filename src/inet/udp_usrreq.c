/*
 * UDP (RFC 768) on the socket layer: input with the primer's association
 * rules for demultiplexing (§5.4) and broadcast delivery (§5.5), output
 * with errors returned by the sending call, ICMP errors to connected
 * sockets as so_error, and the user requests (4.4BSD netinet/udp_usrreq.c).
 * Read before editing: RFC 768, RFC 1122 §4.1.3 (checksums §4.1.3.4, ICMP
 * port unreachable §4.1.3.1, broadcasts §3.3.6), primer §5.4-5.5.
 *
 * UDP-Lite (RFC 3828) is this code too, as on Linux: the IP protocol
 * number (136, the PCB table's ipt_proto) chooses its own table (a port
 * space of its own), counters, header (udplite_wire.c) and checksum
 * coverage (udplite.c); everything else is UDP's.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/in_pcb.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "inet/udp.h"
#include "inet/udp_var.h"
#include "kern/host.h"
#include "kern/socket.h"
#include "net/if_var.h"

static struct inpcbtable *
udp_table(struct host *h, uint8_t proto)
{
	return proto == IPPROTO_UDPLITE ? &HINET(h)->ih_ulb : &HINET(h)->ih_udb;
}

static struct udpstat *
udp_stat(struct host *h, uint8_t proto)
{
	return proto == IPPROTO_UDPLITE ? &HINET(h)->ih_udplitestat : &HINET(h)->ih_udpstat;
}

#define INP_ISLITE(inp)	((inp)->inp_table->ipt_proto == IPPROTO_UDPLITE)

/*
 * Queues one datagram on inp's socket; cscov is the bytes its checksum
 * covered, header included (UDP: all).  Returns 1 if it was taken.
 */
static int
udp_append(struct inpcb *inp, const struct ip_info *ii, uint32_t src, uint16_t sport,
    const uint8_t *data, size_t len, size_t cscov, struct udpstat *us)
{
	struct socket *so = inp->inp_socket;
	struct sockaddr_in from;
	struct sbrec *r;

	if (so->so_state & SS_CANTRCVMORE)
		return 0;
	if (INP_ISLITE(inp) && !udplite_rcvcov_ok(inp, UDP_HDRLEN + len, cscov)) {
		us->udps_lowcov++;
		return 0;
	}
	/* A full buffer drops the datagram (an empty one takes any size). */
	if (so->so_rcv.sb_cc > 0 && so->so_rcv.sb_cc + len > so->so_rcv.sb_hiwat) {
		us->udps_fullsock++;
		return 0;
	}
	in_sockaddr(&from, src, sport);
	if ((r = sbrec_new(data, len, (struct sockaddr *)&from,
	    sizeof(from))) == NULL) {
		us->udps_fullsock++;
		return 0;
	}
	r->r_ctl = in_dginfo(inp, ii);
	sbappendrecord(&so->so_rcv, r);
	us->udps_delivered++;
	sowakeup(so, SO_EV_READ);
	return 1;
}

/*
 * A broadcast goes to every socket on its port whose local address is a
 * wildcard or the address it was sent to, and whose foreign half (if
 * connected) is the sender (4.4BSD udp_input).
 */
static int
udp_input_bcast(struct host *h, uint8_t proto, const struct ip_info *ii,
    const struct udp_hdr *uh, const uint8_t *data, size_t len, size_t cscov)
{
	const struct ip_hdr *ip = &ii->ii_ip;
	struct inpcb *inp;
	int n = 0;

	for (inp = udp_table(h, proto)->ipt_list; inp != NULL; inp = inp->inp_next) {
		if (inp->inp_lport != uh->uh_dport)
			continue;
		if (inp->inp_laddr != IN_ANY && inp->inp_laddr != ip->ip_dst)
			continue;
		if (inp->inp_faddr != IN_ANY &&
		    (inp->inp_faddr != ip->ip_src ||
		    inp->inp_fport != uh->uh_sport))
			continue;
		n += udp_append(inp, ii, ip->ip_src, uh->uh_sport, data, len,
		    cscov, udp_stat(h, proto));
	}
	return n;
}

/* pr_input: p is at the IP header, and ours; arg is the protocol number. */
static void
udp_input(struct host *h, struct pkt *p, const struct ip_info *ii, void *arg)
{
	uint8_t proto = (uint8_t)(uintptr_t)arg;
	struct inet_host *ih = HINET(h);
	struct udpstat *us = udp_stat(h, proto);
	const struct ip_hdr *ip = &ii->ii_ip;
	const uint8_t *u = p->pk_data + ip->ip_hl;
	size_t ulen = p->pk_len - ip->ip_hl;
	struct udp_hdr uh;
	struct inpcb *inp;
	enum udp_perr e;
	uint16_t cscov;

	us->udps_ipackets++;
	if (proto == IPPROTO_UDPLITE)
		e = udplite_parse(u, ulen, ip->ip_src, ip->ip_dst, &uh, &cscov);
	else {
		e = udp_parse(u, ulen, ip->ip_src, ip->ip_dst, &uh);
		cscov = uh.uh_ulen;
	}
	switch (e) {
	case UDPE_OK:
		break;
	case UDPE_NOSUM:
		us->udps_zerosum++;
		goto drop;
	case UDPE_BADCOV:
		us->udps_badcov++;
		goto drop;
	case UDPE_TOOSHORT:
		us->udps_hdrops++;
		goto drop;
	case UDPE_BADLEN:
		us->udps_badlen++;
		goto drop;
	case UDPE_BADSUM:
		us->udps_badsum++;
		goto drop;
	}
	if (uh.uh_sum == 0)
		us->udps_nosum++;	/* UDP only: UDP-Lite's parse refused it */
	/* Raw sockets for UDP see it too (Linux does; 4.4BSD did not). */
	if (ih->ih_rawinput != NULL)
		ih->ih_rawinput(h, p, ii, ih->ih_rawarg);
	if ((ii->ii_flags & (II_BCAST | II_LLBCAST | II_MCAST)) ||
	    in_broadcast(h, ip->ip_dst, NULL)) {
		/* RFC 1122 §4.1.3.1: no port unreachable for a broadcast. */
		if (udp_input_bcast(h, proto, ii, &uh, u + UDP_HDRLEN,
		    uh.uh_ulen - UDP_HDRLEN, cscov) == 0)
			us->udps_noportbcast++;
		goto drop;
	}
	inp = in_pcblookup(udp_table(h, proto), ip->ip_src, uh.uh_sport, ip->ip_dst,
	    uh.uh_dport, INPLOOKUP_WILDCARD);
	if (inp == NULL) {
		us->udps_noport++;
		icmp_error(h, p, ICMP_UNREACH, ICMP_UNREACH_PORT, 0);
		goto drop;
	}
	udp_append(inp, ii, ip->ip_src, uh.uh_sport, u + UDP_HDRLEN,
	    uh.uh_ulen - UDP_HDRLEN, cscov, us);
drop:
	pkt_free(p);
}

static void
udp_notify(struct inpcb *inp, int error)
{
	soseterror(inp->inp_socket, error);
}

/*
 * pr_ctlinput: an ICMP error about a datagram we sent goes to the socket
 * connected to its destination, as so_error (primer: asynchronous errors
 * are returned by the next call).
 */
static void
udp_ctlinput(struct host *h, const struct ip_ctl *ic, void *arg)
{
	struct inpcbtable *t = udp_table(h, (uint8_t)(uintptr_t)arg);
	struct inpcb *inp;
	uint16_t sport, dport;
	int error;

	if ((error = prc_errno(ic->ic_prc)) == 0 || ic->ic_hdrlen < 4)
		return;
	sport = (uint16_t)(ic->ic_hdr[0] << 8 | ic->ic_hdr[1]);
	dport = (uint16_t)(ic->ic_hdr[2] << 8 | ic->ic_hdr[3]);
	/*
	 * With IP_RECVERR the socket that sent it hears every error,
	 * connected or not, on its error queue (Linux's __udp4_lib_err);
	 * without, only a connected socket, as its errno (in_pcbnotify).
	 */
	inp = in_pcblookup(t, ic->ic_dst, dport, ic->ic_src,
	    sport, INPLOOKUP_WILDCARD);
	if (inp != NULL && (inp->inp_flags & INP_RECVERR)) {
		in_recverr(inp, ic, error, ic->ic_hdr + (ic->ic_hdrlen < UDP_HDRLEN ? ic->ic_hdrlen : UDP_HDRLEN),
		    ic->ic_hdrlen > UDP_HDRLEN ? ic->ic_hdrlen - UDP_HDRLEN : 0, dport);
		return;
	}
	in_pcbnotify(t, ic->ic_dst, dport, ic->ic_src, sport,
	    error, udp_notify);
}

int
udp_attach(struct host *h)
{
	struct ip_protosw pr = {
		.pr_input = udp_input,
		.pr_ctlinput = udp_ctlinput,
		.pr_arg = (void *)(uintptr_t)IPPROTO_UDP,
	};
	int error;

	if ((error = ip_proto_register(h, IPPROTO_UDP, &pr)) != 0)
		return error;
	pr.pr_arg = (void *)(uintptr_t)IPPROTO_UDPLITE;
	return ip_proto_register(h, IPPROTO_UDPLITE, &pr);
}

/* User requests. */

static int
udp_uattach(struct socket *so, int proto)
{
	if (so->so_pcb != NULL)
		return EINVAL;
	return in_pcballoc(so, udp_table(so->so_host, (uint8_t)so->so_proto->pr_protocol));
}

static void
udp_detach(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp != NULL)
		in_pcbdetach(inp);
}

static int
udp_bind(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	return in_pcbbind(sotoinpcb(so), nam->sa, nam->len, cr);
}

static int
udp_connect(struct socket *so, const struct so_addr *nam,
    const struct ucred *cr)
{
	struct inpcb *inp = sotoinpcb(so);
	int error;

	if (inp->inp_faddr != IN_ANY)
		return EISCONN;
	if ((error = in_pcbconnect(inp, nam->sa, nam->len, cr)) != 0)
		return error;
	soisconnected(so);
	return 0;
}

static int
udp_disconnect(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp->inp_faddr == IN_ANY)
		return ENOTCONN;
	in_pcbdisconnect(inp);
	/* 4.4BSD: the local address connect chose goes with the peer. */
	inp->inp_laddr = IN_ANY;
	so->so_state &= ~SS_ISCONNECTED;
	return 0;
}

static int
udp_shutdown(struct socket *so)
{
	return 0;
}

/*
 * Sends one datagram.  The record is ours from the call on.  A send on an
 * unbound socket binds an ephemeral port first (the primer: "datagram
 * sockets are anchored before a message is allowed to go out").  Errors
 * known at once come back: ENETUNREACH, EHOSTUNREACH, EACCES (broadcast),
 * EMSGSIZE, EADDRNOTAVAIL, ENOBUFS.
 */
static int
udp_sendrec(struct socket *so, struct sbrec *r, const struct so_addr *to,
    const struct ucred *cr)
{
	struct host *h = so->so_host;
	struct inpcb *inp = sotoinpcb(so);
	struct ip_out o;
	struct udp_hdr uh;
	struct pkt *p;
	uint32_t dst, src;
	uint16_t dport;
	unsigned flags = in_sendflags(so, r, cr);
	int error;

	if (to != NULL) {
		if ((error = in_pcbdst(h, to->sa, to->len, &dst, &dport)) != 0)
			goto out;
		/*
		 * Primer §5.5 broadcasts by sending to INADDR_ANY, as the
		 * super-user (or with SO_BROADCAST); anyone else means this
		 * host by it, as on Linux, where in_pcbdst left it.
		 */
		if ((flags & IPO_ALLOWBCAST) && to->len >= sizeof(struct sockaddr_in) &&
		    ((const struct sockaddr_in *)to->sa)->sin_addr.s_addr == htonl(INADDR_ANY) &&
		    in_pcbdst_primer(h) != IN_ANY)
			dst = in_pcbdst_primer(h);
		if (dport == 0) {
			error = EINVAL;		/* as Linux says */
			goto out;
		}
	} else if (inp->inp_faddr != IN_ANY) {
		dst = inp->inp_faddr;
		dport = inp->inp_fport;
	} else {
		error = EDESTADDRREQ;
		goto out;
	}
	if (r->r_len > IP_MAXPACKET - IP_MINHLEN - UDP_HDRLEN) {
		error = EMSGSIZE;
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.io_ttl = inp->inp_ttl;
	if (IN_ISCLASSD(dst)) {
		int loop;

		/* The socket's multicast options (in_mcast.h): interface, TTL, loop. */
		in_mcast_out(inp, h, &o.io_ifp, &src, &o.io_ttl, &loop);
		if (loop)
			flags |= IPO_MCAST_LOOP;
		if (inp->inp_laddr != IN_ANY)
			src = inp->inp_laddr;
		else if (src == IN_ANY && o.io_ifp != NULL)
			src = ip_src_for(o.io_ifp, dst);
		else if (src == IN_ANY &&
		    (error = in_pcbladdr(inp, dst, flags & IPO_DONTROUTE, &src)) != 0)
			goto out;
	} else if ((error = in_pcbladdr(inp, dst, flags & IPO_DONTROUTE, &src)) != 0)
		goto out;
	if ((error = in_dginfo_src(h, r->r_ctl, &src)) != 0)
		goto out;
	if (inp->inp_lport == 0 && (error = in_pcbbind(inp, NULL, 0, cr)) != 0)
		goto out;
	if ((p = pkt_alloc(sotostack(so)->st_pkts, UDP_HDRLEN + r->r_len)) == NULL) {
		error = ENOBUFS;
		goto out;
	}
	memcpy(p->pk_data + UDP_HDRLEN, r->r_data, r->r_len);
	uh.uh_sport = inp->inp_lport;
	uh.uh_dport = dport;
	uh.uh_ulen = (uint16_t)(UDP_HDRLEN + r->r_len);
	uh.uh_sum = 0;
	o.io_dst = dst;
	o.io_proto = inp->inp_table->ipt_proto;
	o.io_tos = inp->inp_tos;
	o.io_flags = flags;
	o.io_src = src;
	if (INP_ISLITE(inp))
		udplite_emit(&uh, p->pk_data, o.io_src, dst,
		    udplite_sndcov(inp, uh.uh_ulen));
	else
		udp_emit(&uh, p->pk_data, o.io_src, dst, 1);
	error = ip_output(h, p, &o);
	if (error == 0)
		udp_stat(h, o.io_proto)->udps_opackets++;
out:
	sbrec_free(r);
	return error;
}

static int
udp_sockaddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	return in_setsockaddr(sotoinpcb(so), nam, len);
}

static int
udp_peeraddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	return in_setpeeraddr(sotoinpcb(so), nam, len);
}

static int
udp_ctloutput(struct socket *so, int set, int level, int name, void *val,
    socklen_t *len)
{
	struct inpcb *inp = sotoinpcb(so);
	int error;

	/* udplite(7): its options at its own level or UDP's. */
	if ((level == IPPROTO_UDP || level == IPPROTO_UDPLITE) &&
	    (error = udplite_ctloutput(inp, INP_ISLITE(inp), set, name, val,
	    len)) != ENOPROTOOPT)
		return error;
	return in_pcbctloutput(inp, set, level, name, val, len);
}

const struct pr_usrreqs udp_usrreqs = {
	.pru_attach = udp_uattach,
	.pru_detach = udp_detach,
	.pru_bind = udp_bind,
	.pru_connect = udp_connect,
	.pru_disconnect = udp_disconnect,
	.pru_shutdown = udp_shutdown,
	.pru_sendrec = udp_sendrec,
	.pru_sockaddr = udp_sockaddr,
	.pru_peeraddr = udp_peeraddr,
	.pru_ctloutput = udp_ctloutput,
};
