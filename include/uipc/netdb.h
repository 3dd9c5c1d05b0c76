#ifndef UIPC_NETDB_H
#define UIPC_NETDB_H
/*
 * The network library routines of the primer's §3, with a uipc_ prefix:
 * host, network, protocol and service names over the standard database
 * files, and the inet_* address routines.  The structures are the system's
 * own (struct hostent, netent, protoent, servent from <netdb.h>), so that
 * the preload shim can hand them to unmodified programs.
 *
 * Which files are read.  uipc's configuration directory is the one named by
 * the environment variable UIPC_ETC (uipcd sets it for its processes).  When
 * UIPC_ETC is unset or empty, the routines read /etc directly.  When it is
 * set, every lookup by name, number or address first reads $UIPC_ETC/FILE;
 * if that misses (or the file does not exist), it reads /etc/FILE, the host's
 * file of the same name.  Enumeration (the get*ent routines) walks
 * $UIPC_ETC/FILE to its end and then /etc/FILE.  When both name the same
 * file, it is read once.
 *
 * Parsing follows the formats of hosts(5), networks(5), protocols(5) and
 * services(5) as glibc reads them: '#' starts a comment, fields are
 * separated by blanks and tabs, and a line that cannot be parsed is
 * skipped.  A line longer than UIPC_NETDB_LINEMAX bytes is skipped whole,
 * and at most UIPC_NETDB_MAXALIASES aliases of one entry are kept, so that
 * memory stays bounded whatever the files hold.
 *
 * Results of the non-reentrant routines live in per-thread storage that
 * the next call of the same family overwrites, as in 4.2BSD; the *ent
 * cursors are per thread too.  Failures of the host and network routines
 * set h_errno (HOST_NOT_FOUND, NO_RECOVERY for a bad argument).
 */
#include <netdb.h>
#include <signal.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#define UIPC_NETDB_LINEMAX	8192
#define UIPC_NETDB_MAXALIASES	64
#define UIPC_NETDB_MAXADDRS	64

/* §3.1 Host names. */
struct hostent *uipc_gethostbyname(const char *name);
struct hostent *uipc_gethostbyname2(const char *name, int af);
struct hostent *uipc_gethostbyaddr(const void *addr, socklen_t len, int type);
struct hostent *uipc_gethostent(void);
void uipc_sethostent(int stayopen);
void uipc_endhostent(void);
int uipc_gethostbyname_r(const char *name, struct hostent *ret, char *buf,
    size_t buflen, struct hostent **result, int *h_errnop);
int uipc_gethostbyname2_r(const char *name, int af, struct hostent *ret,
    char *buf, size_t buflen, struct hostent **result, int *h_errnop);
int uipc_gethostbyaddr_r(const void *addr, socklen_t len, int type,
    struct hostent *ret, char *buf, size_t buflen, struct hostent **result,
    int *h_errnop);
int uipc_gethostent_r(struct hostent *ret, char *buf, size_t buflen,
    struct hostent **result, int *h_errnop);

/* §3.2 Network names. */
struct netent *uipc_getnetbyname(const char *name);
struct netent *uipc_getnetbyaddr(uint32_t net, int type);
struct netent *uipc_getnetent(void);
void uipc_setnetent(int stayopen);
void uipc_endnetent(void);
int uipc_getnetbyname_r(const char *name, struct netent *ret, char *buf,
    size_t buflen, struct netent **result, int *h_errnop);
int uipc_getnetbyaddr_r(uint32_t net, int type, struct netent *ret,
    char *buf, size_t buflen, struct netent **result, int *h_errnop);
int uipc_getnetent_r(struct netent *ret, char *buf, size_t buflen,
    struct netent **result, int *h_errnop);

/* §3.3 Protocol names. */
struct protoent *uipc_getprotobyname(const char *name);
struct protoent *uipc_getprotobynumber(int proto);
struct protoent *uipc_getprotoent(void);
void uipc_setprotoent(int stayopen);
void uipc_endprotoent(void);
int uipc_getprotobyname_r(const char *name, struct protoent *ret, char *buf,
    size_t buflen, struct protoent **result);
