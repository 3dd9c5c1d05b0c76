/*
 * Configuration file parser and builder.  The format is line-oriented, in
 * the spirit of ifconfig(8) and route(8) arguments: a `segment NAME` or
 * `host NAME` line opens a block, and the lines after it, up to the next
 * block, describe that segment or host.  Blank lines and `#` comments are
 * ignored, indentation is only for the reader.  See man/uipc.conf.5.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "inet/in.h"
#include "inet/in_host.h"
#include "kern/host.h"
#include "net/if_ether.h"
#include "net/if_fault.h"
#include "net/if_seg.h"
#include "net/if_tap.h"
#include "net/if_var.h"
#include "net/route_var.h"
#include "stack/netconf.h"
#include "stack/stack.h"

#define NC_MAXTOK	24
#define NC_NAMELEN	64
#define NC_PATHLEN	1024
#define NC_NLIMITS	3

struct nc_seg {
	int s_line;
	char s_name[SEG_NAMELEN];
	uint64_t s_delay;
	struct fault_conf s_fault;
	int s_has_seed;
	uint64_t s_seed;
	char s_pcap[NC_PATHLEN];
	unsigned s_pcapmode;		/* 0: the default, 0600 */
};

struct nc_if {
	int i_line;
	int i_host;			/* index into nc_hosts */
	char i_name[IFNAMSIZ];
	char i_seg[SEG_NAMELEN];
	char i_tap[IFNAMSIZ];		/* a TAP device instead of a segment */
	struct nc_seg i_wire;		/* a tap's fault and capture settings */
	int i_has_wire;
	uint32_t i_addr, i_mask, i_broad;
	uint32_t i_mtu;
	int i_has_mac;
	uint8_t i_mac[ETHER_ADDR_LEN];
	int i_down;
};

struct nc_route {
	int r_line;
	int r_host;
	uint32_t r_dst, r_mask, r_gw;
	unsigned r_flags;
	char r_ifname[IFNAMSIZ];
};

struct nc_arp {
	int a_line;
	int a_host;
	uint32_t a_ip;
	uint8_t a_mac[ETHER_ADDR_LEN];
};

struct nc_host {
	int h_line;
	char h_name[HOST_NAMELEN];
	int h_forwarding;
	int h_ttl;			/* 0: default */
	struct host_settings h_settings;
};

struct nc_db {
	char d_name[16];
	char d_path[NC_PATHLEN];
};

struct netconf {
	char nc_file[NC_PATHLEN];
	int nc_has_seed;
	uint64_t nc_seed;
	int64_t nc_ages_at;	/* "ages at +D": seconds after uipcd's start */
	struct nc_seg *nc_segs;
	size_t nc_nsegs;
	struct nc_host *nc_hosts;
	size_t nc_nhosts;
	struct nc_if *nc_ifs;
	size_t nc_nifs;
	struct nc_route *nc_routes;
	size_t nc_nroutes;
	struct nc_arp *nc_arps;
	size_t nc_narps;
	struct nc_db nc_dbs[8];
	size_t nc_ndbs;
	struct nc_limit {
		char l_name[16];
		uint64_t l_value;	/* 0: none */
	} nc_limits[NC_NLIMITS];
	size_t nc_nlimits;
	int nc_has_ns;			/* a nameserver line: uipcd's DNS responder */
	char nc_ns[64];			/* its address, or "" */
};

/* Parsing state. */
struct nc_parse {
	struct netconf *p_nc;
	int p_line;
	int p_seg;			/* current block: index, or -1 */
	int p_host;
	char *p_err;
	size_t p_errlen;
};

