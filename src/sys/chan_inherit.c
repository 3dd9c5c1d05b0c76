/*
 * What an accepted connection takes from its listener and the host must
 * enforce on the new channel's process end.  The process reads and writes
 * its channel directly, so a blocking read times out only if the host's
 * socket has SO_RCVTIMEO.  Linux's TCP clones the listener
 * (sk_clone_lock), so an accepted socket keeps the listener's SO_RCVTIMEO
 * and SO_SNDTIMEO; uipcd's socket layer copies them (sonewconn), and here
 * they reach the channel before it is passed.  (SO_OOBINLINE lives on the
 * channel alone; the library copies it at accept, sock.c.)  Nothing is set
 * for a listener that set no timeout, so an accept costs no call more.
 *
 * The other way, a socket made lazily (uipc_socket, ctl_client.c) may
 * have had its timeouts set on its channel alone before uipcd made it
 * (sock.c, setopt_decided): uipcd adopts them from the channel as it
 * makes the socket.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include "sys/uipcd.h"

static void
chan_set_timeo(int fd, int name, uint64_t us)
{
	struct timeval tv = { (time_t)(us / 1000000), (suseconds_t)(us % 1000000) };

	if (us != 0)
		(void)setsockopt(fd, SOL_SOCKET, name, &tv, sizeof(tv));
}

void
chan_inherit_opts(struct chan *c, int procfd)
{
	const struct socket *so = c->c_so;

	chan_set_timeo(procfd, SO_RCVTIMEO, so->so_rcv.sb_timeo_us);
	chan_set_timeo(procfd, SO_SNDTIMEO, so->so_snd.sb_timeo_us);
}

/* The channel's timeout name, in microseconds (0: none or unreadable). */
static uint64_t
chan_get_timeo(int fd, int name)
{
	struct timeval tv;
	socklen_t len = sizeof(tv);

	if (getsockopt(fd, SOL_SOCKET, name, &tv, &len) < 0 || len != sizeof(tv) ||
	    tv.tv_sec < 0 || tv.tv_usec < 0)
		return 0;
	return (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
}

void
chan_adopt_timeouts(struct socket *so, int procfd)
{
	so->so_rcv.sb_timeo_us = chan_get_timeo(procfd, SO_RCVTIMEO);
	so->so_snd.sb_timeo_us = chan_get_timeo(procfd, SO_SNDTIMEO);
}
