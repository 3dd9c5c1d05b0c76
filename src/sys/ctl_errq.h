#ifndef UIPC_SYS_CTL_ERRQ_H
#define UIPC_SYS_CTL_ERRQ_H
/*
 * recvmsg(MSG_ERRQUEUE) for a process: the oldest entry of a socket's
 * error queue as the wire's struct ctl_errq and its payload
 * (ctl_proto.h, CTL_IP_ERRQUEUE).
 */
#include <stddef.h>

struct socket;

/*
 * Takes the oldest error of so into buf (cap bytes, at least a struct
 * ctl_errq), cutting the payload to fit.  Returns the bytes written, or 0
 * with *error EAGAIN when the queue is empty (Linux's answer).  The
 * socket's so_error becomes the next entry's errno, or 0, as Linux's
 * sock_dequeue_err_skb leaves sk_err.
 */
size_t	ctl_errq_take(struct socket *so, void *buf, size_t cap, int *error);

#endif
