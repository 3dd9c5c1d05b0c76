/*
 * The preload shim's network library routines: libc's names (primer §3,
 * and getaddrinfo and its kin) answered by uipc's, so that an unmodified
 * program under `uipc run` (or LD_PRELOAD) sees uipc's hosts, networks,
 * protocols and services.
 *
 * The shim is on only where uipc has configured the process: when
 * UIPC_ETC is set (uipcd sets it).  Without it every call goes on to the
 * next definition, libc's, so preloading the shim by itself changes
 * nothing, DNS included.  The inet_* routines are not interposed: libc's
 * answers are the same.
 */
#include <dlfcn.h>
#include <stdlib.h>

#include "lib/uipc_lib.h"
#include "uipc/netdb.h"

static int
shim_on(void)
{
	return uipc_setting_etc() != NULL;	/* as captured at load (settings.c) */
}

/*
 * The next definition of a libc name, or NULL (then uipc answers).  Looked
 * up on each call rather than cached, to keep no state; these calls read
 * files and are not on any fast path.
 */
#define SHIM_NEXT(fn)	((__typeof__(&fn))dlsym(RTLD_NEXT, #fn))

/*
 * Each routine: uipc's answer when the shim is on (or libc's is missing),
 * else libc's.
 */
#define SHIM_CALL(fn, ...) do {						\
	__typeof__(&fn) next_;						\
	if (shim_on() || (next_ = SHIM_NEXT(fn)) == NULL)		\
		return uipc_##fn(__VA_ARGS__);				\
	return next_(__VA_ARGS__);					\
} while (0)

#define SHIM_CALL_VOID(fn, ...) do {					\
	__typeof__(&fn) next_;						\
	if (shim_on() || (next_ = SHIM_NEXT(fn)) == NULL)		\
		uipc_##fn(__VA_ARGS__);					\
	else								\
		next_(__VA_ARGS__);					\
} while (0)

/* §3.1 Host names. */
struct hostent *
gethostbyname(const char *name)
{
	SHIM_CALL(gethostbyname, name);
}

struct hostent *
gethostbyname2(const char *name, int af)
{
	SHIM_CALL(gethostbyname2, name, af);
}

struct hostent *
gethostbyaddr(const void *addr, socklen_t len, int type)
{
	SHIM_CALL(gethostbyaddr, addr, len, type);
}

struct hostent *
gethostent(void)
{
	SHIM_CALL(gethostent);
}

void
sethostent(int stayopen)
{
	SHIM_CALL_VOID(sethostent, stayopen);
}

void
endhostent(void)
{
	SHIM_CALL_VOID(endhostent);
}

int
gethostbyname_r(const char *name, struct hostent *ret, char *buf,
    size_t buflen, struct hostent **result, int *h_errnop)
{
	SHIM_CALL(gethostbyname_r, name, ret, buf, buflen, result, h_errnop);
}

int
gethostbyname2_r(const char *name, int af, struct hostent *ret, char *buf,
    size_t buflen, struct hostent **result, int *h_errnop)
{
	SHIM_CALL(gethostbyname2_r, name, af, ret, buf, buflen, result,
	    h_errnop);
}

int
gethostbyaddr_r(const void *addr, socklen_t len, int type,
    struct hostent *ret, char *buf, size_t buflen, struct hostent **result,
    int *h_errnop)
{
	SHIM_CALL(gethostbyaddr_r, addr, len, type, ret, buf, buflen, result,
	    h_errnop);
}

int
gethostent_r(struct hostent *ret, char *buf, size_t buflen,
    struct hostent **result, int *h_errnop)
{
	SHIM_CALL(gethostent_r, ret, buf, buflen, result, h_errnop);
}

/* §3.2 Network names. */
struct netent *
getnetbyname(const char *name)
{
	SHIM_CALL(getnetbyname, name);
}

struct netent *
getnetbyaddr(uint32_t net, int type)
{
	SHIM_CALL(getnetbyaddr, net, type);
}

struct netent *
getnetent(void)
{
	SHIM_CALL(getnetent);
}

void
setnetent(int stayopen)
{
	SHIM_CALL_VOID(setnetent, stayopen);
}

void
endnetent(void)
{
	SHIM_CALL_VOID(endnetent);
}

int
getnetbyname_r(const char *name, struct netent *ret, char *buf,
    size_t buflen, struct netent **result, int *h_errnop)
{
	SHIM_CALL(getnetbyname_r, name, ret, buf, buflen, result, h_errnop);
}

