/*
 * What each descriptor of this process is: the host's, or a uipc socket
 * (stream or message).  A descriptor is classified on first use and the
 * answer kept until close, dup2 or dup3 replaces it.  A descriptor that is
 * an unnamed AF_UNIX socket of the channel kinds may be a uipc socket this
 * process did not create itself (inherited across fork and exec, or passed
 * with SCM_RIGHTS); uipcd is asked (CTL_IDENTIFY).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#define FDTAB_MAX	65536

static uint8_t fdtab[FDTAB_MAX];
/* A socket not yet made in uipcd: uipcd's end of its channel, plus one. */
static int lazyend[FDTAB_MAX];
static int nlazy;		/* how many of lazyend are set */

/* The kind is in the low bits; FD_LISTENING marks a known listener. */
#define FD_KINDMASK	0x07
#define FD_PEERED	0x08	/* a stream socket known to have (had) a peer: data may flow */
#define FD_LISTENING	0x10
#define FD_SHRUNK	0x20	/* send buffer made small by a non-blocking connect */
#define FD_CONNTRIED	0x40	/* a connect was asked for: the channel is not filled again */
#define FD_DGRAM	0x80	/* a message socket of SOCK_DGRAM: no connection to reset */

void
uipc_fdset(int fd, enum fdkind k)
{
	if (fd >= 0 && fd < FDTAB_MAX)
		fdtab[fd] = (uint8_t)k;
}

static enum fdkind
fdclassify(int fd)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);
	struct ctl_rep rep;
	struct stat st;
	enum fdkind k;
	int dom = 0, type = 0, saved = errno;
	socklen_t il = sizeof(int);

	if (h_fstat(fd, &st) < 0) {
		errno = saved;
		return FD_UNKNOWN;	/* not open: keep asking */
	}
	if (!S_ISSOCK(st.st_mode))
		return FD_HOST;
	if (h_getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &il) < 0 || dom != AF_UNIX)
		return FD_HOST;
	il = sizeof(int);
	if (h_getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &il) < 0 ||
	    (type != SOCK_STREAM && type != SOCK_SEQPACKET))
		return FD_HOST;
	if (h_getsockname(fd, &sun, &len) < 0 || len > sizeof(sa_family_t))
		return FD_HOST;
	if (!uipc_setting_socket_given() && access(UIPC_DEFAULT_SOCKET, F_OK) != 0)
		return FD_HOST;
	if (ctl_call(CTL_IDENTIFY, NULL, NULL, 0, &fd, 1, &rep, NULL, NULL) < 0) {
		/*
		 * uipcd is gone and cannot say: the host's calls apply for
		 * now, but the answer is not kept (it may be a uipc socket).
		 */
		k = errno == ENETDOWN ? FD_UNKNOWN : FD_HOST;
		errno = saved;
		return k;
	}
	errno = saved;
	if (rep.cp_val[1] == SOCK_DGRAM)
		fdtab[fd] |= FD_DGRAM;
	if (rep.cp_val[3] & CTL_ID_PEERED)
		fdtab[fd] |= FD_PEERED;
	return rep.cp_val[1] == SOCK_STREAM ? FD_STREAM : FD_MSG;
}

enum fdkind
uipc_fdkind(int fd)
{
	enum fdkind k;

	if (fd < 0 || fd >= FDTAB_MAX)
		return FD_HOST;
	if ((k = fdtab[fd] & FD_KINDMASK) != FD_UNKNOWN)
		return k;
	k = fdclassify(fd);
	fdtab[fd] = (uint8_t)(k | (fdtab[fd] & (FD_DGRAM | FD_PEERED)));
	return k;
}

int
uipc_issocket(int fd)
{
	enum fdkind k = uipc_fdkind(fd);

	return k == FD_STREAM || k == FD_MSG;
}

void
uipc_fdsetdgram(int fd)
{
	if (fd >= 0 && fd < FDTAB_MAX)
		fdtab[fd] |= FD_DGRAM;
}

int
uipc_fddgram(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX && (fdtab[fd] & FD_DGRAM);
}

int
uipc_fdpeered(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX && (fdtab[fd] & FD_PEERED);
}

void
uipc_fdsetpeered(int fd)
{
	if (fd >= 0 && fd < FDTAB_MAX)
		fdtab[fd] |= FD_PEERED;
}

int
uipc_fdlistening(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX && (fdtab[fd] & FD_LISTENING);
}

void
uipc_fdsetlistening(int fd)
{
	if (fd >= 0 && fd < FDTAB_MAX)
		fdtab[fd] |= FD_LISTENING;
}

int
uipc_fdshrunk(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX && (fdtab[fd] & FD_SHRUNK);
}

void
uipc_fdsetshrunk(int fd, int on)
{
	if (fd < 0 || fd >= FDTAB_MAX)
		return;
	if (on)
		fdtab[fd] |= FD_SHRUNK;
	else
		fdtab[fd] &= (uint8_t)~FD_SHRUNK;
}

int
uipc_fdlazy(int fd)
{
	return fd >= 0 && fd < FDTAB_MAX ? lazyend[fd] - 1 : -1;
}

void
uipc_fdsetlazy(int fd, int end)
{
	if (fd >= 0 && fd < FDTAB_MAX) {
		if (lazyend[fd] == 0)
			nlazy++;
		lazyend[fd] = end + 1;
	}
}

/* Whether any socket waits to be made: a send then looks at what it passes. */
int
uipc_anylazy(void)
{
	return nlazy > 0;
}

/* The socket was made, or its descriptor closed: uipcd's end goes. */
void
uipc_fdclearlazy(int fd)
{
	if (fd >= 0 && fd < FDTAB_MAX && lazyend[fd] > 0) {
		h_close(lazyend[fd] - 1);
		lazyend[fd] = 0;
		nlazy--;
	}
}

/* Marks a connect asked for on fd; returns whether one had been before. */
int
uipc_fdconntried(int fd)
{
	int was;

	if (fd < 0 || fd >= FDTAB_MAX)
		return 1;
	was = (fdtab[fd] & FD_CONNTRIED) != 0;
	fdtab[fd] |= FD_CONNTRIED;
	return was;
}