static int
nc_error(struct nc_parse *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(ps->p_err, ps->p_errlen, "%s:%d: ", ps->p_nc->nc_file,
	    ps->p_line);
	if (n < 0 || (size_t)n >= ps->p_errlen)
		return EINVAL;
	va_start(ap, fmt);
	vsnprintf(ps->p_err + n, ps->p_errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return EINVAL;
}

/* Grows *vp by one zeroed element of size sz; returns it or NULL. */
static void *
nc_push(void **vp, size_t *np, size_t sz)
{
	char *v = realloc(*vp, (*np + 1) * sz);

	if (v == NULL)
		return NULL;
	memset(v + *np * sz, 0, sz);
	*vp = v;
	return v + (*np)++ * sz;
}

/* Values. */

static int
nc_duration(const char *s, uint64_t *out)
{
	char *end;
	double v = strtod(s, &end);
	double mul;

	if (end == s || v < 0)
		return 0;
	if (strcmp(end, "ns") == 0)
		mul = 1;
	else if (strcmp(end, "us") == 0)
		mul = (double)NS_PER_US;
	else if (strcmp(end, "ms") == 0)
		mul = (double)NS_PER_MS;
	else if (strcmp(end, "s") == 0)
		mul = (double)NS_PER_SEC;
	else
		return 0;
	if (v * mul > 3600.0 * NS_PER_SEC)
		return 0;
	*out = (uint64_t)(v * mul + 0.5);
	return 1;
}

/* "10%" or "0.1": a probability, as parts per million. */
static int
nc_prob(const char *s, uint32_t *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s)
		return 0;
	if (strcmp(end, "%") == 0)
		v /= 100;
	else if (*end != '\0')
		return 0;
	if (v < 0 || v > 1)
		return 0;
	*out = (uint32_t)(v * RNG_PPM + 0.5);
	return 1;
}

static int
nc_uint(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end != '\0' || v > max)
		return 0;
	*out = v;
	return 1;
}

/* "a.b.c.d" or "a.b.c.d/len"; *lenp is -1 without a length. */
static int
nc_cidr(const char *s, uint32_t *addr, int *lenp)
{
	char buf[32];
	char *slash;
	uint64_t len;

	if (strlen(s) >= sizeof(buf))
		return 0;
	strcpy(buf, s);
	*lenp = -1;
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash = '\0';
		if (!nc_uint(slash + 1, 32, &len))
			return 0;
		*lenp = (int)len;
	}
	return in_aton(buf, addr);
}

static int
nc_mac(const char *s, uint8_t *mac)
{
	unsigned v[6];
	int i, n = 0;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3],
	    &v[4], &v[5], &n) != 6 || s[n] != '\0')
		return 0;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 1;
}

static int
nc_name_ok(const char *s, size_t max)
{
	const char *c;

	if (*s == '\0' || strlen(s) >= max)
		return 0;
	for (c = s; *c; c++)
		if (!(*c == '-' || *c == '_' || *c == '.' ||
		    (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= 'A' && *c <= 'Z')))
			return 0;
	return 1;
}

/* Blocks and their lines. */

/*
 * One setting of a wire, k with value tok[1]: of a segment block, or on a
 * tap interface's line (its device is the wire).  Returns 0, an errno
 * with the message set, or -1 when k is no wire setting.
 */
static int
nc_wire_setting(struct nc_parse *ps, struct nc_seg *s, char **tok)
{
	const char *k = tok[0];
	struct fault_conf *fc = &s->s_fault;

	if (strcmp(k, "delay") == 0) {
		if (!nc_duration(tok[1], &s->s_delay))
			goto baddur;
	} else if (strcmp(k, "jitter") == 0) {
		if (!nc_duration(tok[1], &fc->fc_jitter))
			goto baddur;
	} else if (strcmp(k, "reorder-delay") == 0) {
		if (!nc_duration(tok[1], &fc->fc_reorder_delay))
			goto baddur;
	} else if (strcmp(k, "loss") == 0) {
		if (!nc_prob(tok[1], &fc->fc_loss))
			goto badprob;
	} else if (strcmp(k, "duplicate") == 0) {
		if (!nc_prob(tok[1], &fc->fc_dup))
			goto badprob;
	} else if (strcmp(k, "reorder") == 0) {
		if (!nc_prob(tok[1], &fc->fc_reorder))
			goto badprob;
	} else if (strcmp(k, "corrupt") == 0) {
		if (!nc_prob(tok[1], &fc->fc_corrupt))
			goto badprob;
	} else if (strcmp(k, "seed") == 0) {
		if (!nc_uint(tok[1], UINT64_MAX, &s->s_seed))
			return nc_error(ps, "bad seed '%s'", tok[1]);
		s->s_has_seed = 1;
	} else if (strcmp(k, "pcap") == 0) {
		if (strlen(tok[1]) >= NC_PATHLEN)
			return nc_error(ps, "pcap path too long");
		strcpy(s->s_pcap, tok[1]);
	} else if (strcmp(k, "pcap-mode") == 0) {
		uint64_t mode;

		/* Octal, as chmod(1) takes it; never set-id or sticky. */
		if (tok[1][0] != '0' || !nc_uint(tok[1], 0777, &mode) || mode == 0)
			return nc_error(ps, "pcap-mode takes an octal mode such as 0640");
		s->s_pcapmode = (unsigned)mode;
	} else
		return -1;
	return 0;
baddur:
	return nc_error(ps, "bad duration '%s' (write e.g. 100us, 5ms, 1s)",
	    tok[1]);
badprob:
	return nc_error(ps, "bad probability '%s' (write e.g. 1%% or 0.01)",
	    tok[1]);
}

