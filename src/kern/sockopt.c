/*
 * Socket-level options (4.4BSD sosetopt/sogetopt).  Values are as Linux
 * takes and gives them (int flags, struct linger, struct timeval), so that
 * programs tuned on Linux read back what they expect: SO_SNDBUF and
 * SO_RCVBUF are doubled on the way in, as Linux documents in socket(7), to
 * leave room for bookkeeping.  Options of other levels go to the protocol,
 * and so does SO_BINDTODEVICE (the protocol knows its host's interfaces).
 * Every value is read and written through kern/sockopt_val.h, one length
 * policy for every level (Linux's: a short value set EINVAL, a short
 * buffer gets the value cut).
 */
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "kern/socket.h"
#include "kern/sockdefaults.h"
#include "kern/sockopt_val.h"

static const struct {
	int name;
	uint16_t bit;
} soflags[] = {
	{ SO_DEBUG, SOO_DEBUG },
	{ SO_REUSEADDR, SOO_REUSEADDR },
	{ SO_KEEPALIVE, SOO_KEEPALIVE },
	{ SO_DONTROUTE, SOO_DONTROUTE },
	{ SO_BROADCAST, SOO_BROADCAST },
	{ SO_OOBINLINE, SOO_OOBINLINE },
	{ SO_PASSCRED, SOO_PASSCRED },
	{ SO_REUSEPORT, SOO_REUSEPORT },
};

static int
soflagbit(int name)
{
	size_t i;

	for (i = 0; i < sizeof(soflags) / sizeof(soflags[0]); i++)
		if (soflags[i].name == name)
			return soflags[i].bit;
	return 0;
}

