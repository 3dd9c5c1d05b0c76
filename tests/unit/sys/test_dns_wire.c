/*
 * uipcd's DNS responder, its pure parts: the query parser and the response
 * writer (src/sys/dns_wire.c, RFC 1035 §4) and the answers from a hosts
 * table (src/sys/dns_table.c), with well-formed and malformed queries.
 * src/sys is uipcd's alone (the unit tests link the core), so the two files
 * are compiled in here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sys/dns_table.c"
#include "sys/dns_wire.c"

/* A query for name (dotted) of type, id 0x1234, RD set, as dig sends it. */
static size_t
mkquery(uint8_t *b, const char *name, uint16_t type)
{
	struct dns_rr rr;
	size_t n = DNS_HDRLEN;

	memset(b, 0, DNS_HDRLEN);
	b[0] = 0x12; b[1] = 0x34; b[2] = 0x01; b[5] = 1;
	assert_true(dns_rr_name(&rr, name));
	memcpy(b + n, rr.rr_data, rr.rr_len);
	n += rr.rr_len;
	b[n++] = type >> 8; b[n++] = type & 0xff;
	b[n++] = 0; b[n++] = DNS_C_IN;
	return n;
}

static struct dns_table
table(void)
{
	struct dns_table t = { 0 };

	assert_int_equal(dns_table_line(&t, "127.0.0.1\tlocalhost"), 0);
	assert_int_equal(dns_table_line(&t, "10.0.0.2\tcad"), 0);
	assert_int_equal(dns_table_line(&t, "10.0.1.2\tcad   # a second interface"), 0);
	assert_int_equal(dns_table_line(&t, "10.0.0.4 Dali dali-alias"), 0);
	assert_int_equal(dns_table_line(&t, "# a comment"), 0);
	assert_int_equal(dns_table_line(&t, "::1 ip6-localhost"), 0);	/* IPv4 only */
	assert_int_equal(dns_table_line(&t, "not-an-address name"), 0);
	return t;
}

/* Parses, answers from the table, writes; the reply's rcode and answer count. */
static size_t
respond(const struct dns_table *t, const uint8_t *q, size_t qlen, uint8_t *out, size_t outlen,
    int *rcode, int *nan)
{
	struct dns_rr an[8];
	struct dns_query dq;
	size_t n;
	int rc, k = 0;

	rc = dns_parse_query(q, qlen, &dq);
	if (rc == DNS_DROP)
		return 0;
	if (rc == DNS_R_NOERROR)
		rc = dns_table_answer(t, &dq, an, 8, &k);
	n = dns_build_reply(q, &dq, rc, an, k, out, outlen);
	if (n >= DNS_HDRLEN) {
		*rcode = out[3] & 0xf;
		*nan = out[6] << 8 | out[7];
	}
	return n;
}

static void
test_dns_a_answers(void **state)
{
	struct dns_table t = table();
	uint8_t q[512], r[512];
	size_t qn, n;
	int rc, nan;

	qn = mkquery(q, "CAD", DNS_T_A);
	n = respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_true(n > qn);
	assert_int_equal(rc, DNS_R_NOERROR);
	assert_int_equal(nan, 2);			/* both of cad's addresses */
	assert_int_equal(r[0], 0x12);			/* the query's id */
	assert_int_equal(r[2] & 0x80, 0x80);		/* QR */
	assert_int_equal(r[2] & 0x04, 0x04);		/* AA */
	assert_int_equal(r[2] & 0x01, 0x01);		/* RD copied */
	assert_int_equal(r[5], 1);			/* the question echoed */
	assert_memory_equal(r + DNS_HDRLEN, q + DNS_HDRLEN, qn - DNS_HDRLEN);
	/* First answer: a pointer to offset 12, A, IN, TTL, 4 bytes, 10.0.0.2. */
	assert_int_equal(r[qn], 0xc0);
	assert_int_equal(r[qn + 1], 12);
	assert_int_equal(r[qn + 3], DNS_T_A);
	assert_int_equal(r[qn + 11], 4);
	assert_memory_equal(r + qn + 12, "\x0a\x00\x00\x02", 4);
	assert_int_equal(n, qn + 2 * 16);
	/* An alias, a name written in capitals in the file, a final dot. */
	qn = mkquery(q, "dali-alias", DNS_T_A);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(nan, 1);
	qn = mkquery(q, "dali", DNS_T_A);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(nan, 1);
	dns_table_free(&t);
}

static void
test_dns_negative_answers(void **state)
{
	struct dns_table t = table();
	uint8_t q[512], r[512];
	size_t qn;
	int rc, nan;

	qn = mkquery(q, "cad", DNS_T_AAAA);		/* a known name: NODATA */
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NOERROR);
	assert_int_equal(nan, 0);
	qn = mkquery(q, "no-such-host.example", DNS_T_A);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	assert_int_equal(nan, 0);
	qn = mkquery(q, "ca", DNS_T_A);			/* a prefix is not the name */
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	qn = mkquery(q, "cad", DNS_T_A);
	q[qn - 1] = 3;					/* class CHAOS */
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_REFUSED);
	dns_table_free(&t);
}

