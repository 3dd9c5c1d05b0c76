/*
 * Fuzzes the services file parser (src/lib/netdb/getservent.c), and
 * getaddrinfo and getnameinfo over it.
 */
#include <stdint.h>
#include <arpa/inet.h>

#include "fuzz_netdb_file.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char key[64], buf[64], host[32], serv[16];
	struct servent se, *r;
	struct addrinfo hints = { .ai_family = AF_INET }, *ai;
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int n;

	if (fuzz_netdb_write("services", data, size) != 0)
		return 0;
	fuzz_netdb_key(data, size, key, sizeof(key));
	uipc_getservbyname(key, NULL);
	uipc_getservbyname(key, "tcp");
	uipc_getservbyname_r(key, "udp", &se, buf, sizeof(buf), &r);
	uipc_getservbyport(htons((uint16_t)size), NULL);
	uipc_getservbyport_r(htons(23), "tcp", &se, buf, sizeof(buf), &r);
	if (uipc_getaddrinfo("127.0.0.1", key, &hints, &ai) == 0)
		uipc_freeaddrinfo(ai);
	sin.sin_port = htons((uint16_t)size);
	uipc_getnameinfo((struct sockaddr *)&sin, sizeof(sin), host,
	    sizeof(host), serv, sizeof(serv), size & 1 ? NI_DGRAM : 0);
	uipc_setservent(0);
	for (n = 0; n < 10000 && uipc_getservent() != NULL; n++)
		continue;
	uipc_endservent();
	return 0;
}
