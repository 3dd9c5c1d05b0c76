/*
 * uipcd's stack: made on the real clock, its hosts and segments from the
 * configuration file (`uipcd -f FILE`, man/uipc.conf.5) or from -H names,
 * and its timer queue driving the epoll loop's timeout (DESIGN.md,
 * "Time": nothing below src/sys reads a clock; the loop asks the queue
 * for its next deadline and runs what is due each turn).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/pkt.h"
#include "base/timer.h"
#include "net/if_seg.h"
#include "stack/netconf.h"
#include "stack/stack.h"
#include "sys/uipcd.h"

/*
 * Sets up d->d_stack on the real clock: the segments and hosts of conf
 * (a file, or NULL), then a host for each of names[0..nnames) not already
 * made.  With neither, the caller passes the machine's name.  On failure
 * err holds one line saying why.  Returns 0 or an errno.
 */
int
uipcd_config(struct uipcd *d, const char *conf, char *const *names, int nnames,
    char *err, size_t errlen)
{
	struct netconf *nc = NULL;
	struct stack *st;
	struct host *h;
	uint64_t seed = (uint64_t)time(NULL);
	int i, error;

	err[0] = '\0';
	owner_defaults(d);
	if (conf != NULL) {
		uint64_t v;

		if ((error = netconf_load(conf, &nc, err, errlen)) != 0)
			return error;
		netconf_seed(nc, &seed);
		d->d_ages_at = netconf_ages_at(nc);
		/* Per-user limits (user_limits.c): the file's over the defaults. */
		if (netconf_limit(nc, "sockets", &v))
			d->d_lim.ul_socks = v > INT64_MAX ? 0 : (int64_t)v;
		if (netconf_limit(nc, "descriptors", &v))
			d->d_lim.ul_fds = v > INT64_MAX ? 0 : (int64_t)v;
		if (netconf_limit(nc, "buffers", &v))
			d->d_lim.ul_bytes = v;
		{
			const char *ns;

			if ((d->d_dns_on = netconf_nameserver(nc, &ns)))
				snprintf(d->d_nameserver, sizeof(d->d_nameserver), "%s", ns);
		}
	}
	if ((error = stack_create(clock_real_create(), seed, &st)) != 0) {
		netconf_free(nc);
		snprintf(err, errlen, "stack: %s", strerror(error));
		return error;
	}
	d->d_stack = st;
	if (nc != NULL) {
		error = netconf_apply(nc, st, err, errlen);
		{
			static const char *const dbs[4] = { "hosts", "networks", "protocols", "services" };
			const char *path;
			int k;

			for (k = 0; k < 4; k++)
				if ((path = netconf_database(nc, dbs[k])) != NULL)
					snprintf(d->d_dbpath[k], sizeof(d->d_dbpath[k]), "%s", path);
		}
		netconf_free(nc);
		if (error != 0)
			return error;
	}
	for (i = 0; i < nnames; i++) {
		if (host_find(st, names[i]) != NULL)
			continue;
		if ((error = host_create(st, names[i], &h)) != 0) {
			snprintf(err, errlen, "host %s: %s", names[i],
			    strerror(error));
			return error;
		}
	}
	if (st->st_hosts == NULL) {
		snprintf(err, errlen, "%s: no hosts", conf ? conf : "uipcd");
		return EINVAL;
	}
	return 0;
}

/* Tears the stack down after every socket is closed (uipcd_fini). */
void
uipcd_unconfig(struct uipcd *d)
{
	stack_destroy(d->d_stack);
	d->d_stack = NULL;
}

/*
 * The epoll timeout, in milliseconds, that wakes the loop for the timer
 * queue's next deadline, at most dflt.  A deadline less than a millisecond
 * away gives 0 rather than sleeping past it.
 */
int
uipcd_timeout(struct uipcd *d, int dflt)
{
	struct timerq *tq = d->d_stack->st_timers;
	uint64_t next, now, ms;

	if (tq == NULL || (next = timerq_next_deadline(tq)) == TIMER_NEVER)
		return dflt;
	now = timerq_now(tq);
	if (next <= now)
		return 0;
	ms = (next - now) / 1000000;
	return ms < (uint64_t)dflt ? (int)ms : dflt;
}

/* Runs every timer due by now: segment delivery, ARP, reassembly, TCP. */
void
uipcd_timers(struct uipcd *d)
{
	if (d->d_stack->st_timers != NULL)
		timerq_run(d->d_stack->st_timers);
}

/* Whether a timer is due now (timers that run this instant). */
int
uipcd_due(struct uipcd *d)
{
	struct timerq *tq = d->d_stack->st_timers;
	uint64_t next;

	if (tq == NULL || (next = timerq_next_deadline(tq)) == TIMER_NEVER)
		return 0;
	return next <= timerq_now(tq);
}
