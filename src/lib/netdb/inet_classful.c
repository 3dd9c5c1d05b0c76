/*
 * The classful view of an Internet address that 4.2BSD took (RFC 791
 * §3.2, "Addressing"): the high bits of an address say how much of it is
 * network and how much host.  inet_makeaddr, inet_lnaof and inet_netof
 * (inet(3N)) split and join addresses by these rules; the primer's
 * gethostbynameandnet (§3.1) compares inet_netof's answer with a network
 * number.  Class D and E addresses split as class C, as glibc does.
 */
#include <stdio.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/*
 * Joins network number net and local address host into an address in
 * network order; the size of net picks the class.
 */
struct in_addr
uipc_inet_makeaddr(in_addr_t net, in_addr_t host)
{
	struct in_addr in;
	uint32_t a;

	if (net < 128)
		a = (net << IN_CLASSA_NSHIFT) | (host & IN_CLASSA_HOST);
	else if (net < 65536)
		a = (net << IN_CLASSB_NSHIFT) | (host & IN_CLASSB_HOST);
	else if (net < 16777216)
		a = (net << IN_CLASSC_NSHIFT) | (host & IN_CLASSC_HOST);
	else
		a = net | host;
	in.s_addr = htonl(a);
	return in;
}

/* The local (host) part of an address, in host order. */
in_addr_t
uipc_inet_lnaof(struct in_addr in)
{
	uint32_t a = ntohl(in.s_addr);

	if (IN_CLASSA(a))
		return a & IN_CLASSA_HOST;
	if (IN_CLASSB(a))
		return a & IN_CLASSB_HOST;
	return a & IN_CLASSC_HOST;
}

/* The network part of an address, shifted down, in host order. */
in_addr_t
uipc_inet_netof(struct in_addr in)
{
	uint32_t a = ntohl(in.s_addr);

	if (IN_CLASSA(a))
		return (a & IN_CLASSA_NET) >> IN_CLASSA_NSHIFT;
	if (IN_CLASSB(a))
		return (a & IN_CLASSB_NET) >> IN_CLASSB_NSHIFT;
	return (a & IN_CLASSC_NET) >> IN_CLASSC_NSHIFT;
}

/* The dotted form of an address, in a per-thread buffer. */
char *
uipc_inet_ntoa(struct in_addr in)
{
	static __thread char buf[INET_ADDRSTRLEN];
	const unsigned char *b = (const unsigned char *)&in.s_addr;

	snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return buf;
}
