/*
 * socket_errors: what socket(2) answers for AF_UNIX with a bad domain,
 * protocol or type.  uipc answers as Linux does except where the primer
 * (§2.2) names the error: "a request for a type of socket for which there
 * is no supporting protocol (EPROTOTYPE)", which Linux says as
 * ESOCKTNOSUPPORT (it turns AF_UNIX SOCK_RAW into SOCK_DGRAM, as uipc does).  With
 * the argument "primer" the program expects the primer's answers.
 */
#include "tap.h"

int
main(int argc, char **argv)
{
	int s, primer = argc > 1 && strcmp(argv[1], "primer") == 0;
	int badtype = primer ? EPROTOTYPE : ESOCKTNOSUPPORT;

	t_start(10);
	check_errno(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT, "socket(12345, SOCK_STREAM, 0): EAFNOSUPPORT");
	check_errno(socket(AF_MAX + 1, SOCK_DGRAM, 0), EAFNOSUPPORT, "socket(AF_MAX+1, ...): EAFNOSUPPORT");
	check_errno(socket(-1, SOCK_STREAM, 0), EAFNOSUPPORT, "socket(-1, ...): EAFNOSUPPORT");

	check_errno(socket(AF_UNIX, SOCK_STREAM, 2), EPROTONOSUPPORT, "AF_UNIX stream, protocol 2: EPROTONOSUPPORT");
	check_errno(socket(AF_UNIX, SOCK_DGRAM, 17), EPROTONOSUPPORT, "AF_UNIX dgram, protocol 17: EPROTONOSUPPORT");
	check_errno(socket(AF_UNIX, SOCK_SEQPACKET, -1), EPROTONOSUPPORT, "AF_UNIX seqpacket, protocol -1: EPROTONOSUPPORT");
	/* Linux takes PF_UNIX (1) as well as 0 for the protocol. */
	s = socket(AF_UNIX, SOCK_STREAM, PF_UNIX);
	check_ok(s, "AF_UNIX stream, protocol PF_UNIX (1): accepted (Linux)");
	close(s);

	/* Types: Linux says ESOCKTNOSUPPORT where 4.2BSD and the primer say EPROTOTYPE. */
	check_errno(socket(AF_UNIX, SOCK_RDM, 0), badtype, "AF_UNIX SOCK_RDM: %s", strerror(badtype));
	check_errno(socket(AF_UNIX, SOCK_DCCP, 0), badtype, "AF_UNIX SOCK_DCCP: %s", strerror(badtype));
	check_errno(socket(AF_UNIX, SOCK_PACKET, 0), badtype, "AF_UNIX SOCK_PACKET: %s", strerror(badtype));
	check_errno(socket(AF_UNIX, 99, 0), EINVAL, "AF_UNIX type 99 (past SOCK_MAX): EINVAL");
	check_errno(socket(AF_UNIX, SOCK_STREAM | 0x4000, 0), EINVAL, "AF_UNIX with an unknown type flag: EINVAL");
	/*
	 * Linux makes an AF_UNIX SOCK_RAW a datagram socket (unix_create),
	 * and programs rely on it; uipc does the same (issue 10), though the
	 * UNIX domain has no raw protocol.
	 */
	s = socket(AF_UNIX, SOCK_RAW, 0);
	check_ok(s, "AF_UNIX SOCK_RAW: accepted (Linux)");
	if (s >= 0) {
		int type = -1;
		socklen_t len = sizeof(type);
		getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &len);
		check_eq(type, SOCK_DGRAM, "and it is a SOCK_DGRAM socket (SO_TYPE)");
		close(s);
	}
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	check(s >= 0 && (fcntl(s, F_GETFL) & O_NONBLOCK) && (fcntl(s, F_GETFD) & FD_CLOEXEC),
	    "SOCK_NONBLOCK | SOCK_CLOEXEC set O_NONBLOCK and FD_CLOEXEC");
	close(s);
	{
		int sv[2];
		check_errno(socketpair(AF_UNIX, SOCK_STREAM, 2, sv), EPROTONOSUPPORT,
		    "socketpair AF_UNIX with protocol 2: EPROTONOSUPPORT");
	}
	return t_end();
}