static int
nc_segment_line(struct nc_parse *ps, char **tok, int n)
{
	int error;

	if (n != 2)
		return nc_error(ps, "'%s' takes one value", tok[0]);
	error = nc_wire_setting(ps, &ps->p_nc->nc_segs[ps->p_seg], tok);
	if (error < 0)
		return nc_error(ps, "unknown segment setting '%s'", tok[0]);
	return error;
}

/*
 * interface NAME segment SEG [address A[/LEN]] [netmask M] [broadcast B]
 *     [mtu N] [ether MAC] [down]
 * interface NAME tap DEV [the same] [a segment's fault and pcap settings]
 */
static int
nc_interface_line(struct nc_parse *ps, char **tok, int n)
{
	struct netconf *nc = ps->p_nc;
	struct nc_if *ifc;
	uint64_t v;
	int i, len;
	size_t j;

	if (n < 2 || !nc_name_ok(tok[1], IFNAMSIZ))
		return nc_error(ps, "interface needs a name (up to %d "
		    "characters)", IFNAMSIZ - 1);
	if (strcmp(tok[1], "lo0") == 0)
		return nc_error(ps, "lo0 is every host's already");
	for (j = 0; j < nc->nc_nifs; j++)
		if (nc->nc_ifs[j].i_host == ps->p_host &&
		    strcmp(nc->nc_ifs[j].i_name, tok[1]) == 0)
			return nc_error(ps, "interface %s given twice", tok[1]);
	if ((ifc = nc_push((void **)&nc->nc_ifs, &nc->nc_nifs,
	    sizeof(*ifc))) == NULL)
		return ENOMEM;
	ifc->i_line = ps->p_line;
	ifc->i_host = ps->p_host;
	strcpy(ifc->i_name, tok[1]);
	for (i = 2; i < n; i++) {
		const char *k = tok[i];

		if (strcmp(k, "down") == 0) {
			ifc->i_down = 1;
			continue;
		}
		if (i + 1 >= n)
			return nc_error(ps, "'%s' needs a value", k);
		if (strcmp(k, "segment") == 0) {
			if (!nc_name_ok(tok[i + 1], SEG_NAMELEN))
				return nc_error(ps, "bad segment name '%s'",
				    tok[i + 1]);
			strcpy(ifc->i_seg, tok[i + 1]);
		} else if (strcmp(k, "tap") == 0) {
			if (!nc_name_ok(tok[i + 1], IFNAMSIZ))
				return nc_error(ps, "bad TAP device name '%s'",
				    tok[i + 1]);
			strcpy(ifc->i_tap, tok[i + 1]);
		} else if (strcmp(k, "address") == 0 || strcmp(k, "inet") == 0) {
			if (!nc_cidr(tok[i + 1], &ifc->i_addr, &len))
				return nc_error(ps, "bad address '%s'",
				    tok[i + 1]);
			if (len >= 0)
				ifc->i_mask = in_lenmask(len);
		} else if (strcmp(k, "netmask") == 0) {
			if (!in_aton(tok[i + 1], &ifc->i_mask) ||
			    !in_mask_ok(ifc->i_mask))
				return nc_error(ps, "bad netmask '%s'",
				    tok[i + 1]);
		} else if (strcmp(k, "broadcast") == 0) {
			if (!in_aton(tok[i + 1], &ifc->i_broad))
				return nc_error(ps, "bad broadcast address "
				    "'%s'", tok[i + 1]);
		} else if (strcmp(k, "mtu") == 0) {
			if (!nc_uint(tok[i + 1], 65535, &v) || v < 68)
				return nc_error(ps, "bad mtu '%s' (68-65535)",
				    tok[i + 1]);
			ifc->i_mtu = (uint32_t)v;
		} else if (strcmp(k, "ether") == 0) {
			if (!nc_mac(tok[i + 1], ifc->i_mac) ||
			    (ifc->i_mac[0] & 1))
				return nc_error(ps, "bad Ethernet address "
				    "'%s'", tok[i + 1]);
			ifc->i_has_mac = 1;
		} else {
			int error = nc_wire_setting(ps, &ifc->i_wire, &tok[i]);

			if (error > 0)
				return error;
			if (error < 0)
				return nc_error(ps, "unknown interface setting "
				    "'%s'", k);
			ifc->i_has_wire = 1;
		}
		i++;
	}
	if (ifc->i_seg[0] == '\0' && ifc->i_tap[0] == '\0')
		return nc_error(ps, "interface %s: which segment?", tok[1]);
	if (ifc->i_seg[0] != '\0' && ifc->i_tap[0] != '\0')
		return nc_error(ps, "interface %s: a segment or a tap, not both",
		    tok[1]);
	if (ifc->i_seg[0] != '\0' && ifc->i_has_wire)
		return nc_error(ps, "interface %s: faults and capture belong "
		    "in segment %s's block", tok[1], ifc->i_seg);
	return 0;
}

