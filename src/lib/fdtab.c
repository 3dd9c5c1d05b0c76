/*
 * What each descriptor of this process is: the host's, or a uipc socket
 * (stream or message).  A descriptor is classified on first use and the
 * answer kept until close, dup2 or dup3 replaces it.  A descriptor that is
 * an unnamed AF_UNIX socket of the channel kinds may be a uipc socket this
 * process did not create itself (inherited across fork and exec, or passed
 * with SCM_RIGHTS); uipcd is asked (CTL_IDENTIFY).
 *
 * The table covers every descriptor the process can have, however far it
 * raised RLIMIT_NOFILE: descriptors below FDTAB_BASE (nearly all) live in
 * a static first part, so that the lookup on every call stays one bounds
 * check and one load; higher ones live in parts added as such descriptors
 * appear, each at least twice the one before, never moved or freed, so a
 * thread reading while another adds a part never reads freed memory.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/un.h>

#include "lib/hostcall.h"
#include "lib/uipc_lib.h"
#include "uipc/uipc.h"

#ifndef FDTAB_BASE
#define FDTAB_BASE	65536	/* the unit test makes it small (tests/unit/lib/test_fdtab.c) */
#endif

static uint8_t fdtab[FDTAB_BASE];
/* A socket not yet made in uipcd: uipcd's end of its channel, plus one. */
static int lazyend[FDTAB_BASE];
static int nlazy;		/* how many lazy ends are set */

/* Descriptors [fp_lo, fp_hi) past FDTAB_BASE; the parts are contiguous. */
struct fdpart {
	int fp_lo, fp_hi;
	struct fdpart *fp_next;
	uint8_t *fp_kind;
	int *fp_lazy;
};
static struct fdpart *fdparts;

/* The kind is in the low bits; FD_LISTENING marks a known listener. */
#define FD_KINDMASK	0x07
#define FD_PEERED	0x08	/* a stream socket known to have (had) a peer: data may flow */
#define FD_LISTENING	0x10
#define FD_SHRUNK	0x20	/* send buffer made small by a non-blocking connect */
#define FD_CONNTRIED	0x40	/* a connect was asked for: the channel is not filled again */
#define FD_DGRAM	0x80	/* a message socket of SOCK_DGRAM: no connection to reset */

/*
 * A part for descriptors from lo on that holds fd.  mmap, not malloc: the
 * shim may get here from a signal handler (a socket made in one), and
 * the pages cost nothing until written.
 */
static struct fdpart *
fdpart_new(int lo, int fd)
{
	struct fdpart *p;
	long hi, n;
	void *m;

	hi = (long)lo * 2;
	if (hi < ((long)fd / FDTAB_BASE + 1) * FDTAB_BASE)
		hi = ((long)fd / FDTAB_BASE + 1) * FDTAB_BASE;
	if (hi > INT_MAX)
		hi = INT_MAX;	/* past any descriptor: the kernel's are below nr_open */
	n = hi - lo;
	m = mmap(NULL, sizeof(*p) + (size_t)n * (1 + sizeof(int)), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	p = m;
	p->fp_lo = lo;
	p->fp_hi = (int)hi;
	p->fp_next = NULL;
	p->fp_lazy = (int *)(p + 1);
	p->fp_kind = (uint8_t *)(p->fp_lazy + n);
	return p;
}

static void
fdpart_free(struct fdpart *p)
{
	munmap(p, sizeof(*p) + (size_t)(p->fp_hi - p->fp_lo) * (1 + sizeof(int)));
}

/*
 * The part holding fd (>= FDTAB_BASE), or NULL: none yet, and none added
 * unless grow.  Parts are appended with a compare-and-swap, so two threads
 * adding at once keep one part and the other is given back.
 */
static struct fdpart *
fdpart(int fd, int grow)
{
	struct fdpart **pp = &fdparts, *p, *n;
	int lo = FDTAB_BASE;

	for (;;) {
		while ((p = __atomic_load_n(pp, __ATOMIC_ACQUIRE)) != NULL) {
			if (fd < p->fp_hi)
				return p;
			lo = p->fp_hi;
			pp = &p->fp_next;
		}
		if (!grow || (n = fdpart_new(lo, fd)) == NULL)
			return NULL;
		p = NULL;
		if (__atomic_compare_exchange_n(pp, &p, n, 0, __ATOMIC_RELEASE, __ATOMIC_ACQUIRE)) {
			if (fd < n->fp_hi)
				return n;
		} else {
			fdpart_free(n);
		}
	}
}

/* One past the highest descriptor the table holds anything for (close_range). */
int
uipc_fdtab_end(void)
{
	struct fdpart *p, *last = NULL;

	for (p = __atomic_load_n(&fdparts, __ATOMIC_ACQUIRE); p != NULL;
	    p = __atomic_load_n(&p->fp_next, __ATOMIC_ACQUIRE))
		last = p;
	return last != NULL ? last->fp_hi : FDTAB_BASE;
}

/* fd's byte of kind and flags; NULL for a negative fd, or a high one not yet seen unless grow. */
static uint8_t *
fdent(int fd, int grow)
{
	struct fdpart *p;

	if ((unsigned)fd < FDTAB_BASE)
		return &fdtab[fd];
	if (fd < 0 || fd == INT_MAX || (p = fdpart(fd, grow)) == NULL)
		return NULL;
	return &p->fp_kind[fd - p->fp_lo];
}

/* fd's lazy end plus one, as fdent. */
static int *
fdlazyent(int fd, int grow)
{
	struct fdpart *p;

	if ((unsigned)fd < FDTAB_BASE)
		return &lazyend[fd];
	if (fd < 0 || fd == INT_MAX || (p = fdpart(fd, grow)) == NULL)
		return NULL;
	return &p->fp_lazy[fd - p->fp_lo];
}

void
uipc_fdset(int fd, enum fdkind k)
{
	uint8_t *e = fdent(fd, k != FD_UNKNOWN);

	if (e != NULL)
		*e = (uint8_t)k;
}

static enum fdkind
fdclassify(int fd, uint8_t *flags)
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
		*flags |= FD_DGRAM;
	if (rep.cp_val[3] & CTL_ID_PEERED)
		*flags |= FD_PEERED;
	return rep.cp_val[1] == SOCK_STREAM ? FD_STREAM : FD_MSG;
}

