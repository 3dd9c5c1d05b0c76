/*
 * The layers' counters through one interface (domain.h, struct pr_stats):
 * `uipc netstat -s` names a layer, and the domain that has it fills the
 * host's figures.  The environment never reads a protocol's stat struct.
 */
#include <stdint.h>
#include <string.h>

#include "kern/domain.h"
#include "kern/host.h"

size_t
pr_stats(struct host *h, const char *layer, struct pr_stat *out, size_t max)
{
	const struct domain *const *dp;
	const struct pr_stats *ps;

	if (h->h_stack->st_domains == NULL)	/* a stack nobody composed */
		return 0;
	for (dp = h->h_stack->st_domains; *dp != NULL; dp++)
		for (ps = (*dp)->dom_stats; ps != NULL && ps->pst_layer != NULL; ps++)
			if (strcmp(ps->pst_layer, layer) == 0)
				return ps->pst_fill(h, out, max);
	return 0;
}

size_t
pr_stats_copy(const void *st, const struct pr_statfield *fields, size_t nfields,
    struct pr_stat *out, size_t max)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < nfields && i < max; i++) {
		memcpy(&v, (const char *)st + fields[i].psf_off, sizeof(v));
		out[i].ps_name = fields[i].psf_name;
		out[i].ps_value = v;
	}
	return nfields;
}
