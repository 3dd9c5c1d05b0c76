/*
 * Interface names and indexes (RFC 3493 §4: if_nametoindex,
 * if_indextoname, if_nameindex, if_freenameindex) for the process's uipc
 * host, asked of uipcd with Linux's SIOCGIFINDEX and SIOCGIFNAME, so that a
 * program sees uipc's interfaces (lo, en0, ...) and not the machine's
 * (DESIGN.md: "A program on uipc sees only uipc's network").  The errors
 * are glibc's: an unknown name is ENODEV, an unknown index ENXIO.
 */
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "lib/uipc_lib.h"

/* Interfaces are numbered from 1 as they are made and never reused. */
#define IFINDEX_MAX	4096

unsigned
uipc_if_nametoindex(const char *name)
{
	struct ifreq r;

	if (name == NULL || strlen(name) >= IFNAMSIZ) {
		errno = ENODEV;
		return 0;
	}
	memset(&r, 0, sizeof(r));
	strcpy(r.ifr_name, name);
	if (uipc_ifioctl(SIOCGIFINDEX, &r) < 0) {
		if (errno == ENXIO)
			errno = ENODEV;
		return 0;
	}
	return (unsigned)r.ifr_ifindex;
}

char *
uipc_if_indextoname(unsigned index, char name[IF_NAMESIZE])
{
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	if (index == 0 || index > INT32_MAX) {
		errno = ENXIO;
		return NULL;
	}
	r.ifr_ifindex = (int)index;
	if (uipc_ifioctl(SIOCGIFNAME, &r) < 0) {
		if (errno == ENODEV)
			errno = ENXIO;
		return NULL;
	}
	memcpy(name, r.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	return name;
}

/*
 * Every interface of the host, by index, ending with { 0, NULL }.  Each
 * name is its own allocation, as glibc makes them, so that glibc's
 * if_freenameindex frees this list too.
 */
struct if_nameindex *
uipc_if_nameindex(void)
{
	struct if_nameindex *v = NULL, *nv;
	char name[IFNAMSIZ];
	unsigned i, n = 0;

	for (i = 1; i <= IFINDEX_MAX; i++) {
		if (uipc_if_indextoname(i, name) == NULL) {
			if (errno == ENXIO)
				break;		/* past the last interface */
			goto fail;
		}
		if ((nv = realloc(v, (n + 2) * sizeof(*v))) == NULL)
			goto fail;
		v = nv;
		v[n].if_index = i;
		if ((v[n].if_name = strdup(name)) == NULL)
			goto fail;
		n++;
	}
	if ((nv = realloc(v, (n + 1) * sizeof(*v))) == NULL)
		goto fail;
	v = nv;
	v[n].if_index = 0;
	v[n].if_name = NULL;
	return v;
fail:
	{
		int e = errno;

		for (i = 0; i < n; i++)
			free(v[i].if_name);
		free(v);
		errno = e == ENXIO ? ENOBUFS : e;
	}
	return NULL;
}

void
uipc_if_freenameindex(struct if_nameindex *v)
{
	struct if_nameindex *p;

	if (v == NULL)
		return;
	for (p = v; p->if_name != NULL || p->if_index != 0; p++)
		free(p->if_name);
	free(v);
}