/* route default GW | route DST[/LEN] GW | route host DST GW */
static int
nc_route_line(struct nc_parse *ps, char **tok, int n)
{
	struct netconf *nc = ps->p_nc;
	struct nc_route *r;
	int i = 1, len;

	if ((r = nc_push((void **)&nc->nc_routes, &nc->nc_nroutes,
	    sizeof(*r))) == NULL)
		return ENOMEM;
	r->r_line = ps->p_line;
	r->r_host = ps->p_host;
	r->r_flags = RTF_STATIC;
	if (n >= 2 && strcmp(tok[1], "default") == 0) {
		r->r_dst = r->r_mask = 0;
		i = 2;
	} else if (n >= 2 && strcmp(tok[1], "host") == 0) {
		if (n < 3 || !in_aton(tok[2], &r->r_dst))
			return nc_error(ps, "route host needs an address");
		r->r_mask = 0xffffffffu;
		i = 3;
	} else if (n >= 2) {
		if (!nc_cidr(tok[1], &r->r_dst, &len))
			return nc_error(ps, "bad destination '%s'", tok[1]);
		r->r_mask = len >= 0 ? in_lenmask(len) : in_classmask(r->r_dst);
		if (r->r_dst & ~r->r_mask)
			return nc_error(ps, "destination %s has bits outside "
			    "its mask", tok[1]);
		i = 2;
	}
	if (i >= n || !in_aton(tok[i], &r->r_gw))
		return nc_error(ps, "route needs a gateway address");
	if (++i < n) {
		if (strcmp(tok[i], "reject") == 0 && i + 1 == n)
			r->r_flags |= RTF_REJECT;
		else
			return nc_error(ps, "unexpected '%s' after route",
			    tok[i]);
	}
	return 0;
}

static int
nc_host_line(struct nc_parse *ps, char **tok, int n)
{
	struct netconf *nc = ps->p_nc;
	struct nc_host *h = &nc->nc_hosts[ps->p_host];
	struct nc_arp *a;
	uint64_t v;

	if (strcmp(tok[0], "interface") == 0)
		return nc_interface_line(ps, tok, n);
	if (strcmp(tok[0], "route") == 0)
		return nc_route_line(ps, tok, n);
	if (strcmp(tok[0], "forwarding") == 0) {
		if (n != 2 || (strcmp(tok[1], "yes") && strcmp(tok[1], "no")))
			return nc_error(ps, "forwarding yes or no");
		h->h_forwarding = strcmp(tok[1], "yes") == 0;
		return 0;
	}
	if (strcmp(tok[0], "ttl") == 0) {
		if (n != 2 || !nc_uint(tok[1], 255, &v) || v == 0)
			return nc_error(ps, "ttl takes 1-255");
		h->h_ttl = (int)v;
		return 0;
	}
	if (strcmp(tok[0], "arp") == 0) {
		if ((a = nc_push((void **)&nc->nc_arps, &nc->nc_narps,
		    sizeof(*a))) == NULL)
			return ENOMEM;
		a->a_line = ps->p_line;
		a->a_host = ps->p_host;
		if (n != 3 || !in_aton(tok[1], &a->a_ip) ||
		    !nc_mac(tok[2], a->a_mac))
			return nc_error(ps, "arp takes an address and an "
			    "Ethernet address");
		return 0;
	}
	{
		char why[160];
		int r = host_settings_line(&h->h_settings, tok, n, why, sizeof(why));

		if (r < 0)
			return nc_error(ps, "%s", why);
		if (r > 0)
			return 0;
	}
	return nc_error(ps, "unknown host setting '%s'", tok[0]);
}

