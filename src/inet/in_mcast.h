#ifndef UIPC_INET_IN_MCAST_H
#define UIPC_INET_IN_MCAST_H
/*
 * IP multicast for hosts (RFC 1112, level 2): a host's group memberships
 * per interface, counted over its sockets; the sockets' multicast options
 * (ip(7): IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP with struct ip_mreq or
 * struct ip_mreqn, IP_MULTICAST_IF, IP_MULTICAST_TTL, IP_MULTICAST_LOOP),
 * with Linux's defaults (TTL 1, loop on) and errnos.  Joining the first
 * socket to a group on an interface makes the interface accept the
 * group's Ethernet address (RFC 1112 §6.4) and sends an IGMPv2 report
 * (igmp.c, RFC 2236); the last leaving undoes both and sends a leave.
 *
 * Interfaces are kept by index, never by pointer, so an interface that
 * goes away leaves no dangling membership (it simply matches nothing).
 * 224.0.0.1 (all hosts) is a member on every interface (RFC 1112 §4).
 */
#include <stdint.h>
#include <sys/socket.h>

struct host;
struct ifnet;
struct inpcb;

#define IN_ALLHOSTS	0xe0000001u	/* 224.0.0.1 */
#define IN_ALLRTRS	0xe0000002u	/* 224.0.0.2 */
#define IN_MAX_MEMBERSHIPS	20	/* per socket, as Linux's default igmp_max_memberships */

/* One group joined on one interface of a host, by so many sockets. */
struct in_multi {
	struct in_multi *inm_next;
	uint32_t inm_addr;		/* host order */
	unsigned inm_ifindex;
	unsigned inm_refs;
};

/* A socket's multicast options (allocated on first use). */
struct ip_moptions {
	unsigned imo_ifindex;		/* IP_MULTICAST_IF; 0: by route */
	uint32_t imo_ifaddr;		/* its address as given, host order */
	uint8_t imo_ttl;		/* IP_MULTICAST_TTL */
	uint8_t imo_loop;		/* IP_MULTICAST_LOOP */
	unsigned imo_n;
	struct {
		uint32_t group;
		unsigned ifindex;
	} imo_m[IN_MAX_MEMBERSHIPS];
};

/*
 * The multicast options at IPPROTO_IP; ENOPROTOOPT for any other name,
 * so the caller can try its own.  0 or an errno as Linux answers.
 */
int	in_mcast_ctloutput(struct inpcb *, int set, int name, void *val,
	    socklen_t *len);

/* Leaves every group of the PCB and frees its options (detach). */
void	in_mcast_pcbfree(struct inpcb *);

/* Is the host a member of group on ifp (NULL: on any interface)? */
int	in_mcast_member(struct host *, uint32_t group, struct ifnet *ifp);

/*
 * What a datagram from inp to the group dst goes out with: *ifpp the
 * interface IP_MULTICAST_IF chose (NULL: by route), *src its address
 * (IN_ANY: choose), the TTL and whether the host hears it too.
 */
void	in_mcast_out(struct inpcb *, struct host *, struct ifnet **ifpp,
	    uint32_t *src, uint8_t *ttl, int *loop);

/* Frees the host's memberships (teardown). */
void	in_mcast_host_detach(struct host *);

#endif
