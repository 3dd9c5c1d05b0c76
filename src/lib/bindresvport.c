/*
 * bindresvport(3): binds a socket to a reserved port, as Sun RPC's
 * servers and clients ask (portmap, NFS).  glibc's own binds inside libc,
 * past the shim, so on uipc its bind would reach the channel; this binds
 * with uipc's call.  glibc's rules: an AF_INET name (NULL means any
 * address) whose port is chosen among 600..1023, starting at a point set
 * by the process id and going round; when all are in use, 512..599 as
 * well; EADDRINUSE moves on, any other error is the answer.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>

#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define START		600
#define LOW		(IPPORT_RESERVED / 2)
#define END		(IPPORT_RESERVED - 1)

static int
try_range(int sd, struct sockaddr_in *sin, int lo, int hi, int first)
{
	int i, n = hi - lo + 1, port = first, r = -1;

	for (i = 0; i < n; i++) {
		sin->sin_port = htons((uint16_t)port);
		if (++port > hi)
			port = lo;
		if ((r = uipc_bind(sd, (struct sockaddr *)sin, sizeof(*sin))) == 0 ||
		    errno != EADDRINUSE)
			return r;
	}
	return r;
}

int
uipc_bindresvport(int sd, struct sockaddr_in *sin)
{
	struct sockaddr_in any;
	int first = START + getpid() % (END - START + 1);

	if (sin == NULL) {
		memset(&any, 0, sizeof(any));
		any.sin_family = AF_INET;
		sin = &any;
	} else if (sin->sin_family != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (try_range(sd, sin, START, END, first) == 0)
		return 0;
	if (errno != EADDRINUSE)
		return -1;
	return try_range(sd, sin, LOW, START - 1, LOW + first % (START - LOW));
}