/*
 * "limit sockets N", "limit descriptors N", "limit buffers SIZE" (bytes,
 * with k, m or g for KiB, MiB, GiB), each "none" for no limit: what one
 * user may hold in uipcd (src/sys/user_limits.c).
 */
static int
nc_limit_line(struct nc_parse *ps, char **tok, int n)
{
	static const char *const known[NC_NLIMITS] = { "sockets", "descriptors", "buffers" };
	struct netconf *nc = ps->p_nc;
	uint64_t v = 0, mul = 1;
	char num[32], *end;
	size_t i, len;
	int k;

	if (n != 3)
		return nc_error(ps, "limit takes a name and a value");
	for (k = 0; k < NC_NLIMITS; k++)
		if (strcmp(tok[1], known[k]) == 0)
			break;
	if (k == NC_NLIMITS)
		return nc_error(ps, "unknown limit '%s' (sockets, descriptors, buffers)", tok[1]);
	if (strcmp(tok[2], "none") != 0) {
		len = strlen(tok[2]);
		if (len == 0 || len >= sizeof(num))
			return nc_error(ps, "bad limit '%s'", tok[2]);
		strcpy(num, tok[2]);
		end = num + len - 1;
		if (k == 2 && (*end == 'k' || *end == 'K'))
			mul = 1024;
		else if (k == 2 && (*end == 'm' || *end == 'M'))
			mul = 1024 * 1024;
		else if (k == 2 && (*end == 'g' || *end == 'G'))
			mul = 1024 * 1024 * 1024;
		if (mul != 1)
			*end = '\0';
		if (!nc_uint(num, UINT64_MAX / mul, &v) || v == 0)
			return nc_error(ps, "bad limit '%s' (a positive number%s, or none)",
			    tok[2], k == 2 ? ", with k, m or g" : "");
		v *= mul;
	}
	for (i = 0; i < nc->nc_nlimits; i++)
		if (strcmp(nc->nc_limits[i].l_name, tok[1]) == 0)
			break;
	if (i == nc->nc_nlimits)
		nc->nc_nlimits++;
	strcpy(nc->nc_limits[i].l_name, tok[1]);
	nc->nc_limits[i].l_value = v;
	return 0;
}

