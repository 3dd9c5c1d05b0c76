#ifndef UIPC_SYS_DNS_RESPONDER_VAR_H
#define UIPC_SYS_DNS_RESPONDER_VAR_H
/*
 * The DNS responder's state, shared by its UDP side (dns_responder.c) and
 * its TCP side (dns_tcp.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "base/timer.h"
#include "kern/socket.h"
#include "sys/dns_responder.h"
#include "sys/dns_table.h"

#define DNS_PORT	53
#define DNS_MAXANSWERS	64	/* over UDP some thirty fit, then TC (RFC 1035 §4.2.1) */

struct dns_conn;

/* One host's responder. */
struct dns_host {
	struct dns_service *dh_svc;
	struct socket *dh_so;
	struct timer dh_timer;
	struct dns_host *dh_next;
	struct socket *dh_lso;		/* TCP listener, or NULL */
	struct timer dh_ltimer;		/* accepts, off the upcall */
	struct dns_conn *dh_conns;	/* TCP connections */
	int dh_nconns;
	struct dns_stats dh_stats;	/* uipc netstat -s -H HOST */
};

struct dns_service {
	struct stack *s_stack;
	struct dns_table s_table;
	struct dns_host *s_hosts;
	struct ucred s_cred;
	uint32_t s_addr;		/* host order */
};

/* The response to one query (msg, len) into out, counted; 0: none. */
size_t	dns_respond(struct dns_host *dh, const uint8_t *msg, size_t len, uint8_t *out,
	    size_t outlen);

/* TCP (dns_tcp.c): the listener on the UDP socket's address; all closed. */
int	dns_tcp_start(struct dns_host *dh, const struct so_addr *nam);
void	dns_tcp_stop(struct dns_host *dh);

#endif
