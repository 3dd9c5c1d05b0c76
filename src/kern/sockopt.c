/*
 * Socket-level options (4.4BSD sosetopt/sogetopt).  Values are as Linux
 * takes and gives them (int flags, struct linger, struct timeval), so that
 * programs tuned on Linux read back what they expect: SO_SNDBUF and
 * SO_RCVBUF are doubled on the way in, as Linux documents in socket(7), to
 * leave room for bookkeeping.  Options of other levels go to the protocol.
 */
#include <errno.h>
#include <string.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "kern/socket.h"
#include "kern/sockdefaults.h"

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
getint(const void *val, socklen_t len, int *v)
{
	if (val == NULL || len < sizeof(int))
		return EINVAL;
	memcpy(v, val, sizeof(int));
	return 0;
}

static int
gettimeo(const void *val, socklen_t len, uint64_t *us)
{
	struct timeval tv;

	if (val == NULL || len < sizeof(tv))
		return EINVAL;
	memcpy(&tv, val, sizeof(tv));
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
		if ((error = getint(val, len, &v)) != 0)
			return error;
		if (v)
			so->so_options |= bit;
		else
			so->so_options &= ~bit;
		return 0;
	}
	switch (name) {
	case SO_LINGER:
		if (val == NULL || len < sizeof(l))
			return EINVAL;
		memcpy(&l, val, sizeof(l));
		if (l.l_onoff)
			so->so_options |= SOO_LINGER;
		else
			so->so_options &= ~SOO_LINGER;
		so->so_linger = l.l_linger < 0 ? 0 : l.l_linger;
		return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:
		if ((error = getint(val, len, &v)) != 0)
			return error;
		if (name == SO_SNDBUF)
			so->so_snd.sb_hiwat = sbsize(v, SB_MIN_SND);
		else
			so->so_rcv.sb_hiwat = sbsize(v, SB_MIN_RCV);
		sowakeup(so, SO_EV_WRITE | SO_EV_READ);
		return 0;
	case SO_RCVLOWAT:
		if ((error = getint(val, len, &v)) != 0)
			return error;
		so->so_rcv.sb_lowat = v < 1 ? 1 : (uint32_t)v;
		return 0;
	case SO_SNDLOWAT:
		/* Linux: "not changeable"; 4.2BSD took it.  uipc follows Linux. */
		return ENOPROTOOPT;
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
putint(void *val, socklen_t *len, int v)
{
	if (*len < sizeof(int))
		return EINVAL;
	memcpy(val, &v, sizeof(int));
	*len = sizeof(int);
	return 0;
}

static int
puttimeo(void *val, socklen_t *len, uint64_t us)
{
	struct timeval tv = { (time_t)(us / 1000000), (suseconds_t)(us % 1000000) };

	if (*len < sizeof(tv))
		return EINVAL;
	memcpy(val, &tv, sizeof(tv));
	*len = sizeof(tv);
	return 0;
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
		 * ENOPROTOOPT (ip_setsockopt).
		 */
		if (error == ENOPROTOOPT && so->so_proto->pr_domain == AF_INET &&
		    level != IPPROTO_IP && level != so->so_proto->pr_protocol && level != SOL_RAW)
			error = EOPNOTSUPP;
		return error;
	}
	if ((bit = soflagbit(name)) != 0)
		return putint(val, len, (so->so_options & bit) != 0);
	switch (name) {
	case SO_LINGER:
		if (*len < sizeof(l))
			return EINVAL;
		l.l_onoff = (so->so_options & SOO_LINGER) != 0;
		l.l_linger = so->so_linger;
		memcpy(val, &l, sizeof(l));
		*len = sizeof(l);
		return 0;
	case SO_TYPE:
		return putint(val, len, so->so_type);
	case SO_ERROR:
		return putint(val, len, sogeterror(so));
	case SO_ACCEPTCONN:
		return putint(val, len, (so->so_options & SOO_ACCEPTCONN) != 0);
	case SO_SNDBUF:
		return putint(val, len, (int)so->so_snd.sb_hiwat);
	case SO_RCVBUF:
		return putint(val, len, (int)so->so_rcv.sb_hiwat);
	case SO_SNDLOWAT:
		return putint(val, len, (int)so->so_snd.sb_lowat);
	case SO_RCVLOWAT:
		return putint(val, len, (int)so->so_rcv.sb_lowat);
	case SO_SNDTIMEO:
		return puttimeo(val, len, so->so_snd.sb_timeo_us);
	case SO_RCVTIMEO:
		return puttimeo(val, len, so->so_rcv.sb_timeo_us);
	case SO_DOMAIN:
		return putint(val, len, so->so_proto->pr_domain);
	case SO_PROTOCOL:
		return putint(val, len, so->so_protocol);
	case SO_PEERCRED:
		if (pru->pru_peercred == NULL)
			return ENOPROTOOPT;
		if ((error = pru->pru_peercred(so, &cr)) != 0)
			return error;
		if (*len < sizeof(cr))
			return EINVAL;
		memcpy(val, &cr, sizeof(cr));
		*len = sizeof(cr);
		return 0;
	default:
		return ENOPROTOOPT;
	}
}
