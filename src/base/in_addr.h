#ifndef UIPC_BASE_IN_ADDR_H
#define UIPC_BASE_IN_ADDR_H
/*
 * Internet addresses: classes, the well-known addresses, and tests on them.
 * Inside the stack an IPv4 address is a uint32_t in host byte order; it
 * becomes network order only on the wire (ip_wire.c) and in a sockaddr_in
 * handed across the boundary.  The sockaddr_in itself is the system's, since
 * the processes on uipc use the system's headers.
 *
 * These are here, below every layer, because the link layer needs them as
 * much as the Internet domain does: interfaces carry IPv4 addresses, routes
 * match them and ARP resolves them (src/net), while IP, UDP and TCP
 * (src/inet, whose inet/in.h includes this) judge them.
 *
 * Classes are those of RFC 791 §3.2 and RFC 1122 §3.2.1.3 (class D is
 * multicast, RFC 1112; E is reserved).  Subnetting (RFC 950) is expressed
 * by each interface address's netmask; class masks are only the default.
 */
#include <netinet/in.h>
#include <stdint.h>

#define IN_ADDR(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

#define IN_ISCLASSA(a)	(((a) & 0x80000000u) == 0)
#define IN_ISCLASSB(a)	(((a) & 0xc0000000u) == 0x80000000u)
#define IN_ISCLASSC(a)	(((a) & 0xe0000000u) == 0xc0000000u)
#define IN_ISCLASSD(a)	(((a) & 0xf0000000u) == 0xe0000000u)
#define IN_ISCLASSE(a)	(((a) & 0xf0000000u) == 0xf0000000u)
#define IN_ISLOOPBACK(a) (((a) >> 24) == 127)
#define IN_ISZERONET(a)	(((a) >> 24) == 0)

#define IN_ANY		0x00000000u	/* INADDR_ANY */
#define IN_BROADCAST	0xffffffffu	/* INADDR_BROADCAST: limited broadcast */
#define IN_LOOPBACK	0x7f000001u	/* INADDR_LOOPBACK */

#ifndef INADDR_ANY
#define INADDR_ANY	((in_addr_t)0x00000000)
#endif
#ifndef INADDR_BROADCAST
#define INADDR_BROADCAST ((in_addr_t)0xffffffff)
#endif
#ifndef INADDR_LOOPBACK
#define INADDR_LOOPBACK	((in_addr_t)0x7f000001)
#endif
#ifndef INADDR_NONE
#define INADDR_NONE	((in_addr_t)0xffffffff)
#endif

uint32_t in_classmask(uint32_t);
int	in_masklen(uint32_t mask);
uint32_t in_lenmask(int len);
int	in_mask_ok(uint32_t mask);
int	in_src_ok(uint32_t);
char	*in_ntoa(uint32_t, char *buf);	/* buf of IN_ADDRSTRLEN */
int	in_aton(const char *, uint32_t *);

#define IN_ADDRSTRLEN	16

#endif
