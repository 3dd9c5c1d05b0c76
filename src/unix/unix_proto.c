/*
 * The UNIX domain and its protocol switch rows (4.4BSD kern/uipc_proto.c).
 * SOCK_SEQPACKET, which the primer (§2.1) says 4.2BSD lacked, is the stream
 * machinery with records.  The protocol number is 0 or PF_UNIX, as Linux
 * accepts.
 */
#include "unix/unp.h"

static const struct protosw unixsw[] = {
	{ .pr_type = SOCK_STREAM, .pr_protocol = PF_UNIX, .pr_domain = AF_UNIX,
	  .pr_flags = PR_CONNREQUIRED | PR_WANTRCVD | PR_RIGHTS | PR_LISTEN,
	  .pr_usrreqs = &unp_stream_usrreqs },
	{ .pr_type = SOCK_DGRAM, .pr_protocol = PF_UNIX, .pr_domain = AF_UNIX,
	  .pr_flags = PR_ATOMIC | PR_ADDR | PR_WANTRCVD | PR_RIGHTS,
	  .pr_usrreqs = &unp_dgram_usrreqs },
	{ .pr_type = SOCK_SEQPACKET, .pr_protocol = PF_UNIX, .pr_domain = AF_UNIX,
	  .pr_flags = PR_ATOMIC | PR_CONNREQUIRED | PR_WANTRCVD | PR_RIGHTS | PR_LISTEN,
	  .pr_usrreqs = &unp_stream_usrreqs },
};

const struct domain unixdomain = {
	.dom_family = AF_UNIX,
	.dom_name = "unix",
	.dom_protosw = unixsw,
	.dom_nprotosw = sizeof(unixsw) / sizeof(unixsw[0]),
	.dom_stack_attach = unp_stack_attach,
	.dom_stack_detach = unp_stack_detach,
};