int
getnetbyaddr_r(uint32_t net, int type, struct netent *ret, char *buf,
    size_t buflen, struct netent **result, int *h_errnop)
{
	SHIM_CALL(getnetbyaddr_r, net, type, ret, buf, buflen, result,
	    h_errnop);
}

int
getnetent_r(struct netent *ret, char *buf, size_t buflen,
    struct netent **result, int *h_errnop)
{
	SHIM_CALL(getnetent_r, ret, buf, buflen, result, h_errnop);
}

/* §3.3 Protocol names. */
struct protoent *
getprotobyname(const char *name)
{
	SHIM_CALL(getprotobyname, name);
}

struct protoent *
getprotobynumber(int proto)
{
	SHIM_CALL(getprotobynumber, proto);
}

struct protoent *
getprotoent(void)
{
	SHIM_CALL(getprotoent);
}

void
setprotoent(int stayopen)
{
	SHIM_CALL_VOID(setprotoent, stayopen);
}

void
endprotoent(void)
{
	SHIM_CALL_VOID(endprotoent);
}

int
getprotobyname_r(const char *name, struct protoent *ret, char *buf,
    size_t buflen, struct protoent **result)
{
	SHIM_CALL(getprotobyname_r, name, ret, buf, buflen, result);
}

int
getprotobynumber_r(int proto, struct protoent *ret, char *buf,
    size_t buflen, struct protoent **result)
{
	SHIM_CALL(getprotobynumber_r, proto, ret, buf, buflen, result);
}

int
getprotoent_r(struct protoent *ret, char *buf, size_t buflen,
    struct protoent **result)
{
	SHIM_CALL(getprotoent_r, ret, buf, buflen, result);
}

/* §3.4 Service names. */
struct servent *
getservbyname(const char *name, const char *proto)
{
	SHIM_CALL(getservbyname, name, proto);
}

struct servent *
getservbyport(int port, const char *proto)
{
	SHIM_CALL(getservbyport, port, proto);
}

struct servent *
getservent(void)
{
	SHIM_CALL(getservent);
}

void
setservent(int stayopen)
{
	SHIM_CALL_VOID(setservent, stayopen);
}

void
endservent(void)
{
	SHIM_CALL_VOID(endservent);
}

int
getservbyname_r(const char *name, const char *proto, struct servent *ret,
    char *buf, size_t buflen, struct servent **result)
{
	SHIM_CALL(getservbyname_r, name, proto, ret, buf, buflen, result);
}

int
getservbyport_r(int port, const char *proto, struct servent *ret, char *buf,
    size_t buflen, struct servent **result)
{
	SHIM_CALL(getservbyport_r, port, proto, ret, buf, buflen, result);
}

int
getservent_r(struct servent *ret, char *buf, size_t buflen,
    struct servent **result)
{
	SHIM_CALL(getservent_r, ret, buf, buflen, result);
}

/* The later interfaces (RFC 3493). */
int
getaddrinfo(const char *node, const char *service,
    const struct addrinfo *hints, struct addrinfo **res)
{
	SHIM_CALL(getaddrinfo, node, service, hints, res);
}

/*
 * Either library's lists can be freed by either freeaddrinfo (see
 * uipc/netdb.h), so a list made before UIPC_ETC changed is still safe.
 */
void
freeaddrinfo(struct addrinfo *ai)
{
	SHIM_CALL_VOID(freeaddrinfo, ai);
}

const char *
gai_strerror(int code)
{
	SHIM_CALL(gai_strerror, code);
}

int
getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
    socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	SHIM_CALL(getnameinfo, sa, salen, host, hostlen, serv, servlen, flags);
}

/* glibc's runs its lookups on threads inside libc, past the shim. */
int
getaddrinfo_a(int mode, struct gaicb *list[], int nitems,
    struct sigevent *sevp)
{
	SHIM_CALL(getaddrinfo_a, mode, list, nitems, sevp);
}

int
gai_error(struct gaicb *req)
{
	SHIM_CALL(gai_error, req);
}

int
gai_cancel(struct gaicb *req)
{
	SHIM_CALL(gai_cancel, req);
}

int
gai_suspend(const struct gaicb *const list[], int nitems,
    const struct timespec *timeout)
{
	SHIM_CALL(gai_suspend, list, nitems, timeout);
}