static int
nc_line(struct nc_parse *ps, char **tok, int n)
{
	struct netconf *nc = ps->p_nc;
	size_t i;

	if (strcmp(tok[0], "segment") == 0 || strcmp(tok[0], "host") == 0) {
		int seg = tok[0][0] == 's';
		size_t max = seg ? SEG_NAMELEN : HOST_NAMELEN;

		if (n != 2 || !nc_name_ok(tok[1], max))
			return nc_error(ps, "%s needs one name (letters, digits,"
			    " '-', '_', '.'; up to %zu)", tok[0], max - 1);
		if (seg) {
			struct nc_seg *s;

			for (i = 0; i < nc->nc_nsegs; i++)
				if (strcmp(nc->nc_segs[i].s_name, tok[1]) == 0)
					return nc_error(ps, "segment %s given "
					    "twice", tok[1]);
			if ((s = nc_push((void **)&nc->nc_segs, &nc->nc_nsegs,
			    sizeof(*s))) == NULL)
				return ENOMEM;
			s->s_line = ps->p_line;
			strcpy(s->s_name, tok[1]);
			ps->p_seg = (int)nc->nc_nsegs - 1;
			ps->p_host = -1;
		} else {
			struct nc_host *h;

			for (i = 0; i < nc->nc_nhosts; i++)
				if (strcmp(nc->nc_hosts[i].h_name, tok[1]) == 0)
					return nc_error(ps, "host %s given "
					    "twice", tok[1]);
			if ((h = nc_push((void **)&nc->nc_hosts,
			    &nc->nc_nhosts, sizeof(*h))) == NULL)
				return ENOMEM;
			h->h_line = ps->p_line;
			strcpy(h->h_name, tok[1]);
			ps->p_host = (int)nc->nc_nhosts - 1;
			ps->p_seg = -1;
		}
		return 0;
	}
	if (strcmp(tok[0], "seed") == 0 && ps->p_seg < 0 && ps->p_host < 0) {
		if (n != 2 || !nc_uint(tok[1], UINT64_MAX, &nc->nc_seed))
			return nc_error(ps, "seed takes a number");
		nc->nc_has_seed = 1;
		return 0;
	}
	if (strcmp(tok[0], "limit") == 0 && ps->p_seg < 0 && ps->p_host < 0)
		return nc_limit_line(ps, tok, n);
	/*
	 * "ages at +DURATION": the host settings' ages (uptime, login, idle)
	 * are as at that long after uipcd's start on the system's wall
	 * clock, so that a demonstration that moves the clock (uipc clock)
	 * finds the hosts as configured at the end (etc/figure3.conf).
	 */
	if (strcmp(tok[0], "ages") == 0 && ps->p_seg < 0 && ps->p_host < 0) {
		if (n != 3 || strcmp(tok[1], "at") != 0 || tok[2][0] != '+' ||
		    (nc->nc_ages_at = host_settings_duration(tok[2] + 1)) < 0)
			return nc_error(ps, "ages takes 'at +DURATION' (e.g. at +19d15h37m)");
		return 0;
	}
	if (strcmp(tok[0], "nameserver") == 0) {	/* the whole configuration's, wherever it stands */
		uint32_t a;

		if (n > 2 || (n == 2 && !in_aton(tok[1], &a)))
			return nc_error(ps, "nameserver takes at most an IPv4 address");
		snprintf(nc->nc_ns, sizeof(nc->nc_ns), "%s", n == 2 ? tok[1] : "");
		nc->nc_has_ns = 1;
		return 0;
	}
	if (strcmp(tok[0], "database") == 0) {
		static const char *known[] = { "hosts", "networks", "protocols",
		    "services", NULL };
		struct nc_db *d = NULL;
		int k;

		if (n != 3)
			return nc_error(ps, "database takes a name and a path");
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(tok[1], known[k]) == 0)
				break;
		if (known[k] == NULL)
			return nc_error(ps, "unknown database '%s' (hosts, "
			    "networks, protocols, services)", tok[1]);
		if (strlen(tok[2]) >= NC_PATHLEN)
			return nc_error(ps, "path too long");
		for (i = 0; i < nc->nc_ndbs; i++)
			if (strcmp(nc->nc_dbs[i].d_name, tok[1]) == 0)
				d = &nc->nc_dbs[i];
		if (d == NULL)
			d = &nc->nc_dbs[nc->nc_ndbs++];
		strcpy(d->d_name, tok[1]);
		strcpy(d->d_path, tok[2]);
		return 0;
	}
	if (ps->p_seg >= 0)
		return nc_segment_line(ps, tok, n);
	if (ps->p_host >= 0)
		return nc_host_line(ps, tok, n);
	return nc_error(ps, "'%s' outside a host or segment block", tok[0]);
}

/* Cross-references, once the whole file is read. */
static int
nc_check(struct nc_parse *ps)
{
	struct netconf *nc = ps->p_nc;
	size_t i, j;

	for (i = 0; i < nc->nc_nifs; i++) {
		struct nc_if *ifc = &nc->nc_ifs[i];

		for (j = 0; j < nc->nc_nsegs; j++)
			if (strcmp(nc->nc_segs[j].s_name, ifc->i_seg) == 0)
				break;
		ps->p_line = ifc->i_line;
		if (j == nc->nc_nsegs && ifc->i_tap[0] == '\0')
			return nc_error(ps, "no segment called %s", ifc->i_seg);
		if (ifc->i_addr == 0 && (ifc->i_mask || ifc->i_broad))
			return nc_error(ps, "netmask or broadcast without an "
			    "address");
	}
	return 0;
}

/*
 * Parses a configuration from text (len bytes; fname names it in
 * messages).  Returns 0 with *ncp set, EINVAL with a message in err, or
 * ENOMEM.
 */
int
netconf_parse(const char *text, size_t len, const char *fname,
    struct netconf **ncp, char *err, size_t errlen)
{
	struct nc_parse ps;
	struct netconf *nc;
	const char *p = text, *end = text + len;
	char line[4096];
	int error = 0;

