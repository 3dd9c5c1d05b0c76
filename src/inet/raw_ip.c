/*
 * Raw IP sockets (4.4BSD netinet/raw_ip.c): for the super-user only, a
 * socket of a protocol receives a copy of each datagram of that protocol
 * delivered to its host, IP header included; a send gets its header from
 * the stack unless IP_HDRINCL says the user built it.  ping (cmd/ping) is
 * the customer.  Read before editing: ip_var.h's ip_rawinput_fn contract.
 */
#include <errno.h>
#include <string.h>

#include "base/pkt.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "inet/in_mcast.h"
#include "inet/in_pcb.h"
#include "inet/ip.h"
#include "inet/ip_icmp.h"
#include "inet/ip_var.h"
#include "inet/udp_var.h"
#include "kern/host.h"
#include "kern/socket.h"

/*
 * The raw hook ip_input and ICMP call: a copy to every raw socket whose
 * protocol, local and foreign addresses match (0: any).  p stays the
 * caller's.  Returns the number of sockets that took a copy.
 */
static int
rip_input(struct host *h, const struct pkt *p, const struct ip_info *ii,
    void *arg)
{
	struct inet_host *ih = HINET(h);
	const struct ip_hdr *ip = &ii->ii_ip;
	struct sockaddr_in from;
	struct inpcb *inp;
	struct socket *so;
	struct sbrec *r;
	int n = 0;

	for (inp = ih->ih_rawcb.ipt_list; inp != NULL; inp = inp->inp_next) {
		if (inp->inp_proto != 0 && inp->inp_proto != ip->ip_p)
			continue;
		if (inp->inp_laddr != IN_ANY && inp->inp_laddr != ip->ip_dst)
			continue;
		if (inp->inp_faddr != IN_ANY && inp->inp_faddr != ip->ip_src)
			continue;
		so = inp->inp_socket;
		if (so->so_state & SS_CANTRCVMORE)
			continue;
		if (so->so_rcv.sb_cc > 0 &&
		    so->so_rcv.sb_cc + p->pk_len > so->so_rcv.sb_hiwat) {
			ih->ih_rawstat.rips_fullsock++;
			continue;
		}
		in_sockaddr(&from, ip->ip_src, 0);
		if ((r = sbrec_new(p->pk_data, p->pk_len,
		    (struct sockaddr *)&from, sizeof(from))) == NULL) {
			ih->ih_rawstat.rips_fullsock++;
			continue;
		}
		r->r_ctl = in_dginfo(inp, ii);
		sbappendrecord(&so->so_rcv, r);
		ih->ih_rawstat.rips_delivered++;
		sowakeup(so, SO_EV_READ);
		n++;
	}
	return n;
}

/*
 * An ICMP error about a datagram of a raw socket's protocol: with
 * IP_RECVERR, on the error queue of each raw socket of that protocol whose
 * addresses match, the quote past its IP header, or from the header on
 * for a socket that builds its own (IP_HDRINCL), as Linux's raw_err.
 */
static void
rip_ctlinput(struct host *h, const struct ip_ctl *ic)
{
	struct inpcb *inp;
	int error = prc_errno(ic->ic_prc);

	if (error == 0 || ic->ic_ip == NULL)
		return;
	for (inp = HINET(h)->ih_rawcb.ipt_list; inp != NULL; inp = inp->inp_next) {
		if (!(inp->inp_flags & INP_RECVERR) || inp->inp_proto != ic->ic_proto)
			continue;
		if ((inp->inp_laddr != IN_ANY && inp->inp_laddr != ic->ic_src) ||
		    (inp->inp_faddr != IN_ANY && inp->inp_faddr != ic->ic_dst))
			continue;
		if (inp->inp_flags & INP_HDRINCL)
			in_recverr(inp, ic, error, ic->ic_ip, ic->ic_iplen, 0);
		else
			in_recverr(inp, ic, error, ic->ic_hdr, ic->ic_hdrlen, 0);
	}
}

void
rip_attach(struct host *h)
{
	ip_raw_register(h, rip_input, NULL);
	HINET(h)->ih_rawctlinput = rip_ctlinput;
}

/*
 * pru_attach: uid 0 only (4.4BSD rip_usrreq answers EACCES); the protocol
 * is the one socket(2) named, and IPPROTO_RAW means the user sends whole
 * datagrams (as Linux: IP_HDRINCL on).
 */
static int
rip_uattach(struct socket *so, int proto)
{
	struct inpcb *inp;
	int error;

	if (so->so_cred.uid != 0)
		return EACCES;
	if (proto <= 0 || proto > 255)
		return EPROTONOSUPPORT;
	if ((error = in_pcballoc(so, &HINET(so->so_host)->ih_rawcb)) != 0)
		return error;
	inp = sotoinpcb(so);
	inp->inp_proto = (uint8_t)proto;
	if (proto == IPPROTO_RAW)
		inp->inp_flags |= INP_HDRINCL;
	return 0;
}

static void
rip_detach(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp != NULL)
		in_pcbdetach(inp);
}

