/* Fuzzes the hosts file parser (src/lib/netdb/gethostent.c). */
#include <stdint.h>
#include <arpa/inet.h>

#include "fuzz_netdb_file.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char key[64], buf[64];
	struct hostent he, *r;
	unsigned char a[16];
	int herr, n;

	if (fuzz_netdb_write("hosts", data, size) != 0)
		return 0;
	fuzz_netdb_key(data, size, key, sizeof(key));
	uipc_gethostbyname(key);
	uipc_gethostbyname2(key, AF_INET6);
	uipc_gethostbyname_r(key, &he, buf, sizeof(buf), &r, &herr);
	memset(a, 0, sizeof(a));
	memcpy(a, data, size < 16 ? size : 16);
	uipc_gethostbyaddr(a, 4, AF_INET);
	uipc_gethostbyaddr(a, 16, AF_INET6);
	uipc_gethostbyaddr_r(a, 4, AF_INET, &he, buf, sizeof(buf), &r, &herr);
	uipc_sethostent(0);
	for (n = 0; n < 10000 && uipc_gethostent() != NULL; n++)
		continue;
	uipc_endhostent();
	return 0;
}
