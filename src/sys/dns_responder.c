/*
 * uipcd's DNS responder (issue 9): a DNS query a program makes anyway
 * (res_query, dig, a resolver library) stays on uipc's network, since the
 * net under the shim carries glibc's resolver's own sockets to uipc
 * (DESIGN.md, "A net under the shim").  So uipcd answers it: on every host,
 * a UDP socket of uipcd's own bound to port 53 of the resolver's address
 * (and a TCP listener beside it, dns_tcp.c) answers A and PTR questions
 * for the names of the hosts file it wrote for its configuration
 * (netdb_files.c), NODATA for a known name's other types and NXDOMAIN for
 * the rest.  Nothing is ever forwarded: uipcd holds no
 * socket on the machine's network at all.
 *
 * The address rule: the resolver's address is the uipc.conf `nameserver`
 * line's, or else the first IPv4 `nameserver` of /etc/resolv.conf (the
 * address glibc's resolver will send to).  A host that does not own it
 * gets it as an alias on its loopback interface (a /32), so the query is
 * delivered on the host itself, whatever its routes.
 *
 * A query is answered from a zero-delay timer, not from the upcall that
 * says it arrived, so that no send runs inside the protocol's input.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timer.h"
#include "net/if_var.h"
#include "net/net_host.h"
#include "sys/dns_responder.h"
#include "sys/dns_responder_var.h"
#include "sys/dns_table.h"
#include "sys/dns_wire.h"
#include "sys/uipcd.h"

#define DNS_BATCH	64	/* queries answered per turn, per host */

/* The first IPv4 nameserver of a resolv.conf(5), or 0. */
static int
resolv_conf_nameserver(const char *path, uint32_t *addr)
{
	char line[512], word[32], a[64];
	struct in_addr in;
	FILE *f;
	int found = 0;

	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, " %31s %63s", word, a) == 2 && strcmp(word, "nameserver") == 0 &&
		    inet_pton(AF_INET, a, &in) == 1) {
			*addr = ntohl(in.s_addr);
			found = 1;
		}
	fclose(f);
	return found;
}

size_t
dns_respond(struct dns_host *dh, const uint8_t *msg, size_t len, uint8_t *out, size_t outlen)
{
	struct dns_rr an[DNS_MAXANSWERS];
	struct dns_query q;
	int rcode, nan = 0;

	dh->dh_stats.ds_queries++;
	if ((rcode = dns_parse_query(msg, len, &q)) == DNS_DROP) {
		dh->dh_stats.ds_dropped++;
		return 0;
	}
	if (rcode == DNS_R_NOERROR)
		rcode = dns_table_answer(&dh->dh_svc->s_table, &q, an, DNS_MAXANSWERS, &nan);
	if (rcode == DNS_R_NXDOMAIN)
		dh->dh_stats.ds_nxdomain++;
	else if (rcode != DNS_R_NOERROR)
		dh->dh_stats.ds_errors++;
	return dns_build_reply(msg, &q, rcode, an, nan, out, outlen);
}

static void
answer_one(struct dns_host *dh, struct sbrec *r)
{
	uint8_t out[DNS_UDPMAX];
	struct so_addr to;
	size_t n, done;

	if (r->r_addr == NULL || r->r_addrlen == 0 ||
	    (n = dns_respond(dh, r->r_data, r->r_len, out, sizeof(out))) == 0)
		return;
	to.sa = (const struct sockaddr *)r->r_addr;
	to.len = r->r_addrlen;
	to.node = NULL;
	/* A reply that finds no room is lost, as a datagram may be; the
	 * resolver asks again. */
	if (sosend(dh->dh_so, out, n, 0, &to, NULL, &dh->dh_svc->s_cred, &done) == 0)
		dh->dh_stats.ds_answers++;
}

static void
answer_queries(struct timer *t, void *arg)
{
	struct dns_host *dh = arg;
	struct sbrec *r;
	int i;

	(void)t;
	for (i = 0; i < DNS_BATCH && (r = soreceive_record(dh->dh_so)) != NULL; i++) {
		answer_one(dh, r);
		sbrec_free(r);
	}
	if (dh->dh_so->so_rcv.sb_nrec > 0)
		timer_add_in(dh->dh_so->so_host->h_stack->st_timers, &dh->dh_timer, 0);
}

static void
dns_upcall(struct socket *so, int events, void *arg)
{
	struct dns_host *dh = arg;

	if ((events & SO_EV_READ) && !timer_pending(&dh->dh_timer))
		timer_add_in(so->so_host->h_stack->st_timers, &dh->dh_timer, 0);
}

