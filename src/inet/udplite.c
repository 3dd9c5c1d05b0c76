/*
 * UDP-Lite's checksum coverage (RFC 3828 §3.1) as a socket chooses it,
 * with Linux's two options (udplite(7)): UDPLITE_SEND_CSCOV, the coverage
 * of the datagrams the socket sends, and UDPLITE_RECV_CSCOV, the least
 * coverage it takes.  Each is an int from 0 to 65535; 0 means the whole
 * datagram, and 1 to 7 (less than the header, which §3.1 forbids) mean 8.
 * An option never set leaves coverage whole on send and takes any valid
 * coverage on receive.  A UDP socket reads both as 0 (its coverage is
 * always whole) and cannot set them (ENOPROTOOPT), as on Linux.
 */
#include <errno.h>

#include "inet/in_pcb.h"
#include "inet/udp.h"
#include "inet/udp_var.h"
#include "kern/sockopt_val.h"

int
udplite_ctloutput(struct inpcb *inp, int lite, int set, int name, void *val,
    socklen_t *len)
{
	uint16_t *cov;
	unsigned flag;
	int v, error;

	switch (name) {
	case UDPLITE_SEND_CSCOV:
		cov = &inp->inp_sndcscov;
		flag = INP_SNDCSCOV;
		break;
	case UDPLITE_RECV_CSCOV:
		cov = &inp->inp_rcvcscov;
		flag = INP_RCVCSCOV;
		break;
	default:
		return ENOPROTOOPT;
	}
	if (!set)
		return sockopt_out_int(val, len, lite ? *cov : 0);
	if (!lite)
		return ENOPROTOOPT;
	if ((error = sockopt_in_int(val, *len, &v)) != 0)
		return error;
	if (v != 0 && v < UDP_HDRLEN)
		v = UDP_HDRLEN;
	else if (v > 0xffff)
		v = 0xffff;
	*cov = (uint16_t)v;
	inp->inp_flags |= flag;
	return 0;
}

/*
 * The length field of a datagram of ulen bytes: the socket's coverage
 * when it is less than the datagram (0 included: whole, said so), else
 * the datagram's length, as Linux's udplite_sender_cscov falls back to
 * whole coverage rather than send a coverage beyond the datagram.
 */
uint16_t
udplite_sndcov(const struct inpcb *inp, size_t ulen)
{
	if ((inp->inp_flags & INP_SNDCSCOV) && inp->inp_sndcscov < ulen)
		return inp->inp_sndcscov;
	return (uint16_t)ulen;
}

/*
 * A datagram whose checksum covered all of it is always taken; one
 * partly covered is refused by a socket that set UDPLITE_RECV_CSCOV to 0
 * (whole coverage asked) or to more than the datagram's coverage (Linux's
 * udp_queue_rcv_one_skb).
 */
int
udplite_rcvcov_ok(const struct inpcb *inp, size_t ulen, size_t cscov)
{
	if (!(inp->inp_flags & INP_RCVCSCOV) || cscov >= ulen)
		return 1;
	return inp->inp_rcvcscov != 0 && cscov >= inp->inp_rcvcscov;
}