/* bind names a local address only; raw sockets have no ports. */
static int
rip_bind(struct socket *so, const struct so_addr *nam, const struct ucred *cr)
{
	struct inpcb *inp = sotoinpcb(so);
	uint32_t a;
	uint16_t port;
	int error;

	if ((error = in_pcbdst(so->so_host, nam->sa, nam->len, &a, &port)) != 0)
		return error;
	a = ntohl(((const struct sockaddr_in *)nam->sa)->sin_addr.s_addr);
	if (a != IN_ANY && !ip_is_local(so->so_host, a))
		return EADDRNOTAVAIL;
	inp->inp_laddr = a;
	so->so_state |= SS_ISBOUND;
	return 0;
}

static int
rip_connect(struct socket *so, const struct so_addr *nam,
    const struct ucred *cr)
{
	struct inpcb *inp = sotoinpcb(so);
	uint32_t a;
	uint16_t port;
	int error;

	if ((error = in_pcbdst(so->so_host, nam->sa, nam->len, &a, &port)) != 0)
		return error;
	inp->inp_faddr = a;
	soisconnected(so);
	return 0;
}

static int
rip_disconnect(struct socket *so)
{
	struct inpcb *inp = sotoinpcb(so);

	if (inp->inp_faddr == IN_ANY)
		return ENOTCONN;
	inp->inp_faddr = IN_ANY;
	so->so_state &= ~SS_ISCONNECTED;
	return 0;
}

static int
rip_shutdown(struct socket *so)
{
	return 0;
}

/*
 * Sends one datagram: the payload of a protocol inp_proto datagram, or
 * with IP_HDRINCL a whole datagram whose header ip_output completes
 * (length, id and source when zero, checksum).  The record is ours.
 */
static int
rip_sendrec(struct socket *so, struct sbrec *r, const struct so_addr *to,
    const struct ucred *cr)
{
	struct host *h = so->so_host;
	struct inpcb *inp = sotoinpcb(so);
	struct ip_out o;
	struct pkt *p;
	uint32_t dst;
	uint16_t port;
	int error;

	memset(&o, 0, sizeof(o));
	if (to != NULL) {
		if ((error = in_pcbdst(h, to->sa, to->len, &dst, &port)) != 0)
			goto out;
	} else if (inp->inp_faddr != IN_ANY) {
		dst = inp->inp_faddr;
	} else {
		error = EDESTADDRREQ;
		goto out;
	}
	if (r->r_len > IP_MAXPACKET - ((inp->inp_flags & INP_HDRINCL) ?
	    0 : IP_MINHLEN)) {
		error = EMSGSIZE;
		goto out;
	}
	o.io_flags = in_sendflags(so, r, cr);
	if (inp->inp_flags & INP_HDRINCL) {
		if (r->r_len < IP_MINHLEN) {
			error = EINVAL;
			goto out;
		}
		o.io_flags |= IPO_RAWHDR;
	}
	if ((p = pkt_from(sotostack(so)->st_pkts, r->r_data, r->r_len)) == NULL) {
		error = ENOBUFS;
		goto out;
	}
	o.io_dst = dst;
	o.io_src = inp->inp_laddr;
	o.io_proto = inp->inp_proto;
	o.io_ttl = inp->inp_ttl;
	o.io_tos = inp->inp_tos;
	if (IN_ISCLASSD(dst)) {
		/* The socket's multicast options, as for UDP (in_mcast.h). */
		uint32_t src;
		int loop;

		in_mcast_out(inp, h, &o.io_ifp, &src, &o.io_ttl, &loop);
		if (loop)
			o.io_flags |= IPO_MCAST_LOOP;
		if (o.io_src == IN_ANY)
			o.io_src = src != IN_ANY ? src : o.io_ifp != NULL ? ip_src_for(o.io_ifp, dst) : IN_ANY;
	}
	error = ip_output(h, p, &o);
	if (error == 0)
		HINET(h)->ih_rawstat.rips_opackets++;
out:
	sbrec_free(r);
	return error;
}

static int
rip_sockaddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	return in_setsockaddr(sotoinpcb(so), nam, len);
}

static int
rip_peeraddr(struct socket *so, struct sockaddr *nam, socklen_t *len)
{
	return in_setpeeraddr(sotoinpcb(so), nam, len);
}

static int
rip_ctloutput(struct socket *so, int set, int level, int name, void *val,
    socklen_t *len)
{
	return in_pcbctloutput(sotoinpcb(so), set, level, name, val, len);
}

const struct pr_usrreqs rip_usrreqs = {
	.pru_attach = rip_uattach,
	.pru_detach = rip_detach,
	.pru_bind = rip_bind,
	.pru_connect = rip_connect,
	.pru_disconnect = rip_disconnect,
	.pru_shutdown = rip_shutdown,
	.pru_sendrec = rip_sendrec,
	.pru_sockaddr = rip_sockaddr,
	.pru_peeraddr = rip_peeraddr,
	.pru_ctloutput = rip_ctloutput,
};