/* The responder's socket on one host, the resolver's address made local first. */
static int
host_start(struct dns_service *s, struct host *h, char *err, size_t errlen)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(DNS_PORT) };
	struct so_addr nam = { (struct sockaddr *)&sin, sizeof(sin), NULL };
	struct dns_host *dh;
	int error;

	if (h->h_inet == NULL)
		return 0;
	if (ifa_ifwithaddr(h, s->s_addr) == NULL &&
	    (error = if_addr_add(h->h_net->nh_lo, s->s_addr, 0xffffffffu, 0)) != 0) {
		snprintf(err, errlen, "host %s: the resolver's address on lo0: %s", h->h_name,
		    strerror(error));
		return error;
	}
	if ((dh = calloc(1, sizeof(*dh))) == NULL)
		return ENOMEM;
	dh->dh_svc = s;
	timer_init(&dh->dh_timer, answer_queries, dh);
	if ((error = socreate(h, AF_INET, SOCK_DGRAM, 0, &s->s_cred, &dh->dh_so)) != 0) {
		free(dh);
		snprintf(err, errlen, "host %s: socket: %s", h->h_name, strerror(error));
		return error;
	}
	dh->dh_so->so_up.su_fn = dns_upcall;
	dh->dh_so->so_up.su_arg = dh;
	dh->dh_so->so_pid = s->s_cred.pid;	/* netstat: held by uipcd */
	dh->dh_next = s->s_hosts;
	s->s_hosts = dh;
	sin.sin_addr.s_addr = htonl(s->s_addr);
	if ((error = sobind(dh->dh_so, &nam, &s->s_cred)) != 0) {
		snprintf(err, errlen, "host %s: bind %s:53: %s", h->h_name,
		    inet_ntoa(sin.sin_addr), strerror(error));
		return error;
	}
	if ((error = dns_tcp_start(dh, &nam)) != 0) {
		snprintf(err, errlen, "host %s: TCP %s:53: %s", h->h_name,
		    inet_ntoa(sin.sin_addr), strerror(error));
		return error;
	}
	return 0;
}

int
uipcd_dns_start(struct uipcd *d, const char *nameserver, const char *hostsfile,
    char *err, size_t errlen)
{
	struct dns_service *s;
	struct in_addr in;
	struct host *h;
	int error;

	err[0] = '\0';
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ENOMEM;
	s->s_stack = d->d_stack;
	s->s_cred.pid = getpid();
	s->s_cred.uid = 0;
	s->s_cred.gid = 0;
	d->d_dns = s;
	if (nameserver != NULL && nameserver[0] != '\0') {
		if (inet_pton(AF_INET, nameserver, &in) != 1) {
			snprintf(err, errlen, "nameserver %s: not an IPv4 address", nameserver);
			return EINVAL;
		}
		s->s_addr = ntohl(in.s_addr);
	} else if (!resolv_conf_nameserver(UIPC_RESOLV_CONF, &s->s_addr)) {
		/* glibc's resolver asks the loopback when resolv.conf names none. */
		s->s_addr = INADDR_LOOPBACK;
	}
	if ((error = dns_table_load(&s->s_table, hostsfile)) != 0) {
		snprintf(err, errlen, "%s: %s", hostsfile, strerror(error));
		return error;
	}
	for (h = d->d_stack->st_hosts; h != NULL; h = h->h_next)
		if ((error = host_start(s, h, err, errlen)) != 0)
			return error;
	if (d->d_verbose) {
		in.s_addr = htonl(s->s_addr);
		fprintf(stderr, "uipcd: DNS responder at %s:53 on every host, %d names\n",
		    inet_ntoa(in), s->s_table.t_n);
	}
	return 0;
}

void
uipcd_dns_stop(struct uipcd *d)
{
	struct dns_service *s = d->d_dns;
	struct dns_host *dh;

	if (s == NULL)
		return;
	while ((dh = s->s_hosts) != NULL) {
		s->s_hosts = dh->dh_next;
		dns_tcp_stop(dh);
		timer_cancel(s->s_stack->st_timers, &dh->dh_timer);
		dh->dh_so->so_up.su_fn = NULL;
		dh->dh_so->so_up.su_arg = NULL;
		soclose(dh->dh_so);
		free(dh);
	}
	dns_table_free(&s->s_table);
	free(s);
	d->d_dns = NULL;
}

const struct dns_stats *
uipcd_dns_stats(const struct uipcd *d, const struct host *h)
{
	const struct dns_host *dh;

	for (dh = d->d_dns != NULL ? d->d_dns->s_hosts : NULL; dh != NULL; dh = dh->dh_next)
		if (dh->dh_so->so_host == h)
			return &dh->dh_stats;
	return NULL;
}