enum fdkind
uipc_fdkind(int fd)
{
	enum fdkind k;
	uint8_t *e, flags = 0;

	if ((unsigned)fd < FDTAB_BASE) {
		if ((k = fdtab[fd] & FD_KINDMASK) != FD_UNKNOWN)
			return k;
		e = &fdtab[fd];
	} else {
		if (fd < 0)
			return FD_HOST;
		if ((e = fdent(fd, 0)) != NULL && (k = *e & FD_KINDMASK) != FD_UNKNOWN)
			return k;
	}
	k = fdclassify(fd, &flags);
	/* A high descriptor gets its part once it is known to be open. */
	if (e == NULL && k != FD_UNKNOWN)
		e = fdent(fd, 1);
	if (e != NULL)
		*e = (uint8_t)(k | (*e & (FD_DGRAM | FD_PEERED)) | flags);
	return k;
}

int
uipc_issocket(int fd)
{
	enum fdkind k = uipc_fdkind(fd);

	return k == FD_STREAM || k == FD_MSG;
}

/* The flag bits: set, clear and test (a clear or a test needs no part). */
static int
fdflag(int fd, uint8_t flag)
{
	uint8_t *e = fdent(fd, 0);

	return e != NULL && (*e & flag);
}

static void
fdsetflag(int fd, uint8_t flag, int on)
{
	uint8_t *e = fdent(fd, on);

	if (e == NULL)
		return;
	if (on)
		*e |= flag;
	else
		*e &= (uint8_t)~flag;
}

void
uipc_fdsetdgram(int fd)
{
	fdsetflag(fd, FD_DGRAM, 1);
}

int
uipc_fddgram(int fd)
{
	return fdflag(fd, FD_DGRAM);
}

int
uipc_fdpeered(int fd)
{
	return fdflag(fd, FD_PEERED);
}

void
uipc_fdsetpeered(int fd)
{
	fdsetflag(fd, FD_PEERED, 1);
}

int
uipc_fdlistening(int fd)
{
	return fdflag(fd, FD_LISTENING);
}

void
uipc_fdsetlistening(int fd)
{
	fdsetflag(fd, FD_LISTENING, 1);
}

int
uipc_fdshrunk(int fd)
{
	return fdflag(fd, FD_SHRUNK);
}

void
uipc_fdsetshrunk(int fd, int on)
{
	fdsetflag(fd, FD_SHRUNK, on);
}

int
uipc_fdlazy(int fd)
{
	int *l = fdlazyent(fd, 0);

	return l != NULL ? *l - 1 : -1;
}

void
uipc_fdsetlazy(int fd, int end)
{
	int *l = fdlazyent(fd, 1);

	if (l != NULL) {
		if (*l == 0)
			nlazy++;
		*l = end + 1;
	}
}

/* Whether any socket waits to be made: a send then looks at what it passes. */
int
uipc_anylazy(void)
{
	return nlazy > 0;
}

/* The first descriptor from fd on whose socket waits to be made, or -1. */
int
uipc_fdlazy_from(int fd)
{
	struct fdpart *p;
	int i;

	if (nlazy == 0 || fd < 0)
		return -1;
	for (i = fd; i < FDTAB_BASE; i++)
		if (lazyend[i] > 0)
			return i;
	for (p = __atomic_load_n(&fdparts, __ATOMIC_ACQUIRE); p != NULL;
	    p = __atomic_load_n(&p->fp_next, __ATOMIC_ACQUIRE))
		for (i = fd > p->fp_lo ? fd : p->fp_lo; i < p->fp_hi; i++)
			if (p->fp_lazy[i - p->fp_lo] > 0)
				return i;
	return -1;
}

/* The socket was made, or its descriptor closed: uipcd's end goes. */
void
uipc_fdclearlazy(int fd)
{
	int *l = fdlazyent(fd, 0);

	if (l != NULL && *l > 0) {
		h_close(*l - 1);
		*l = 0;
		nlazy--;
	}
}

/* Marks a connect asked for on fd; returns whether one had been before. */
int
uipc_fdconntried(int fd)
{
	uint8_t *e = fdent(fd, 1);
	int was;

	if (e == NULL)
		return 1;
	was = (*e & FD_CONNTRIED) != 0;
	*e |= FD_CONNTRIED;
	return was;
}
