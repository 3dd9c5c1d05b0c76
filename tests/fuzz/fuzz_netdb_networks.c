/* Fuzzes the networks file parser (src/lib/netdb/getnetent.c). */
#include <stdint.h>
#include <arpa/inet.h>

#include "fuzz_netdb_file.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char key[64], buf[64];
	struct netent ne, *r;
	int herr, n;

	if (fuzz_netdb_write("networks", data, size) != 0)
		return 0;
	fuzz_netdb_key(data, size, key, sizeof(key));
	uipc_getnetbyname(key);
	uipc_getnetbyname_r(key, &ne, buf, sizeof(buf), &r, &herr);
	uipc_getnetbyaddr(uipc_inet_network(key), AF_INET);
	uipc_getnetbyaddr_r(size, AF_INET, &ne, buf, sizeof(buf), &r, &herr);
	uipc_setnetent(0);
	for (n = 0; n < 10000 && uipc_getnetent() != NULL; n++)
		continue;
	uipc_endnetent();
	return 0;
}
