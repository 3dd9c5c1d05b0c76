#ifndef UIPC_EMBED_H
#define UIPC_EMBED_H
/*
 * The embedding API: uipc's stack linked into one process, with no daemon
 * (DESIGN.md, "The library").  A program creates a stack on the real clock
 * or a virtual one, builds its hosts and segments from a configuration
 * (uipc.conf(5)), and drives time: with a real clock it sleeps until
 * uipc_stack_next_deadline() and calls uipc_stack_run(); in virtual time
 * it calls uipc_stack_advance(), which fires every timer due on the way.
 *
 * Sockets on a host of the stack are made and used with the uipc_sock_*
 * calls below, the BSD socket calls (primer §2) on a handle rather than a
 * descriptor.  None of them blocks: where a process would wait they answer
 * EWOULDBLOCK (accept, recv, a full send buffer) or EINPROGRESS (a TCP
 * connect); the program then moves time on and asks uipc_sock_poll() again.
 * They act with the calling process's credentials (its pid, effective uid
 * and gid), so binding a port below 1024 or making a raw socket needs root,
 * as on Linux.  AF_UNIX sockets come in connected pairs (uipc_sock_pair)
 * or meet by Linux's abstract names (sun_path[0] NUL, unix(7); autobind
 * with the family alone), one name space per host; a path name, which
 * lives in the file system that uipcd manages, answers EOPNOTSUPP here.
 *
 * All functions return 0 or a positive errno unless said otherwise (EFAULT
 * for a NULL where a buffer or length is needed).  The stack is
 * single-threaded: call it from one thread at a time.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

struct stack;
struct host;
struct socket;

#define UIPC_CLOCK_REAL		0
#define UIPC_CLOCK_VIRTUAL	1

int	uipc_stack_new(int clock_kind, uint64_t seed, struct stack **);
void	uipc_stack_free(struct stack *);
int	uipc_stack_config(struct stack *, const char *path, char *err,
	    size_t errlen);
int	uipc_stack_config_text(struct stack *, const char *text, char *err,
	    size_t errlen);

uint64_t uipc_stack_now(struct stack *);		/* ns */
uint64_t uipc_stack_next_deadline(struct stack *);	/* UINT64_MAX: none */
unsigned uipc_stack_run(struct stack *);		/* timers fired */
unsigned uipc_stack_advance(struct stack *, uint64_t ns);

struct host *uipc_host(struct stack *, const char *name); /* NULL: first */
const char *uipc_host_name(const struct host *);

/* Sockets.  The handle lives until uipc_sock_close(), which, as close(2),
 * lets data already sent be delivered (primer §2.6). */
int	uipc_sock_open(struct host *, int domain, int type, int protocol,
	    struct socket **);
int	uipc_sock_pair(struct host *, int domain, int type, int protocol,
	    struct socket *sv[2]);
int	uipc_sock_bind(struct socket *, const struct sockaddr *, socklen_t);
int	uipc_sock_listen(struct socket *, int backlog);
int	uipc_sock_accept(struct socket *, struct socket **,
	    struct sockaddr *, socklen_t *);	/* the address may be NULL */
int	uipc_sock_connect(struct socket *, const struct sockaddr *, socklen_t);
int	uipc_sock_shutdown(struct socket *, int how);
void	uipc_sock_close(struct socket *);

/* Data: *done is the bytes taken or given; a stream recv that returns 0
 * with *done 0 is the end of file.  flags as send(2)/recv(2): MSG_OOB,
 * MSG_PEEK, MSG_DONTROUTE. */
int	uipc_sock_send(struct socket *, const void *, size_t, int flags,
	    size_t *done);
int	uipc_sock_sendto(struct socket *, const void *, size_t, int flags,
	    const struct sockaddr *, socklen_t, size_t *done);
int	uipc_sock_recv(struct socket *, void *, size_t, int flags,
	    size_t *done);
int	uipc_sock_recvfrom(struct socket *, void *, size_t, int flags,
	    struct sockaddr *, socklen_t *, size_t *done);

/* Options and names, as setsockopt(2), getsockopt(2), getsockname(2),
 * getpeername(2). */
int	uipc_sock_setopt(struct socket *, int level, int name, const void *,
	    socklen_t);
int	uipc_sock_getopt(struct socket *, int level, int name, void *,
	    socklen_t *);
int	uipc_sock_name(struct socket *, struct sockaddr *, socklen_t *);
int	uipc_sock_peername(struct socket *, struct sockaddr *, socklen_t *);

/*
 * Readiness, as poll(2) would report it for a descriptor: of events (POLLIN,
 * POLLOUT, POLLPRI from <poll.h>) those that hold now, and POLLERR (an
 * error waits, SO_ERROR) and POLLHUP (both directions shut) always.
 * Returns the bits, never an errno.
 */
int	uipc_sock_poll(struct socket *, int events);

#endif
