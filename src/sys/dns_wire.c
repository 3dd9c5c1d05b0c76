/*
 * DNS messages for uipcd's responder (dns_responder.c): the query's header
 * and question read defensively (RFC 1035 §4.1), the response written with
 * the question echoed and each answer's owner a pointer to it (§4.1.4).
 * Every length is checked against the bytes received before it is used.
 */
#include <string.h>

#include "sys/dns_wire.h"

/* Header flag bits (RFC 1035 §4.1.1). */
#define F_QR		0x8000
#define F_OPCODE	0x7800
#define F_AA		0x0400
#define F_TC		0x0200
#define F_RD		0x0100

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/*
 * The question's name, from off: labels only.  A query's question has
 * nothing earlier to point at, so a compression pointer (or the reserved
 * label types, RFC 6891 §5) makes the query malformed.  Returns the offset
 * past the name, or 0.
 */
static size_t
get_name(const uint8_t *msg, size_t len, size_t off, struct dns_query *q)
{
	size_t wire = 0, out = 0;
	unsigned n, i;

	for (;;) {
		if (off >= len)
			return 0;
		n = msg[off++];
		if (n == 0)
			break;
		if (n & 0xc0)
			return 0;
		if (off + n > len || (wire += n + 1) + 1 > DNS_NAMEMAX)
			return 0;
		if (out > 0)
			q->q_name[out++] = '.';
		for (i = 0; i < n; i++) {
			uint8_t c = msg[off + i];

			if (c == '.' || c <= ' ' || c >= 0x7f)
				q->q_odd = 1;
			q->q_name[out++] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
		}
		off += n;
	}
	q->q_name[out] = '\0';
	return off;
}

int
dns_parse_query(const uint8_t *msg, size_t len, struct dns_query *q)
{
	size_t off;

	memset(q, 0, sizeof(*q));
	if (len < DNS_HDRLEN)
		return DNS_DROP;
	q->q_id = get16(msg);
	q->q_flags = get16(msg + 2);
	/* Never answer a response: two responders would answer each other. */
	if (q->q_flags & F_QR)
		return DNS_DROP;
	if ((q->q_flags & F_OPCODE) != 0)	/* only QUERY (RFC 1035 §4.1.1) */
		return DNS_R_NOTIMP;
	/* One question (RFC 9619); the other sections (EDNS's OPT) are ignored. */
	if (get16(msg + 4) != 1)
		return DNS_R_FORMERR;
	if ((off = get_name(msg, len, DNS_HDRLEN, q)) == 0 || off + 4 > len) {
		q->q_name[0] = '\0';
		return DNS_R_FORMERR;
	}
	q->q_type = get16(msg + off);
	q->q_class = get16(msg + off + 2);
	q->q_qend = off + 4;
	q->q_hasq = 1;
	return DNS_R_NOERROR;
}

int
dns_rr_name(struct dns_rr *rr, const char *name)
{
	size_t n = 0, l;
	const char *dot;

	while (*name != '\0') {
		dot = strchr(name, '.');
		l = dot != NULL ? (size_t)(dot - name) : strlen(name);
		if (l == 0 || l > 63 || n + l + 2 > DNS_NAMEMAX)
			return 0;
		rr->rr_data[n++] = (uint8_t)l;
		memcpy(rr->rr_data + n, name, l);
		n += l;
		name += l + (dot != NULL);
	}
	rr->rr_data[n++] = 0;
	rr->rr_len = (uint16_t)n;
	return 1;
}

size_t
dns_build_reply(const uint8_t *msg, const struct dns_query *q, int rcode,
    const struct dns_rr *an, int nan, uint8_t *out, size_t outlen)
{
	uint16_t flags = F_QR | F_AA | (q->q_flags & (F_OPCODE | F_RD)) | (rcode & 0xf);
	size_t n = DNS_HDRLEN, qlen = q->q_hasq ? q->q_qend - DNS_HDRLEN : 0;
	int i, count = 0;

	if (outlen < DNS_HDRLEN)
		return 0;
	if (n + qlen > outlen)
		qlen = 0;
	memset(out, 0, DNS_HDRLEN);
	put16(out, q->q_id);
	put16(out + 4, qlen > 0);
	memcpy(out + n, msg + DNS_HDRLEN, qlen);
	n += qlen;
	/* Each answer: a pointer to the question's name (offset 12), type,
	 * class IN, TTL, length, data (§4.1.3, §4.1.4). */
	for (i = 0; qlen > 0 && i < nan; i++) {
		if (n + 12 + an[i].rr_len > outlen) {
			flags |= F_TC;
			break;
		}
		put16(out + n, 0xc000 | DNS_HDRLEN);
		put16(out + n + 2, an[i].rr_type);
		put16(out + n + 4, DNS_C_IN);
		put16(out + n + 6, an[i].rr_ttl >> 16);
		put16(out + n + 8, an[i].rr_ttl & 0xffff);
		put16(out + n + 10, an[i].rr_len);
		memcpy(out + n + 12, an[i].rr_data, an[i].rr_len);
		n += 12 + an[i].rr_len;
		count++;
	}
	put16(out + 2, flags);
	put16(out + 6, (uint16_t)count);
	return n;
}
