/*
 * IP_RECVERR: an ICMP error about a datagram a socket sent, kept on the
 * socket's error queue for recvmsg(MSG_ERRQUEUE) (Linux's ip_icmp_error,
 * ip(7)): the errno, SO_EE_ORIGIN_ICMP with the message's type and code,
 * the offender (who sent the error), the datagram's destination, and the
 * payload the error quoted.  The errno becomes a connected socket's
 * so_error too, as Linux sets sk_err then.
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
	/* A full queue drops the report; the errno still reaches a connected socket. */
	(void)soerrq_put(so, &e, data);
	/*
	 * Linux makes the errno the socket's error, connected or not, for
	 * whichever call comes first, a send or a receive.  On uipc a
	 * receive reads the channel without uipcd, which could not tell
	 * that a send took the error first, so an unconnected socket's
	 * error stays on the queue alone (docs/DIFFERENCES.md): libuv
	 * relies on a send taking it (udp_send_unreachable).
	 */
	if (inp->inp_faddr != 0)
		soseterror(so, error);
}
