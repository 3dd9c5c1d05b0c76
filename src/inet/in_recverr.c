/*
 * IP_RECVERR: an ICMP error about a datagram a socket sent, kept on the
 * socket's error queue for recvmsg(MSG_ERRQUEUE) (Linux's ip_icmp_error,
 * ip(7)): the errno, SO_EE_ORIGIN_ICMP with the message's type and code,
 * the offender (who sent the error), the datagram's destination, and the
 * payload the error quoted.  The errno becomes the socket's so_error
 * too, connected or not, as Linux sets sk_err then.
 */
#include <time.h>
#include <linux/errqueue.h>
#include <string.h>

#include "inet/in_pcb.h"
#include "inet/ip_var.h"
#include "kern/so_errq.h"
#include "kern/socket.h"

void
in_recverr(struct inpcb *inp, const struct ip_ctl *ic, int error,
    const uint8_t *data, size_t len, uint16_t dport)
{
	struct socket *so = inp->inp_socket;
	struct so_err e;

	if (so == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.se_errno = (uint32_t)error;
	e.se_origin = SO_EE_ORIGIN_ICMP;
	e.se_type = ic->ic_type;
	e.se_code = ic->ic_code;
	e.se_info = ic->ic_mtu;
	e.se_offender = ic->ic_from;
	e.se_dst = ic->ic_dst;
	e.se_dport = dport;
	e.se_len = len;
	/* A full queue drops the report; the errno still reaches the socket. */
	(void)soerrq_put(so, &e, data);
	/*
	 * Linux makes the errno the socket's error too, connected or not
	 * (__udp4_lib_err with recverr on: sk_err, then sk_error_report), for
	 * whichever call comes first: a send, a receive, SO_ERROR, or the
	 * queue's read.  uipc keeps it so; the socket's channel hears of it
	 * as a record that wakes a receive or a poll (chan.c), and the
	 * receive asks whether a send took it first (msg.c).
	 */
	soseterror(so, error);
}
