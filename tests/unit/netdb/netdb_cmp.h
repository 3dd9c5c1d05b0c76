/*
 * Comparison of two database entries, field by field, for the netdb unit
 * tests: uipc's answer against glibc's (the differential tests) or against
 * an expected one.  Each returns 1 when equal and otherwise prints what
 * differs, so that a failing test names the entry.
 */
#ifndef NETDB_CMP_H
#define NETDB_CMP_H

#include <stdio.h>
#include <string.h>
#include <netdb.h>
#include <arpa/inet.h>

static int
cmp_strv(const char *what, const char *key, char **a, char **b)
{
	int i;

	for (i = 0; a != NULL && b != NULL && a[i] != NULL && b[i] != NULL;
	    i++)
		if (strcmp(a[i], b[i]) != 0)
			break;
	if ((a == NULL || a[i] == NULL) && (b == NULL || b[i] == NULL))
		return 1;
	printf("# %s %s: alias %d differs: uipc \"%s\", libc \"%s\"\n", what,
	    key, i, a != NULL && a[i] != NULL ? a[i] : "(end)",
	    b != NULL && b[i] != NULL ? b[i] : "(end)");
	return 0;
}

static int
cmp_null(const char *what, const char *key, const void *a, const void *b)
{
	if (a == NULL && b == NULL)
		return 2;
	if (a == NULL || b == NULL) {
		printf("# %s %s: uipc %s, libc %s\n", what, key,
		    a ? "found" : "NULL", b ? "found" : "NULL");
		return 0;
	}
	return 1;
}

static int
cmp_hostent(const char *key, const struct hostent *a, const struct hostent *b)
{
	int r = cmp_null("host", key, a, b), i;

	if (r != 1)
		return r != 0;
	if (strcmp(a->h_name, b->h_name) != 0 ||
	    a->h_addrtype != b->h_addrtype || a->h_length != b->h_length) {
		printf("# host %s: uipc %s/%d/%d, libc %s/%d/%d\n", key,
		    a->h_name, a->h_addrtype, a->h_length, b->h_name,
		    b->h_addrtype, b->h_length);
		return 0;
	}
	if (!cmp_strv("host", key, a->h_aliases, b->h_aliases))
		return 0;
	for (i = 0; a->h_addr_list[i] != NULL && b->h_addr_list[i] != NULL;
	    i++)
		if (memcmp(a->h_addr_list[i], b->h_addr_list[i],
		    a->h_length) != 0)
			break;
	if (a->h_addr_list[i] != NULL || b->h_addr_list[i] != NULL) {
		printf("# host %s: address %d differs\n", key, i);
		return 0;
	}
	return 1;
}

static int
cmp_netent(const char *key, const struct netent *a, const struct netent *b)
{
	int r = cmp_null("net", key, a, b);

	if (r != 1)
		return r != 0;
	if (strcmp(a->n_name, b->n_name) != 0 ||
	    a->n_addrtype != b->n_addrtype || a->n_net != b->n_net) {
		printf("# net %s: uipc %s/%d/%#x, libc %s/%d/%#x\n", key,
		    a->n_name, a->n_addrtype, a->n_net, b->n_name,
		    b->n_addrtype, b->n_net);
		return 0;
	}
	return cmp_strv("net", key, a->n_aliases, b->n_aliases);
}

static int
cmp_protoent(const char *key, const struct protoent *a,
    const struct protoent *b)
{
	int r = cmp_null("proto", key, a, b);

	if (r != 1)
		return r != 0;
	if (strcmp(a->p_name, b->p_name) != 0 || a->p_proto != b->p_proto) {
		printf("# proto %s: uipc %s/%d, libc %s/%d\n", key, a->p_name,
		    a->p_proto, b->p_name, b->p_proto);
		return 0;
	}
	return cmp_strv("proto", key, a->p_aliases, b->p_aliases);
}

static int
cmp_servent(const char *key, const struct servent *a,
    const struct servent *b)
{
	int r = cmp_null("serv", key, a, b);

	if (r != 1)
		return r != 0;
	if (strcmp(a->s_name, b->s_name) != 0 || a->s_port != b->s_port ||
	    strcmp(a->s_proto, b->s_proto) != 0) {
		printf("# serv %s: uipc %s/%d/%s, libc %s/%d/%s\n", key,
		    a->s_name, ntohs(a->s_port), a->s_proto, b->s_name,
		    ntohs(b->s_port), b->s_proto);
		return 0;
	}
	return cmp_strv("serv", key, a->s_aliases, b->s_aliases);
}

#endif