	*ncp = NULL;
	if (errlen > 0)
		err[0] = '\0';
	if ((nc = calloc(1, sizeof(*nc))) == NULL)
		return ENOMEM;
	snprintf(nc->nc_file, sizeof(nc->nc_file), "%s", fname ? fname : "-");
	memset(&ps, 0, sizeof(ps));
	ps.p_nc = nc;
	ps.p_seg = ps.p_host = -1;
	ps.p_err = err;
	ps.p_errlen = errlen;
	while (p < end && error == 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		char *tok[NC_MAXTOK], *s, *hash;
		int ntok = 0;

		ps.p_line++;
		if (n >= sizeof(line)) {
			error = nc_error(&ps, "line too long");
			break;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl ? nl + 1 : end;
		if (memchr(line, '\0', n) != NULL) {
			error = nc_error(&ps, "NUL byte in line");
			break;
		}
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		for (s = strtok(line, " \t\r"); s != NULL;
		    s = strtok(NULL, " \t\r")) {
			if (ntok == NC_MAXTOK) {
				error = nc_error(&ps, "too many words");
				break;
			}
			tok[ntok++] = s;
		}
		if (error == 0 && ntok > 0)
			error = nc_line(&ps, tok, ntok);
	}
	if (error == 0)
		error = nc_check(&ps);
	if (error != 0) {
		netconf_free(nc);
		return error;
	}
	*ncp = nc;
	return 0;
}

/* Reads and parses the file at path. */
int
netconf_load(const char *path, struct netconf **ncp, char *err,
    size_t errlen)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int error;

	*ncp = NULL;
	if ((fp = fopen(path, "r")) == NULL) {
		error = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(error));
		return error;
	}
	for (;;) {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (nb == NULL || cap > 16 * 1024 * 1024) {
				free(nb ? nb : buf);
				fclose(fp);
				snprintf(err, errlen, "%s: too big", path);
				return nb ? EFBIG : ENOMEM;
			}
			buf = nb;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	error = netconf_parse(buf ? buf : "", len, path, ncp, err, errlen);
	free(buf);
	return error;
}

void
netconf_free(struct netconf *nc)
{
	if (nc == NULL)
		return;
	free(nc->nc_segs);
	free(nc->nc_hosts);
	free(nc->nc_ifs);
	free(nc->nc_routes);
	free(nc->nc_arps);
	free(nc);
}

int
netconf_seed(const struct netconf *nc, uint64_t *seed)
{
	if (nc->nc_has_seed)
		*seed = nc->nc_seed;
	return nc->nc_has_seed;
}

/* Seconds after uipcd's start at which the host settings' ages hold. */
int64_t
netconf_ages_at(const struct netconf *nc)
{
	return nc->nc_ages_at;
}

/* The per-user limit name ("sockets", ...) when the file sets it (0: none). */
int
netconf_limit(const struct netconf *nc, const char *name, uint64_t *value)
{
	size_t i;

	for (i = 0; i < nc->nc_nlimits; i++)
		if (strcmp(nc->nc_limits[i].l_name, name) == 0) {
			*value = nc->nc_limits[i].l_value;
			return 1;
		}
	return 0;
}

/* Whether the file asks for uipcd's DNS responder; *addr its address or "". */
int
netconf_nameserver(const struct netconf *nc, const char **addr)
{
	*addr = nc->nc_ns;
	return nc->nc_has_ns;
}

/* The path given for database name ("hosts", ...), or NULL. */
const char *
netconf_database(const struct netconf *nc, const char *name)
{
	size_t i;

	for (i = 0; i < nc->nc_ndbs; i++)
		if (strcmp(nc->nc_dbs[i].d_name, name) == 0)
			return nc->nc_dbs[i].d_path;
	return NULL;
}

/* Building. */

static int
nc_apply_error(const struct netconf *nc, int line, int error, char *err,
    size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s:%d: %s: %s", nc->nc_file, line, what,
	    strerror(error));
	return error;
}

/*
 * Creates in st the segments and hosts nc describes, in file order:
 * segments, then each host with its interfaces, routes and ARP entries.
 * Returns 0, or an errno with a message naming the line that failed.
 * What was built before a failure stays in the stack (stack_destroy()
 * cleans up).
 */
