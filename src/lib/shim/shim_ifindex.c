/*
 * if_nametoindex(3) and its kin answer the uipc host's interfaces
 * (ifindex.c), as getifaddrs does (shim_if.c): the machine's own are not
 * the program's network.
 */
#include <net/if.h>

unsigned uipc_if_nametoindex(const char *name);
char *uipc_if_indextoname(unsigned index, char name[IF_NAMESIZE]);
struct if_nameindex *uipc_if_nameindex(void);
void uipc_if_freenameindex(struct if_nameindex *v);

unsigned
if_nametoindex(const char *name)
{
	return uipc_if_nametoindex(name);
}

char *
if_indextoname(unsigned index, char name[IF_NAMESIZE])
{
	return uipc_if_indextoname(index, name);
}

struct if_nameindex *
if_nameindex(void)
{
	return uipc_if_nameindex();
}

void
if_freenameindex(struct if_nameindex *v)
{
	uipc_if_freenameindex(v);
}
