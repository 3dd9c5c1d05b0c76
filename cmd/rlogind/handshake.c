/*
 * The start of an rlogin connection (RFC 1282, PROTOCOLS.md §2): a zero
 * byte, then three NUL-terminated strings: the client's user, the user to
 * log in as here, and "terminal-type/speed".  The server answers one zero
 * byte; a refusal is byte 1 and a message ending CR LF, then close.
 *
 * The client's port decides whether its host may vouch for its user: only
 * a client on a privileged port (512-1023, bound by root as the primer
 * §5.4 shows) is trusted by hosts.equiv and .rhosts.  Unlike netkit's
 * in.rlogind, which refuses any other client, this server lets it in
 * with a password prompt instead (trust.c).
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "rlogind.h"

void
rl_refuse(int f, const char *msg)
{
	char buf[300];
	int n = snprintf(buf, sizeof(buf), "\1rlogind: %s\r\n", msg);

	(void)write(f, buf, (size_t)n);
}

/* One NUL-terminated string of at most size-1 bytes; -1 when longer or cut. */
static int
getstr(int f, char *buf, size_t size)
{
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t r = read(f, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 1)
			return -2;
		if (n == size - 1 && c != '\0')
			return -1;
		buf[n++] = c;
		if (c == '\0')
			return 0;
	}
}

/*
 * The client's host by name (§3.1): the name its address maps to, when
 * that name maps back to the same address; else the address itself.
 */
static void
client_host(const struct sockaddr_in *from, struct rlrequest *rq)
{
	struct hostent *hp;
	char **ap;

	snprintf(rq->rq_addr, sizeof(rq->rq_addr), "%s", inet_ntoa(from->sin_addr));
	snprintf(rq->rq_host, sizeof(rq->rq_host), "%s", rq->rq_addr);
	hp = gethostbyaddr(&from->sin_addr, sizeof(from->sin_addr), AF_INET);
	if (hp == NULL)
		return;
	char name[256];
	snprintf(name, sizeof(name), "%s", hp->h_name);
	hp = gethostbyname(name);
	if (hp == NULL || hp->h_addrtype != AF_INET)
		return;
	for (ap = hp->h_addr_list; *ap != NULL; ap++) {
		if (memcmp(*ap, &from->sin_addr, sizeof(from->sin_addr)) == 0) {
			snprintf(rq->rq_host, sizeof(rq->rq_host), "%s", name);
			return;
		}
	}
}

static void
timeout(int sig)
{
	(void)sig;
	_exit(1);
}

int
rl_handshake(int f, const struct sockaddr_in *from, struct rlrequest *rq)
{
	unsigned port = ntohs(from->sin_port);
	char c;
	int r;

	memset(rq, 0, sizeof(*rq));
	signal(SIGALRM, timeout);
	alarm(60);			/* netkit's bound on a silent client */
	do
		r = (int)read(f, &c, 1);
	while (r < 0 && errno == EINTR);
	if (r != 1 || c != '\0')
		return -1;
	client_host(from, rq);
	rq->rq_reserved = port >= IPPORT_RESERVED / 2 && port < IPPORT_RESERVED;
	if ((r = getstr(f, rq->rq_remuser, sizeof(rq->rq_remuser))) < 0) {
		if (r == -1)
			rl_refuse(f, "remuser too long.");
		return -1;
	}
	if ((r = getstr(f, rq->rq_locuser, sizeof(rq->rq_locuser))) < 0) {
		if (r == -1)
			rl_refuse(f, "locuser too long.");
		return -1;
	}
	if ((r = getstr(f, rq->rq_term, sizeof(rq->rq_term))) < 0) {
		if (r == -1)
			rl_refuse(f, "Terminal type too long.");
		return -1;
	}
	alarm(0);
	if (write(f, "", 1) != 1)
		return -1;
	return 0;
}
