/* Fuzzes the protocols file parser (src/lib/netdb/getprotoent.c). */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_netdb_file.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char key[64], buf[64];
	struct protoent pe, *r;
	int n;

	if (fuzz_netdb_write("protocols", data, size) != 0)
		return 0;
	fuzz_netdb_key(data, size, key, sizeof(key));
	uipc_getprotobyname(key);
	uipc_getprotobyname_r(key, &pe, buf, sizeof(buf), &r);
	uipc_getprotobynumber(atoi(key));
	uipc_getprotobynumber_r((int)size, &pe, buf, sizeof(buf), &r);
	uipc_setprotoent(0);
	for (n = 0; n < 10000 && uipc_getprotoent() != NULL; n++)
		continue;
	uipc_endprotoent();
	return 0;
}
