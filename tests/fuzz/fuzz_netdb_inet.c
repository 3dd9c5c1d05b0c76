/*
 * Fuzzes the inet_* text parsers (src/lib/netdb/inet_addr.c, inet_pton.c)
 * differentially: every answer must equal glibc's for the same text, and
 * the formatting of the parsed address must too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "uipc/netdb.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[128], pa[INET6_ADDRSTRLEN], pb[INET6_ADDRSTRLEN];
	unsigned char a[16], b[16];
	struct in_addr ia, ib;
	int ra, rb;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	ia.s_addr = ib.s_addr = 0;
	ra = uipc_inet_aton(s, &ia);
	rb = inet_aton(s, &ib);
	if (ra != rb || ia.s_addr != ib.s_addr)
		abort();
	if (uipc_inet_addr(s) != inet_addr(s))
		abort();
	if (uipc_inet_network(s) != inet_network(s))
		abort();
	if (strcmp(uipc_inet_ntoa(ia), inet_ntoa(ib)) != 0)
		abort();
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	if (uipc_inet_pton(AF_INET, s, a) != inet_pton(AF_INET, s, b) ||
	    memcmp(a, b, 4) != 0)
		abort();
	ra = uipc_inet_pton(AF_INET6, s, a);
	rb = inet_pton(AF_INET6, s, b);
	if (ra != rb || memcmp(a, b, 16) != 0)
		abort();
	if (size >= 16)
		memcpy(a, data, 16);
	memcpy(b, a, 16);
	if (strcmp(uipc_inet_ntop(AF_INET6, a, pa, sizeof(pa)),
	    inet_ntop(AF_INET6, b, pb, sizeof(pb))) != 0)
		abort();
	return 0;
}
