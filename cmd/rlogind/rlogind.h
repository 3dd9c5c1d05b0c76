/*
 * rlogind: the remote login server of the primer (§4.1, Figure 2) and of
 * RFC 1282.  main.c listens and forks a child per connection (or takes the
 * connection inetd passes on descriptors 0-2); handshake.c reads the
 * client's request; trust.c decides whether the client is trusted;
 * session.c runs the user's shell on a pseudo terminal (§5.3) and relays,
 * sending the pty's control events to the client as urgent data (§5.1).
 *
 * A plain BSD socket program: it runs on the Linux kernel and, under
 * `uipc run`, on uipc alike.
 */
#ifndef RLOGIND_H
#define RLOGIND_H

#include <sys/ioctl.h>

/* RFC 1282's window-size request; BSD's <sys/ioctl.h> has it, Linux's not. */
#ifndef TIOCPKT_WINDOW
#define TIOCPKT_WINDOW	0x80
#endif

#include <netinet/in.h>

/* RFC 1282: user names at most 31 bytes, the terminal at most 255 (netkit's limits). */
#define RL_USERLEN	32
#define RL_TERMLEN	256

/* What one connection asked for and what the server found out. */
struct rlrequest {
	char	rq_remuser[RL_USERLEN];	/* the user on the client's host */
	char	rq_locuser[RL_USERLEN];	/* the user to log in as here */
	char	rq_term[RL_TERMLEN];	/* "type/speed" */
	char	rq_host[256];		/* the client's host, by name when it maps back */
	char	rq_addr[64];		/* the client's address, numeric */
	int	rq_reserved;		/* the client's port is privileged (512-1023) */
};

/* Options of this server (main.c). */
struct rlopts {
	const char *o_equiv;		/* hosts.equiv to consult */
	int	o_equiv_root;		/* o_equiv was named with -e: it applies to root */
	int	o_keepalive;		/* SO_KEEPALIVE on each connection (not -n) */
};

extern struct rlopts rlopts;

/* handshake.c: reads the request from f; on failure it has told the client. */
int	rl_handshake(int f, const struct sockaddr_in *from, struct rlrequest *rq);
/* Refuses the connection: byte 1, the message, CR LF (RFC 1282). */
void	rl_refuse(int f, const char *msg);

/* trust.c */
int	rl_trusted(const struct rlrequest *rq);
int	rl_password_ok(const char *user, const char *password);

/* session.c: never returns. */
void	rl_session(int f, const struct rlrequest *rq, int trusted) __attribute__((noreturn));

#endif /* RLOGIND_H */
