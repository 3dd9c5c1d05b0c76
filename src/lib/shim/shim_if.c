/*
 * The shim's answers about the host: gethostname() and uname()'s nodename
 * say the name of the uipc host the process is on (UIPC_HOST) or the one a
 * program on it set (sethostname; setdomainname and getdomainname alike), and
 * getifaddrs() lists that host's interfaces (DESIGN.md, "Hosts and
 * networks").  If uipcd cannot be reached, Linux answers.
 */
#include <dlfcn.h>
#include <errno.h>
#include <ifaddrs.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int uipc_hostname(char *name, size_t len);
int uipc_domainname(char *name, size_t len);
int uipc_sethostname(const char *name, size_t len);
int uipc_setdomainname(const char *name, size_t len);
int uipc_getifaddrs(struct ifaddrs **ifap);
void uipc_freeifaddrs(struct ifaddrs *ifa);

int
gethostname(char *name, size_t len)
{
	int (*real)(char *, size_t);

	if (uipc_hostname(name, len) == 0)
		return 0;
	if (errno == ENAMETOOLONG)
		return -1;
	real = (int (*)(char *, size_t))dlsym(RTLD_NEXT, "gethostname");
	return real != NULL ? real(name, len) : -1;
}

int
uname(struct utsname *u)
{
	int (*real)(struct utsname *);
	char name[sizeof(u->nodename)];

	real = (int (*)(struct utsname *))dlsym(RTLD_NEXT, "uname");
	if (real == NULL || real(u) < 0)
		return -1;
	if (uipc_hostname(name, sizeof(name)) == 0)
		memcpy(u->nodename, name, sizeof(name));
	if (uipc_domainname(name, sizeof(name)) == 0)
		memcpy(u->domainname, name, sizeof(name));
	return 0;
}

/*
 * The host's names are uipc's to set (root only, as on Linux) and then
 * every process on the host sees them; never the machine's (uts.c).
 */
int
sethostname(const char *name, size_t len)
{
	return uipc_sethostname(name, len);
}

int
setdomainname(const char *name, size_t len)
{
	return uipc_setdomainname(name, len);
}

/* The domain name set on uipc; the machine's until one is (glibc reads it from uname). */
int
getdomainname(char *name, size_t len)
{
	int (*real)(char *, size_t);

	if (uipc_domainname(name, len) == 0)
		return 0;
	if (errno == ENAMETOOLONG)
		return -1;
	real = (int (*)(char *, size_t))dlsym(RTLD_NEXT, "getdomainname");
	return real != NULL ? real(name, len) : -1;
}

int
getifaddrs(struct ifaddrs **ifap)
{
	return uipc_getifaddrs(ifap);
}

void
freeifaddrs(struct ifaddrs *ifa)
{
	uipc_freeifaddrs(ifa);
}
