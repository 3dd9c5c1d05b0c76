#ifndef UIPC_SYS_DNS_WIRE_H
#define UIPC_SYS_DNS_WIRE_H
/*
 * DNS messages (RFC 1035 §4) as uipcd's responder reads and writes them:
 * one query in, one answer out.  No I/O and no state, so the unit test and
 * the fuzzer drive it with any bytes at all.
 */
#include <stddef.h>
#include <stdint.h>

#define DNS_HDRLEN	12
#define DNS_NAMEMAX	255	/* RFC 1035 §2.3.4, on the wire */
#define DNS_UDPMAX	512	/* RFC 1035 §4.2.1, without EDNS */

/* Types and classes (RFC 1035 §3.2.2-4, RFC 3596). */
#define DNS_T_A		1
#define DNS_T_PTR	12
#define DNS_T_AAAA	28
#define DNS_T_ANY	255
#define DNS_C_IN	1
#define DNS_C_ANY	255

/* Response codes (RFC 1035 §4.1.1). */
#define DNS_R_NOERROR	0
#define DNS_R_FORMERR	1
#define DNS_R_SERVFAIL	2
#define DNS_R_NXDOMAIN	3
#define DNS_R_NOTIMP	4
#define DNS_R_REFUSED	5

/* dns_parse_query's verdicts beside a response code: no answer at all. */
#define DNS_DROP	(-1)

struct dns_query {
	uint16_t q_id;
	uint16_t q_flags;		/* the query's header flags */
	int q_hasq;			/* a whole question was read */
	size_t q_qend;			/* offset just past the question */
	char q_name[DNS_NAMEMAX + 1];	/* dotted, lower case, no final dot; "" is the root */
	int q_odd;			/* a label held a dot or an unprintable byte */
	uint16_t q_type, q_class;
};

/* One answer record; its owner is the question's name. */
struct dns_rr {
	uint16_t rr_type;
	uint32_t rr_ttl;
	uint16_t rr_len;
	uint8_t rr_data[DNS_NAMEMAX + 1];
};

/*
 * Reads a query.  DNS_R_NOERROR: q holds one question to answer; another
 * code: answer with it (q_hasq says whether the question can be echoed);
 * DNS_DROP: send nothing (shorter than a header, or itself a response).
 */
int	dns_parse_query(const uint8_t *msg, size_t len, struct dns_query *q);

/*
 * Writes the response to q (msg is the query, for its question) with rcode
 * and answers into out (at most outlen bytes).  Answers that do not fit are
 * left out and TC set (RFC 1035 §4.2.1).  Returns the length, or 0 when
 * not even the header fits.
 */
size_t	dns_build_reply(const uint8_t *msg, const struct dns_query *q, int rcode,
	    const struct dns_rr *an, int nan, uint8_t *out, size_t outlen);

/* A dotted name as the wire's labels, into rr_data (PTR).  0: too long or empty label. */
int	dns_rr_name(struct dns_rr *rr, const char *name);

#endif