int uipc_getprotobynumber_r(int proto, struct protoent *ret, char *buf,
    size_t buflen, struct protoent **result);
int uipc_getprotoent_r(struct protoent *ret, char *buf, size_t buflen,
    struct protoent **result);

/*
 * §3.4 Service names.  proto may be NULL: any protocol, the first entry in
 * file order.  port is in network byte order, as s_port is.
 */
struct servent *uipc_getservbyname(const char *name, const char *proto);
struct servent *uipc_getservbyport(int port, const char *proto);
struct servent *uipc_getservent(void);
void uipc_setservent(int stayopen);
void uipc_endservent(void);
int uipc_getservbyname_r(const char *name, const char *proto,
    struct servent *ret, char *buf, size_t buflen, struct servent **result);
int uipc_getservbyport_r(int port, const char *proto, struct servent *ret,
    char *buf, size_t buflen, struct servent **result);
int uipc_getservent_r(struct servent *ret, char *buf, size_t buflen,
    struct servent **result);

/* §3.5 Internet address manipulation, classful as in 4.2BSD. */
in_addr_t uipc_inet_addr(const char *cp);
int uipc_inet_aton(const char *cp, struct in_addr *inp);
in_addr_t uipc_inet_network(const char *cp);
char *uipc_inet_ntoa(struct in_addr in);
struct in_addr uipc_inet_makeaddr(in_addr_t net, in_addr_t host);
in_addr_t uipc_inet_lnaof(struct in_addr in);
in_addr_t uipc_inet_netof(struct in_addr in);
int uipc_inet_pton(int af, const char *src, void *dst);
const char *uipc_inet_ntop(int af, const void *src, char *dst, socklen_t size);

/*
 * The later interface over the same files: IPv4 answers for names (uipc
 * has no IPv6; numeric IPv6 nodes are read as glibc reads them), numeric
 * hosts and ports, the hosts and services databases.
 * A list from uipc_getaddrinfo is laid out as glibc lays out its own (each
 * node one allocation with its address, the canonical name a separate
 * one), so either library's freeaddrinfo frees it.
 */
int uipc_getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res);
void uipc_freeaddrinfo(struct addrinfo *ai);
const char *uipc_gai_strerror(int errcode);
int uipc_getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
    socklen_t hostlen, char *serv, socklen_t servlen, int flags);

/*
 * getaddrinfo_a(3) and its companions: each request is answered before
 * the call returns (the files need no waiting); GAI_NOWAIT then notifies.
 */
int uipc_getaddrinfo_a(int mode, struct gaicb *list[], int nitems,
    struct sigevent *sevp);
int uipc_gai_error(struct gaicb *req);
int uipc_gai_cancel(struct gaicb *req);
int uipc_gai_suspend(const struct gaicb *const list[], int nitems,
    const struct timespec *timeout);

/*
 * ruserok(3) and its kin: whether ruser on the host at an address may act
 * as local user luser without a password, by /etc/hosts.equiv (not for
 * the super-user) and ~luser/.rhosts, host names resolved through these
 * routines.  0 yes, -1 no.  uipc_ruserok_file checks one such file's lines
 * (it does not look at the file's owner or mode; the others do).
 */
int uipc_ruserok(const char *rhost, int superuser, const char *ruser,
    const char *luser);
int uipc_ruserok_af(const char *rhost, int superuser, const char *ruser,
    const char *luser, sa_family_t af);
int uipc_iruserok(uint32_t raddr, int superuser, const char *ruser,
    const char *luser);
int uipc_iruserok_af(const void *raddr, int superuser, const char *ruser,
    const char *luser, sa_family_t af);
int uipc_ruserok_file(const char *path, const struct sockaddr *ra,
    socklen_t ralen, const char *luser, const char *ruser);

#endif
