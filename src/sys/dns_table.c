/*
 * The responder's names and addresses, from the hosts file uipcd writes
 * for its configuration, so that DNS and the database files (UIPC_ETC)
 * always give the same answer.  Names compare without case (RFC 4343).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sys/dns_table.h"

#define DNS_TTL		5	/* seconds: short, the configuration is the truth */

static int
add(struct dns_table *t, uint32_t addr, const char *name, int canon)
{
	struct dns_entry *e;
	size_t i, l = strlen(name);

	if (l == 0 || l > DNS_NAMEMAX - 2 || t->t_n >= DNS_TABLE_MAX)
		return 0;
	if (t->t_n == t->t_cap) {
		int cap = t->t_cap == 0 ? 16 : t->t_cap * 2;

		if ((e = realloc(t->t_ent, (size_t)cap * sizeof(*e))) == NULL)
			return ENOMEM;
		t->t_ent = e;
		t->t_cap = cap;
	}
	e = &t->t_ent[t->t_n++];
	e->e_addr = addr;
	for (i = 0; i <= l; i++)
		e->e_name[i] = (char)tolower((unsigned char)name[i]);
	if (l > 0 && e->e_name[l - 1] == '.')
		e->e_name[l - 1] = '\0';
	e->e_canon = canon;
	return 0;
}

int
dns_table_line(struct dns_table *t, const char *line)
{
	char buf[1024], *tok, *save, *hash;
	struct in_addr a;
	int canon = 1, error;

	snprintf(buf, sizeof(buf), "%s", line);
	if ((hash = strchr(buf, '#')) != NULL)
		*hash = '\0';
	if ((tok = strtok_r(buf, " \t\r\n", &save)) == NULL || inet_pton(AF_INET, tok, &a) != 1)
		return 0;
	while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
		if ((error = add(t, ntohl(a.s_addr), tok, canon)) != 0)
			return error;
		canon = 0;
	}
	return 0;
}

int
dns_table_load(struct dns_table *t, const char *path)
{
	char line[1024];
	FILE *f;
	int error = 0;

	if ((f = fopen(path, "re")) == NULL)
		return errno;
	while (error == 0 && fgets(line, sizeof(line), f) != NULL)
		error = dns_table_line(t, line);
	fclose(f);
	return error;
}

void
dns_table_free(struct dns_table *t)
{
	free(t->t_ent);
	t->t_ent = NULL;
	t->t_n = t->t_cap = 0;
}

/* "d.c.b.a.in-addr.arpa" as a, b, c, d (RFC 1035 §3.5).  1 if it is one. */
static int
reverse_name(const char *name, uint32_t *addr)
{
	static const char suffix[] = ".in-addr.arpa";
	size_t l = strlen(name), sl = sizeof(suffix) - 1;
	unsigned long b[4];
	const char *p = name;
	char *end;
	int i;

	if (l <= sl || strcmp(name + l - sl, suffix) != 0)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		b[i] = strtoul(p, &end, 10);
		if (b[i] > 255 || end - p > 3)
			return 0;
		p = end;
		if (i < 3 && *p++ != '.')
			return 0;
	}
	if (p != name + l - sl)
		return 0;
	*addr = (uint32_t)(b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]);
	return 1;
}

int
dns_table_answer(const struct dns_table *t, const struct dns_query *q,
    struct dns_rr *an, int max, int *nan)
{
	uint32_t addr;
	int i, known = 0;

	*nan = 0;
	if (q->q_class != DNS_C_IN && q->q_class != DNS_C_ANY)
		return DNS_R_REFUSED;
	if (q->q_odd || q->q_name[0] == '\0')
		return DNS_R_NXDOMAIN;
	if (reverse_name(q->q_name, &addr)) {
		for (i = 0; i < t->t_n; i++) {
			if (t->t_ent[i].e_addr != addr || !t->t_ent[i].e_canon)
				continue;
			if ((q->q_type == DNS_T_PTR || q->q_type == DNS_T_ANY) &&
			    *nan == 0 && *nan < max && dns_rr_name(&an[*nan], t->t_ent[i].e_name)) {
				an[*nan].rr_type = DNS_T_PTR;
				an[*nan].rr_ttl = DNS_TTL;
				(*nan)++;
			}
			known = 1;
		}
		return known ? DNS_R_NOERROR : DNS_R_NXDOMAIN;
	}
	for (i = 0; i < t->t_n; i++) {
		const struct dns_entry *e = &t->t_ent[i];
		int j, dup = 0;

		if (strcmp(e->e_name, q->q_name) != 0)
			continue;
		known = 1;
		if (q->q_type != DNS_T_A && q->q_type != DNS_T_ANY)
			continue;
		for (j = 0; j < *nan; j++)
			if (memcmp(an[j].rr_data, (uint8_t[4]){ e->e_addr >> 24, e->e_addr >> 16,
			    e->e_addr >> 8, e->e_addr }, 4) == 0)
				dup = 1;
		if (dup || *nan >= max)
			continue;
		an[*nan].rr_type = DNS_T_A;
		an[*nan].rr_ttl = DNS_TTL;
		an[*nan].rr_len = 4;
		an[*nan].rr_data[0] = e->e_addr >> 24;
		an[*nan].rr_data[1] = (e->e_addr >> 16) & 0xff;
		an[*nan].rr_data[2] = (e->e_addr >> 8) & 0xff;
		an[*nan].rr_data[3] = e->e_addr & 0xff;
		(*nan)++;
	}
	return known ? DNS_R_NOERROR : DNS_R_NXDOMAIN;
}
