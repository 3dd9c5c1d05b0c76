/*
 * Internet address text in the dotted notation of 4.2BSD: inet_addr(3N),
 * inet_aton and inet_network.  Each part is a C constant (0x hex, 0 octal,
 * else decimal) and fewer than four parts are allowed, the last one filling
 * the remaining bytes: "a.b" is a class A net and a 24-bit host, "a.b.c" a
 * class B net and a 16-bit host (inet_addr(3N), primer §3.5).  glibc keeps
 * these rules, and so must we, since programs rely on "127.1".
 */
#include <ctype.h>
#include <stdint.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/*
 * Reads one C-style unsigned constant at *cpp as strtoul(3) with base 0
 * would, but refusing signs and leading blanks.  Returns 0 with the value,
 * or -1 when there is no digit or the value passes 32 bits.
 */
static int
inet_part(const char **cpp, uint32_t *valp)
{
	const char *cp = *cpp;
	uint64_t val = 0;
	unsigned base = 10, d;

	if (!isdigit((unsigned char)*cp))
		return -1;
	if (cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X') &&
	    isxdigit((unsigned char)cp[2])) {
		base = 16;
		cp += 2;
	} else if (cp[0] == '0')
		base = 8;
	for (;; cp++) {
		if (isdigit((unsigned char)*cp))
			d = *cp - '0';
		else if (base == 16 && isxdigit((unsigned char)*cp))
			d = (tolower((unsigned char)*cp) - 'a') + 10;
		else
			break;
		if (d >= base)
			break;
		val = val * base + d;
		if (val > 0xffffffffULL)
			return -1;
	}
	*cpp = cp;
	*valp = (uint32_t)val;
	return 0;
}

/*
 * The common parser.  With exact set, nothing may follow the address;
 * otherwise, as in glibc, white space ends it and anything after that is
 * ignored.  Returns 1 and the address in network order, or 0.
 */
static int
inet_aton_end(const char *cp, struct in_addr *inp, int exact)
{
	static const uint32_t max[4] = { 0xffffffff, 0xffffff, 0xffff, 0xff };
	uint32_t parts[4], val, addr;
	int n = 0, i;

	for (;;) {
		if (inet_part(&cp, &val) != 0)
			return 0;
		if (*cp != '.')
			break;
		if (n == 3 || val > 0xff)
			return 0;
		parts[n++] = val;
		cp++;
	}
	if (*cp != '\0' && (exact || !isascii((unsigned char)*cp) ||
	    !isspace((unsigned char)*cp)))
		return 0;
	if (val > max[n])
		return 0;
	addr = val;
	for (i = 0; i < n; i++)
		addr |= parts[i] << (24 - 8 * i);
	if (inp != NULL)
		inp->s_addr = htonl(addr);
	return 1;
}

/* inet_aton(3): 1 and *inp set for a valid address, else 0. */
int
uipc_inet_aton(const char *cp, struct in_addr *inp)
{
	return inet_aton_end(cp, inp, 0);
}

/* As inet_aton, with no trailing text allowed (getaddrinfo's numeric host). */
int
ndb_inet_aton_exact(const char *cp, struct in_addr *inp)
{
	return inet_aton_end(cp, inp, 1);
}

/*
 * inet_addr(3N): the address in network order, or INADDR_NONE, which is
 * also the answer for the valid "255.255.255.255" (the interface's old flaw,
 * the reason inet_aton exists).
 */
in_addr_t
uipc_inet_addr(const char *cp)
{
	struct in_addr in;

	if (!inet_aton_end(cp, &in, 0))
		return INADDR_NONE;
	return in.s_addr;
}

/*
 * inet_network(3N): a network number in host order, each part one byte,
 * packed from the right ("128.32" is 0x8020), or INADDR_NONE.  A part is
 * at most 255 (taken modulo 2^32 first, as glibc computes it), octal parts
 * may not hold 8 or 9, and only white space may follow.
 */
in_addr_t
uipc_inet_network(const char *cp)
{
	uint32_t val, res = 0;
	unsigned base, d;
	int n = 0, digit;

	for (;;) {
		val = 0;
		base = 10;
		digit = 0;
		if (*cp == '0') {
			base = 8;
			digit = 1;
			cp++;
		}
		/* glibc takes "x1f", with no leading 0, as hex too. */
		if (*cp == 'x' || *cp == 'X') {
			base = 16;
			digit = 0;
			cp++;
		}
		for (;; cp++) {
			if (isdigit((unsigned char)*cp)) {
				d = *cp - '0';
				if (base == 8 && d > 7)
					return INADDR_NONE;
			} else if (base == 16 && isxdigit((unsigned char)*cp))
				d = (tolower((unsigned char)*cp) - 'a') + 10;
			else
				break;
			val = val * base + d;	/* wraps, as in glibc */
			digit = 1;
		}
		if (!digit || n == 4 || val > 0xff)
			return INADDR_NONE;
		res = (res << 8) | val;
		n++;
		if (*cp != '.')
			break;
		cp++;
	}
	while (isspace((unsigned char)*cp))
		cp++;
	if (*cp != '\0')
		return INADDR_NONE;
	return res;
}

/* True when s is a non-empty run of digits and dots, ending in a digit. */
int
ndb_all_digits_dots(const char *s)
{
	const char *p;

	if (*s == '\0')
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return 0;
	return p[-1] != '.';
}