static int
gettimeo(const void *val, socklen_t len, uint64_t *us)
{
	struct timeval tv;
	int error;

	if ((error = sockopt_in(val, len, &tv, sizeof(tv))) != 0)
		return error;
	/*
	 * Linux takes a negative time as a zero one (it reads back as 0.0,
	 * and the host's channel, which gets the same option, then fails a
	 * blocking call at once with EAGAIN).
	 */
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return EDOM;
	if (tv.tv_sec < 0) {
		*us = 0;
		return 0;
	}
	*us = (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
	return 0;
}

static uint32_t
sbsize(int v, long min)
{
	long n = (long)v * 2;

	if (n < min)
		n = min;
	if (n > SB_MAX)
		n = SB_MAX;
	return (uint32_t)n;
}

/*
 * SO_BINDTODEVICE on a UNIX-domain socket: Linux records the interface
 * and nothing heeds it; uipc's UNIX domain belongs to no host's
 * interfaces, so it takes only the empty name (bound to none) and answers
 * any other ENODEV (docs/DIFFERENCES.md).
 */
static int
sobindtodevice_unix(const void *val, socklen_t len)
{
	if (len == 0 || val == NULL || *(const char *)val == '\0')
		return 0;
	return ENODEV;
}

int
sosetopt(struct socket *so, int level, int name, const void *val, socklen_t len)
{
	const struct pr_usrreqs *pru = so->so_proto->pr_usrreqs;
	struct linger l;
	int v, bit, error;

	if (level != SOL_SOCKET) {
		/* Linux: a protocol without options of its own (the UNIX domain), EOPNOTSUPP. */
		if (pru->pru_ctloutput == NULL)
			return EOPNOTSUPP;
		return pru->pru_ctloutput(so, 1, level, name, (void *)val, &len);
	}
	if ((bit = soflagbit(name)) != 0) {
		if ((error = sockopt_in_int(val, len, &v)) != 0)
			return error;
		if (v)
			so->so_options |= bit;
		else
			so->so_options &= ~bit;
		return 0;
	}
	switch (name) {
	case SO_LINGER:
		if ((error = sockopt_in(val, len, &l, sizeof(l))) != 0)
			return error;
		if (l.l_onoff)
			so->so_options |= SOO_LINGER;
		else
			so->so_options &= ~SOO_LINGER;
		so->so_linger = l.l_linger < 0 ? 0 : l.l_linger;
		return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:
		if ((error = sockopt_in_int(val, len, &v)) != 0)
			return error;
		if (name == SO_SNDBUF) {
			so->so_snd.sb_hiwat = sbsize(v, SB_MIN_SND);
			so->so_snd.sb_userset = 1;
		} else {
			so->so_rcv.sb_hiwat = sbsize(v, SB_MIN_RCV);
			so->so_rcv.sb_userset = 1;
		}
		sowakeup(so, SO_EV_WRITE | SO_EV_READ);
		return 0;
	case SO_RCVLOWAT:
		if ((error = sockopt_in_int(val, len, &v)) != 0)
			return error;
		so->so_rcv.sb_lowat = v < 1 ? 1 : (uint32_t)v;
		return 0;
	case SO_SNDLOWAT:
		/* Linux: "not changeable"; 4.2BSD took it.  uipc follows Linux. */
		return ENOPROTOOPT;
	case SO_TIMESTAMP:
	case SO_TIMESTAMPNS:
		/*
		 * socket(7), as Linux's sock_set_timestamp: either turns
		 * stamping on in its own unit (the later wins); turning
		 * either off turns both off.
		 */
		if ((error = sockopt_in_int(val, len, &v)) != 0)
			return error;
		so->so_options &= ~(SOO_TIMESTAMP | SOO_TIMESTAMPNS);
		if (v)
			so->so_options |= SOO_TIMESTAMP |
			    (name == SO_TIMESTAMPNS ? SOO_TIMESTAMPNS : 0);
		return 0;
	case SO_BINDTODEVICE:
		/* An interface of the protocol's host: the protocol knows them. */
		if (pru->pru_ctloutput == NULL)
			return sobindtodevice_unix(val, len);
		return pru->pru_ctloutput(so, 1, level, name, (void *)val, &len);
	case SO_PRIORITY:
		/*
		 * socket(7): 0 to 6 for anyone; others need CAP_NET_ADMIN, here
		 * the socket's maker being root (uipc's privilege, primer §5.5).
		 * uipc has no queueing disciplines to heed it.
		 */
		if ((error = sockopt_in_int(val, len, &v)) != 0)
			return error;
		if ((v < 0 || v > 6) && so->so_cred.uid != 0)
			return EPERM;
		so->so_priority = v;
		return 0;
	case SO_SNDTIMEO:
		return gettimeo(val, len, &so->so_snd.sb_timeo_us);
	case SO_RCVTIMEO:
		return gettimeo(val, len, &so->so_rcv.sb_timeo_us);
	case SO_TYPE:
	case SO_ERROR:
	case SO_ACCEPTCONN:
	case SO_PEERCRED:
	case SO_DOMAIN:
	case SO_PROTOCOL:
		return ENOPROTOOPT;
	default:
		return ENOPROTOOPT;
	}
}

static int
puttimeo(void *val, socklen_t *len, uint64_t us)
{
	struct timeval tv = { (time_t)(us / 1000000), (suseconds_t)(us % 1000000) };

	return sockopt_out(val, len, &tv, sizeof(tv));
}

/* A UDP or UDP-Lite socket (RFC 3828), which share their option levels. */
static int
so_is_udp_kind(const struct socket *so)
{
	return so->so_proto->pr_protocol == IPPROTO_UDP ||
	    so->so_proto->pr_protocol == IPPROTO_UDPLITE;
}

int
sogetopt(struct socket *so, int level, int name, void *val, socklen_t *len)
{
	const struct pr_usrreqs *pru = so->so_proto->pr_usrreqs;
	struct linger l;
	struct ucred cr;
	int bit, error;

	if (level != SOL_SOCKET) {
		if (pru->pru_ctloutput == NULL)
			return EOPNOTSUPP;
		error = pru->pru_ctloutput(so, 0, level, name, val, len);
		/*
		 * Linux's getsockopt at a level neither IP nor the protocol's
		 * own is EOPNOTSUPP (ip_getsockopt), though setsockopt's is
		 * ENOPROTOOPT (ip_setsockopt).  UDP and UDP-Lite take each
		 * other's level as their own (Linux's udp_getsockopt).
		 */
		if (error == ENOPROTOOPT && so->so_proto->pr_domain == AF_INET &&
		    level != IPPROTO_IP && level != so->so_proto->pr_protocol && level != SOL_RAW &&
		    !(so_is_udp_kind(so) && (level == IPPROTO_UDP || level == IPPROTO_UDPLITE)))
			error = EOPNOTSUPP;
		return error;
	}
	if ((bit = soflagbit(name)) != 0)
		return sockopt_out_int(val, len, (so->so_options & bit) != 0);
	switch (name) {
	case SO_LINGER:
		l.l_onoff = (so->so_options & SOO_LINGER) != 0;
		l.l_linger = so->so_linger;
		return sockopt_out(val, len, &l, sizeof(l));
	case SO_TYPE:
		return sockopt_out_int(val, len, so->so_type);
	case SO_ERROR:
		return sockopt_out_int(val, len, sogeterror(so));
	case SO_ACCEPTCONN:
		return sockopt_out_int(val, len, (so->so_options & SOO_ACCEPTCONN) != 0);
	case SO_SNDBUF:
		return sockopt_out_int(val, len, (int)so->so_snd.sb_hiwat);
	case SO_RCVBUF:
		return sockopt_out_int(val, len, (int)so->so_rcv.sb_hiwat);
	case SO_SNDLOWAT:
		return sockopt_out_int(val, len, (int)so->so_snd.sb_lowat);
	case SO_RCVLOWAT:
		return sockopt_out_int(val, len, (int)so->so_rcv.sb_lowat);
	case SO_TIMESTAMP:
		return sockopt_out_int(val, len,
		    (so->so_options & (SOO_TIMESTAMP | SOO_TIMESTAMPNS)) == SOO_TIMESTAMP);
	case SO_TIMESTAMPNS:
		return sockopt_out_int(val, len, (so->so_options & SOO_TIMESTAMPNS) != 0);
	case SO_BINDTODEVICE:
		if (pru->pru_ctloutput == NULL) {
			*len = 0;	/* bound to none */
			return 0;
		}
		return pru->pru_ctloutput(so, 0, level, name, val, len);
	case SO_PRIORITY:
		return sockopt_out_int(val, len, so->so_priority);
	case SO_SNDTIMEO:
		return puttimeo(val, len, so->so_snd.sb_timeo_us);
	case SO_RCVTIMEO:
		return puttimeo(val, len, so->so_rcv.sb_timeo_us);
	case SO_DOMAIN:
		return sockopt_out_int(val, len, so->so_proto->pr_domain);
	case SO_PROTOCOL:
		return sockopt_out_int(val, len, so->so_protocol);
	case SO_PEERCRED:
		if (pru->pru_peercred == NULL)
			return ENOPROTOOPT;
		if ((error = pru->pru_peercred(so, &cr)) != 0)
			return error;
		return sockopt_out(val, len, &cr, sizeof(cr));
	default:
		return ENOPROTOOPT;
	}
}
