/*
 * Address helpers: class masks, prefix lengths, printing and parsing in
 * dotted decimal.  Parsing here is the strict four-part form that the
 * configuration file uses; the netdb library has the full inet_addr().
 */
#include <stdio.h>

#include "base/in_addr.h"

/* The natural mask of an address's class (RFC 791 §3.2). */
uint32_t
in_classmask(uint32_t a)
{
	if (IN_ISCLASSA(a))
		return 0xff000000u;
	if (IN_ISCLASSB(a))
		return 0xffff0000u;
	if (IN_ISCLASSC(a))
		return 0xffffff00u;
	return 0xffffffffu;
}

/* True when mask is contiguous ones then zeros (RFC 1122 §3.3.1.1 asks it). */
int
in_mask_ok(uint32_t mask)
{
	uint32_t inv = ~mask;

	return (inv & (inv + 1)) == 0;
}

int
in_masklen(uint32_t mask)
{
	int n = 0;

	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return n;
}

uint32_t
in_lenmask(int len)
{
	if (len <= 0)
		return 0;
	if (len >= 32)
		return 0xffffffffu;
	return ~(0xffffffffu >> len);
}

/*
 * True when a datagram may come from a as a source: not limited
 * broadcast, not multicast, not class E (RFC 1122 §3.2.1.3, §3.2.2).
 * 0.0.0.0 is allowed, for a host learning its address.
 */
int
in_src_ok(uint32_t a)
{
	return a != IN_BROADCAST && !IN_ISCLASSD(a) && !IN_ISCLASSE(a);
}

char *
in_ntoa(uint32_t a, char *buf)
{
	snprintf(buf, IN_ADDRSTRLEN, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
	return buf;
}

/* Parses exactly a.b.c.d, each 0-255.  Returns 1 on success, 0 otherwise. */
int
in_aton(const char *s, uint32_t *out)
{
	uint32_t a = 0;
	int part, digits;

	for (part = 0; part < 4; part++) {
		uint32_t v = 0;

		digits = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint32_t)(*s++ - '0');
			if (++digits > 3 || v > 255)
				return 0;
		}
		if (digits == 0)
			return 0;
		a = a << 8 | v;
		if (part < 3 && *s++ != '.')
			return 0;
	}
	if (*s != '\0')
		return 0;
	*out = a;
	return 1;
}