int
netconf_apply(const struct netconf *nc, struct stack *st, char *err,
    size_t errlen)
{
	size_t i, j;
	int error;

	for (i = 0; i < nc->nc_nsegs; i++) {
		const struct nc_seg *s = &nc->nc_segs[i];
		struct seg *seg;

		if ((error = seg_create(st, s->s_name, &seg)) != 0)
			return nc_apply_error(nc, s->s_line, error, err, errlen,
			    s->s_name);
		seg->seg_delay = s->s_delay;
		seg->seg_fault = s->s_fault;
		seg->seg_seed = s->s_has_seed ? s->s_seed :
		    (nc->nc_seed ^ (0x632be59bd9b4e019ULL * (i + 1)));
		if (s->s_pcap[0] != '\0' &&
		    (error = seg_set_pcap_mode(seg, s->s_pcap, s->s_pcapmode ? s->s_pcapmode : 0600)) != 0)
			return nc_apply_error(nc, s->s_line, error, err, errlen,
			    s->s_pcap);
	}
	for (i = 0; i < nc->nc_nhosts; i++) {
		const struct nc_host *nh = &nc->nc_hosts[i];
		struct host *h;

		if ((error = host_create(st, nh->h_name, &h)) != 0)
			return nc_apply_error(nc, nh->h_line, error, err,
			    errlen, nh->h_name);
		HINET(h)->ih_forwarding = nh->h_forwarding;
		h->h_settings = nh->h_settings;
		if (nh->h_ttl)
			HINET(h)->ih_ttl = (uint8_t)nh->h_ttl;
		for (j = 0; j < nc->nc_nifs; j++) {
			const struct nc_if *c = &nc->nc_ifs[j];
			struct ifnet *ifp;

			if (c->i_host != (int)i)
				continue;
			error = ether_create(h, c->i_name,
			    c->i_has_mac ? c->i_mac : NULL, &ifp);
			if (error == 0 && c->i_tap[0] != '\0') {
				struct tap_conf tc = {
					.tc_dev = c->i_tap,
					.tc_fault = c->i_wire.s_fault,
					.tc_seed = c->i_wire.s_has_seed ?
					    c->i_wire.s_seed : nc->nc_seed ^
					    (0x9e3779b97f4a7c15ULL * (j + 1)),
					.tc_pcap = c->i_wire.s_pcap,
					.tc_pcapmode = c->i_wire.s_pcapmode,
				};

				/* A tap's delay is its fault stage's. */
				tc.tc_fault.fc_delay += c->i_wire.s_delay;
				error = tap_attach(ifp, &tc);
			} else if (error == 0)
				error = seg_attach(seg_find(st, c->i_seg), ifp);
			if (error == 0 && c->i_mtu)
				ifp->if_mtu = c->i_mtu;
			if (error == 0 && !c->i_down)
				error = if_setflags(ifp, ifp->if_flags | IFF_UP);
			if (error == 0 && c->i_addr != 0)
				error = if_addr_add(ifp, c->i_addr, c->i_mask,
				    c->i_broad);
			if (error != 0 && c->i_tap[0] != '\0') {
				char what[2 * IFNAMSIZ + 8];

				snprintf(what, sizeof(what), "%s: tap %s",
				    c->i_name, c->i_tap);
				return nc_apply_error(nc, c->i_line, error,
				    err, errlen, what);
			}
			if (error != 0)
				return nc_apply_error(nc, c->i_line, error,
				    err, errlen, c->i_name);
		}
		for (j = 0; j < nc->nc_nroutes; j++) {
			const struct nc_route *r = &nc->nc_routes[j];

			if (r->r_host != (int)i)
				continue;
			if ((error = rt_add(h, r->r_dst, r->r_mask, r->r_gw,
			    r->r_flags, NULL)) != 0)
				return nc_apply_error(nc, r->r_line, error,
				    err, errlen, "route");
		}
		for (j = 0; j < nc->nc_narps; j++) {
			const struct nc_arp *a = &nc->nc_arps[j];
			struct in_ifaddr *ifa;

			if (a->a_host != (int)i)
				continue;
			if ((ifa = ifa_ifwithnet(h, a->a_ip)) == NULL)
				return nc_apply_error(nc, a->a_line,
				    ENETUNREACH, err, errlen, "arp");
			if ((error = arp_set(ifa->ifa_ifp, a->a_ip,
			    a->a_mac)) != 0)
				return nc_apply_error(nc, a->a_line, error,
				    err, errlen, "arp");
		}
	}
	return 0;
}
