/*
 * Presentation and numeric forms of addresses for the later interfaces:
 * inet_pton and inet_ntop.  IPv4 text here is strict, unlike inet_aton's
 * (four decimal parts, no leading zeros), which is also how the hosts
 * file is read.  IPv6 text follows RFC 4291 §2.2; its output RFC 5952 §4
 * (lower case, the longest run of two or more zero groups shortened to
 * "::", the first on a tie), with the dotted tail for IPv4-mapped and
 * IPv4-compatible addresses that glibc prints.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "netdb_int.h"

/* Four decimal parts of 0..255 without leading zeros, nothing else. */
static int
pton4(const char *s, unsigned char *dst)
{
	unsigned char a[4];
	unsigned val;
	int n = 0, ndig;

	for (;;) {
		val = 0;
		ndig = 0;
		while (isdigit((unsigned char)*s)) {
			if (ndig > 0 && val == 0)
				return 0;	/* a leading zero */
			val = val * 10 + (*s++ - '0');
			if (val > 255)
				return 0;
			ndig++;
		}
		if (ndig == 0)
			return 0;
		a[n++] = (unsigned char)val;
		if (n == 4)
			break;
		if (*s++ != '.')
			return 0;
	}
	if (*s != '\0')
		return 0;
	memcpy(dst, a, 4);
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * RFC 4291 §2.2: eight groups of up to four hex digits, one "::" for a
 * run of zero groups, and an IPv4 dotted tail in place of the last two.
 */
static int
pton6(const char *s, unsigned char *dst)
{
	unsigned char a[16];
	const char *grp;
	int n = 0, gap = -1, v, d, ndig;

	memset(a, 0, sizeof(a));
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		s++;
	}
	for (;;) {
		if (*s == ':') {
			/* The second colon of "::". */
			if (gap >= 0)
				return 0;
			gap = n;
			s++;
			if (*s == '\0')
				break;
			continue;
		}
		grp = s;
		v = 0;
		ndig = 0;
		while ((d = hexval((unsigned char)*s)) >= 0) {
			if (++ndig > 4)
				return 0;
			v = (v << 4) | d;
			s++;
		}
		if (ndig == 0)
			return 0;
		if (*s == '.') {
			if (n > 12 || !pton4(grp, a + n))
				return 0;
			n += 4;
			break;
		}
		if (n > 14)
			return 0;
		a[n++] = (unsigned char)(v >> 8);
		a[n++] = (unsigned char)v;
		if (*s == '\0')
			break;
		if (*s++ != ':' || *s == '\0')
			return 0;
	}
	if (gap >= 0) {
		if (n == 16)
			return 0;
		memmove(a + 16 - (n - gap), a + gap, n - gap);
		memset(a + gap, 0, 16 - n);
	} else if (n != 16)
		return 0;
	memcpy(dst, a, 16);
	return 1;
}

/*
 * inet_pton(3): 1 for a valid address (dst set), 0 for invalid text, -1 and
 * EAFNOSUPPORT for a family other than AF_INET and AF_INET6.
 */
int
uipc_inet_pton(int af, const char *src, void *dst)
{
	switch (af) {
	case AF_INET:
		return pton4(src, dst);
	case AF_INET6:
		return pton6(src, dst);
	default:
		errno = EAFNOSUPPORT;
		return -1;
	}
}

static const char *
ntop6(const unsigned char *a, char *buf, size_t size)
{
	char tmp[INET6_ADDRSTRLEN];
	unsigned w[8];
	int i, best = -1, bestlen = 0, cur = -1, curlen = 0;
	size_t len = 0;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	for (i = 0; i < 8; i++) {
		if (w[i] == 0) {
			if (cur < 0) {
				cur = i;
				curlen = 0;
			}
			if (++curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else
			cur = -1;
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			tmp[len++] = ':';
			if (i + bestlen == 8)
				tmp[len++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0)
			tmp[len++] = ':';
		/* The dotted tail of ::a.b.c.d and ::ffff:a.b.c.d. */
		if (i == 6 && best == 0 && (bestlen == 6 ||
		    (bestlen == 5 && w[5] == 0xffff))) {
			len += sprintf(tmp + len, "%u.%u.%u.%u", a[12], a[13],
			    a[14], a[15]);
			break;
		}
		len += sprintf(tmp + len, "%x", w[i]);
	}
	tmp[len] = '\0';
	if (len + 1 > size) {
		errno = ENOSPC;
		return NULL;
	}
	memcpy(buf, tmp, len + 1);
	return buf;
}

/*
 * inet_ntop(3): the text of an address into dst, or NULL with ENOSPC when
 * size is too small, EAFNOSUPPORT for an unknown family.
 */
const char *
uipc_inet_ntop(int af, const void *src, char *dst, socklen_t size)
{
	const unsigned char *a = src;
	char tmp[INET_ADDRSTRLEN];
	int len;

	switch (af) {
	case AF_INET:
		len = snprintf(tmp, sizeof(tmp), "%u.%u.%u.%u", a[0], a[1],
		    a[2], a[3]);
		if ((socklen_t)len + 1 > size) {
			errno = ENOSPC;
			return NULL;
		}
		memcpy(dst, tmp, (size_t)len + 1);
		return dst;
	case AF_INET6:
		return ntop6(a, dst, size);
	default:
		errno = EAFNOSUPPORT;
		return NULL;
	}
}
