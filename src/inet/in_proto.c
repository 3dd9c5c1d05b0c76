/*
 * The Internet domain and its protocol switch rows (4.4BSD
 * netinet/in_proto.c).  SOCK_DGRAM is UDP, or UDP-Lite by its number (136); SOCK_RAW takes any protocol
 * number (PR_WILDPROTO) and is the super-user's.  SOCK_STREAM is TCP.  Each
 * host's Internet state is made and freed through the domain's host hooks
 * (in_host.c).
 */
#include <netinet/in.h>

#include "inet/in_host.h"
#include "inet/in_proto.h"
#include "inet/tcp_var.h"
#include "inet/udp_var.h"

static const struct protosw inetsw[] = {
	{ .pr_type = SOCK_STREAM, .pr_protocol = IPPROTO_TCP, .pr_domain = AF_INET,
	  .pr_flags = PR_CONNREQUIRED | PR_WANTRCVD | PR_LISTEN,
	  .pr_usrreqs = &tcp_usrreqs },
	{ .pr_type = SOCK_DGRAM, .pr_protocol = IPPROTO_UDP, .pr_domain = AF_INET,
	  .pr_flags = PR_ATOMIC | PR_ADDR,
	  .pr_usrreqs = &udp_usrreqs },
	/* UDP-Lite (RFC 3828): UDP's requests, told apart by the protocol. */
	{ .pr_type = SOCK_DGRAM, .pr_protocol = IPPROTO_UDPLITE, .pr_domain = AF_INET,
	  .pr_flags = PR_ATOMIC | PR_ADDR,
	  .pr_usrreqs = &udp_usrreqs },
	{ .pr_type = SOCK_RAW, .pr_protocol = 0, .pr_domain = AF_INET,
	  .pr_flags = PR_ATOMIC | PR_ADDR | PR_WILDPROTO,
	  .pr_usrreqs = &rip_usrreqs },
};

const struct domain inetdomain = {
	.dom_family = AF_INET,
	.dom_name = "internet",
	.dom_protosw = inetsw,
	.dom_nprotosw = sizeof(inetsw) / sizeof(inetsw[0]),
	.dom_stats = in_stats,
	.dom_host_attach = in_host_attach,
	.dom_host_detach = in_host_detach,
};
