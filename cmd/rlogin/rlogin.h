/*
 * rlogin: the remote login client of the primer (§3.5 and §4.2, Figure 1;
 * RFC 1282).  main.c finds the service and the host, connects from a
 * privileged port when it can (the §5.4 loop, as rresvport(3) does) and
 * sends the request; session.c puts the terminal in raw mode and relays,
 * acting on the server's urgent bytes as the primer's Figure 5 does.
 */
#ifndef RLOGIN_H
#define RLOGIN_H

#include <sys/ioctl.h>

/* RFC 1282's window-size request; BSD's <sys/ioctl.h> has it, Linux's not. */
#ifndef TIOCPKT_WINDOW
#define TIOCPKT_WINDOW	0x80
#endif

/* session.c: relays between the terminal and rem until either ends. */
int	rl_session(int rem, int escape, int verbose);

#endif /* RLOGIN_H */
