#ifndef UIPC_KERN_SOCKOPT_VAL_H
#define UIPC_KERN_SOCKOPT_VAL_H
/*
 * Reading and writing an option's value, the one way every level does it
 * (socket, IP, TCP), with Linux's policy:
 *
 *   set  a value shorter than the option takes: EINVAL (sock_setsockopt,
 *        do_tcp_setsockopt); IPPROTO_IP alone also takes a single byte
 *        for an int option, and a zero length as 0 (do_ip_setsockopt).
 *   get  a buffer shorter than the value: the value cut to the buffer, its
 *        length the buffer's (sk_getsockopt, do_tcp_getsockopt); an
 *        IPPROTO_IP int of 0..255 into a short buffer is one byte
 *        (do_ip_getsockopt).
 *
 * Each returns 0 or EINVAL; a get sets *len to the bytes written.
 */
#include <stddef.h>
#include <sys/socket.h>

int	sockopt_in(const void *val, socklen_t len, void *v, size_t vlen);
int	sockopt_in_int(const void *val, socklen_t len, int *v);
int	sockopt_in_ipint(const void *val, socklen_t len, int *v);
int	sockopt_out(void *val, socklen_t *len, const void *v, size_t vlen);
int	sockopt_out_int(void *val, socklen_t *len, int v);
int	sockopt_out_ipint(void *val, socklen_t *len, int v);

#endif
