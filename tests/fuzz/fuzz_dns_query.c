/*
 * Fuzzes uipcd's DNS responder on any datagram (src/sys/dns_wire.c,
 * src/sys/dns_table.c): parse, answer from a small table, write the reply
 * into buffers of every size from none to 512 bytes.  The reply must never
 * be longer than its buffer, and a written reply must be a response with
 * the query's id.  src/sys is uipcd's alone, so the files are compiled in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sys/dns_table.c"
#include "sys/dns_wire.c"

static struct dns_table fuzz_table;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_rr an[4];
	struct dns_query q;
	uint8_t out[DNS_UDPMAX], *msg;
	size_t n, lim;
	int rc, nan = 0;

	if (fuzz_table.t_n == 0) {
		dns_table_line(&fuzz_table, "10.0.0.2 cad cad.lan");
		dns_table_line(&fuzz_table, "10.0.1.2 cad");
		dns_table_line(&fuzz_table, "10.0.0.4 dali");
	}
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	if ((msg = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(msg, data, size);
	rc = dns_parse_query(msg, size, &q);
	if (rc == DNS_R_NOERROR)
		rc = dns_table_answer(&fuzz_table, &q, an, 4, &nan);
	if (rc != DNS_DROP)
		for (lim = 0; lim <= sizeof(out); lim += lim < 64 ? 1 : 37) {
			n = dns_build_reply(msg, &q, rc, an, nan, out, lim);
			if (n > lim)
				abort();
			if (n > 0 && (!(out[2] & 0x80) || out[0] != msg[0] || out[1] != msg[1]))
				abort();
		}
	free(msg);
	return 0;
}