static void
test_dns_ptr(void **state)
{
	struct dns_table t = table();
	uint8_t q[512], r[512];
	size_t qn, n;
	int rc, nan;

	qn = mkquery(q, "4.0.0.10.in-addr.arpa", DNS_T_PTR);
	n = respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NOERROR);
	assert_int_equal(nan, 1);
	assert_int_equal(r[qn + 3], DNS_T_PTR);
	assert_int_equal(n, qn + 12 + 6);		/* "\4dali\0" */
	assert_memory_equal(r + qn + 12, "\4dali", 6);
	qn = mkquery(q, "9.9.9.10.in-addr.arpa", DNS_T_PTR);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	qn = mkquery(q, "256.0.0.10.in-addr.arpa", DNS_T_PTR);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	qn = mkquery(q, "0.0.10.in-addr.arpa", DNS_T_PTR);	/* three parts */
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	dns_table_free(&t);
}

static void
test_dns_malformed(void **state)
{
	struct dns_table t = table();
	uint8_t q[600], r[512];
	struct dns_query dq;
	size_t qn, n, i;
	int rc = -9, nan = -9;

	/* Shorter than a header: no answer at all. */
	for (i = 0; i < DNS_HDRLEN; i++)
		assert_int_equal(dns_parse_query(q, i, &dq), DNS_DROP);
	/* A response is never answered. */
	qn = mkquery(q, "cad", DNS_T_A);
	q[2] |= 0x80;
	assert_int_equal(dns_parse_query(q, qn, &dq), DNS_DROP);
	/* Another opcode: NOTIMP. */
	qn = mkquery(q, "cad", DNS_T_A);
	q[2] = 0x10;					/* IQUERY */
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NOTIMP);
	/* No question, or two: FORMERR, with no question echoed. */
	qn = mkquery(q, "cad", DNS_T_A);
	q[5] = 0;
	n = respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_FORMERR);
	assert_int_equal(n, DNS_HDRLEN);
	q[5] = 2;
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_FORMERR);
	/* Every truncation of a good query: FORMERR, never a read past the end. */
	qn = mkquery(q, "cad", DNS_T_A);
	for (i = DNS_HDRLEN; i < qn; i++) {
		n = respond(&t, q, i, r, sizeof(r), &rc, &nan);
		assert_int_equal(rc, DNS_R_FORMERR);
		assert_int_equal(n, DNS_HDRLEN);
	}
	/* A compression pointer in the question; a reserved label type. */
	qn = mkquery(q, "cad", DNS_T_A);
	q[DNS_HDRLEN] = 0xc0;
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_FORMERR);
	q[DNS_HDRLEN] = 0x40;
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_FORMERR);
	/* A name longer than 255 bytes on the wire. */
	memset(q, 0, DNS_HDRLEN);
	q[5] = 1;
	for (qn = DNS_HDRLEN, i = 0; i < 5; i++) {
		q[qn++] = 63;
		memset(q + qn, 'a', 63);
		qn += 63;
	}
	q[qn++] = 0;
	memcpy(q + qn, "\0\1\0\1", 4);
	qn += 4;
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_FORMERR);
	/* A label with a dot or a control byte in it names no host. */
	qn = mkquery(q, "cad", DNS_T_A);
	q[DNS_HDRLEN + 2] = '.';
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	q[DNS_HDRLEN + 2] = 0;
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	/* The root: NXDOMAIN. */
	qn = mkquery(q, "", DNS_T_A);
	respond(&t, q, qn, r, sizeof(r), &rc, &nan);
	assert_int_equal(rc, DNS_R_NXDOMAIN);
	dns_table_free(&t);
}

static void
test_dns_truncated_reply(void **state)
{
	struct dns_table t = table();
	uint8_t q[512], r[512];
	size_t qn, n;
	int rc, nan;

	/* Room for the question and one answer only: TC, one answer. */
	qn = mkquery(q, "cad", DNS_T_A);
	n = respond(&t, q, qn, r, qn + 16, &rc, &nan);
	assert_int_equal(n, qn + 16);
	assert_int_equal(nan, 1);
	assert_int_equal(r[2] & 0x02, 0x02);
	/* No room for the header: nothing. */
	assert_int_equal(respond(&t, q, qn, r, DNS_HDRLEN - 1, &rc, &nan), 0);
	dns_table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_a_answers),
		cmocka_unit_test(test_dns_negative_answers),
		cmocka_unit_test(test_dns_ptr),
		cmocka_unit_test(test_dns_malformed),
		cmocka_unit_test(test_dns_truncated_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
