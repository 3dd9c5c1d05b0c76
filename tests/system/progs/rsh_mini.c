/*
 * rsh_mini: rresvport(3), rcmd(3), rexec(3) and bindresvport(3), both
 * ends of the rsh and rexec protocols (rshd(8), rexecd(8), PROTOCOLS.md
 * §2), in the same binary for Linux and uipc.
 *
 *	rsh_mini server PORT N	answer N rsh requests on PORT, then exit;
 *				a command "deny" is refused
 *	rsh_mini rexecd PORT N	answer N rexec requests; a password other
 *				than "secret" is refused
 *	rsh_mini client HOST PORT DIR
 *				rresvport, then rcmd with and without a
 *				standard-error connection, and a refusal
 *	rsh_mini rexec HOST PORT DIR
 *				bindresvport, then rexec likewise
 *
 * The rsh server checks what rshd checks (the client's port and the one it
 * names for standard error are reserved), connects back from a reserved
 * port of its own (rresvport), answers one zero byte, and writes the
 * command on the first connection and the remote user on the second.  The
 * rexec server checks no port (the password is the proof) and connects
 * back from any port.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>

/* Sun RPC's, in <rpc/rpc.h>, which glibc no longer installs. */
int bindresvport(int sd, struct sockaddr_in *sin);

#include "tap.h"

static int
reserved(int port)
{
	return port >= IPPORT_RESERVED / 2 && port < IPPORT_RESERVED;
}

/* A NUL-terminated string from s, at most n bytes with the NUL. */
static int
getstr(int s, char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (read(s, &buf[i], 1) != 1)
			return -1;
		if (buf[i] == '\0')
			return 0;
	}
	return -1;
}

static int rexec_mode;

static void
serve(int ls)
{
	struct sockaddr_in from, back;
	socklen_t fl = sizeof(from);
	char port[8], locuser[32], remuser[32], cmd[256], line[400];
	int s, s2 = -1, lport = IPPORT_RESERVED - 1;
	long p2;

	s = SYS(accept(ls, (struct sockaddr *)&from, &fl));
	if (!rexec_mode)
		check(reserved(ntohs(from.sin_port)), "server: the client's port %d is reserved",
		    ntohs(from.sin_port));
	/* The port first; the client sends the rest once the second connection is made. */
	if (getstr(s, port, sizeof(port)) < 0)
		bail("server: no standard-error port");
	p2 = strtol(port, NULL, 10);
	if (p2 != 0 && rexec_mode) {
		s2 = SYS(socket(AF_INET, SOCK_STREAM, 0));
		back = from;
		back.sin_port = htons((unsigned short)p2);
		SYS(connect(s2, (struct sockaddr *)&back, sizeof(back)));
	} else if (p2 != 0) {
		check(reserved((int)p2), "server: the standard-error port %ld is reserved", p2);
		s2 = SYS(rresvport(&lport));
		check(reserved(lport), "server: rresvport gave reserved port %d", lport);
		back = from;
		back.sin_port = htons((unsigned short)p2);
		SYS(connect(s2, (struct sockaddr *)&back, sizeof(back)));
	}
	if (getstr(s, locuser, sizeof(locuser)) < 0 || getstr(s, remuser, sizeof(remuser)) < 0 ||
	    getstr(s, cmd, sizeof(cmd)) < 0)
		bail("server: the request is cut short");
	printf("# server: stderr port '%s', '%s' '%s' '%s'\n", port, locuser, remuser, cmd);
	if (rexec_mode && strcmp(remuser, "secret") != 0) {
		write_all(s, "\1Login incorrect.\n", 18);
	} else if (!rexec_mode && strcmp(cmd, "deny") == 0) {
		write_all(s, "\1Permission denied.\n", 20);
	} else {
		write_all(s, "", 1);
		snprintf(line, sizeof(line), "out %s %s\n", locuser, cmd);
		write_all(s, line, strlen(line));
		if (s2 >= 0) {
			snprintf(line, sizeof(line), "err %s\n", remuser);
			write_all(s2, line, strlen(line));
		}
	}
	if (s2 >= 0)
		close(s2);
	close(s);
}

static int
server(int port, int n)
{
	struct sockaddr_in a;
	int ls, one = 1, i;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	ls = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	SYS(bind(ls, (struct sockaddr *)&a, sizeof(a)));
	SYS(listen(ls, 5));
	printf("# listening\n");
	for (i = 0; i < n; i++)
		serve(ls);
	return t_end();
}

/* Everything from fd to EOF, as a string. */
static const char *
slurp(int fd)
{
	static char buf[4][512];
	static int k;
	char *b = buf[k++ % 4];
	ssize_t n = read_full(fd, b, sizeof(buf[0]) - 1);

	b[n > 0 ? n : 0] = '\0';
	return b;
}

static int
client(const char *host, int port, const char *dir)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	char *h = (char *)host;
	const char *got;
	int p = IPPORT_RESERVED - 1, p2, s, s2, fd2 = -1, errfd, saved;

	/* rresvport: 1023 first, the next one below while it is held. */
	s = rresvport(&p);
	check(s >= 0 && reserved(p), "rresvport gives a socket on a reserved port (%d)", p);
	SYS(getsockname(s, (struct sockaddr *)&a, &l));
	check_eq(ntohs(a.sin_port), p, "the socket is bound to the port it says");
	p2 = p;
	s2 = rresvport(&p2);
	check(s2 >= 0 && p2 < p && reserved(p2), "a second rresvport takes a lower port (%d)", p2);
	close(s);
	close(s2);
	p = 100;
	s = rresvport(&p);
	check(s >= 0 && reserved(p), "rresvport from a port out of range starts in range (%d)", p);
	close(s);
	errno = 0;
	p = 1023;
	check_errno(rresvport_af(&p, AF_UNIX), EAFNOSUPPORT, "rresvport_af(AF_UNIX): EAFNOSUPPORT");

	/* rcmd with a standard-error connection. */
	s = rcmd(&h, htons((unsigned short)port), "alice", "bob", "echo hi", &fd2);
	check(s >= 0 && fd2 >= 0, "rcmd(..., &fd2) connects, with a standard-error connection");
	if (s < 0 || fd2 < 0)
		return t_end();
	l = sizeof(a);
	SYS(getsockname(s, (struct sockaddr *)&a, &l));
	check(reserved(ntohs(a.sin_port)), "rcmd's connection is from a reserved port");
	l = sizeof(a);
	SYS(getpeername(fd2, (struct sockaddr *)&a, &l));
	check(reserved(ntohs(a.sin_port)), "the standard-error connection is from a reserved port");
	got = slurp(s);
	check(strcmp(got, "out alice echo hi\n") == 0, "the server got locuser and cmd, answered on the socket");
	if (strcmp(got, "out alice echo hi\n") != 0)
		diag("  got '%s'", got);
	got = slurp(fd2);
	check(strcmp(got, "err bob\n") == 0, "the server got remuser, answered on the error connection");
	close(s);
	close(fd2);

	/* Without: an empty port string. */
	h = (char *)host;
	s = rcmd(&h, htons((unsigned short)port), "root", "root", "date", NULL);
	check(s >= 0, "rcmd(..., NULL) connects without a standard-error connection");
	if (s >= 0) {
		got = slurp(s);
		check(strcmp(got, "out root date\n") == 0, "its answer comes on the socket");
		close(s);
	}

	/* A refusal: -1, the server's message on our standard error. */
	errfd = SYS(open(path_in(dir, "rcmd.err"), O_RDWR | O_CREAT | O_TRUNC, 0600));
	saved = SYS(dup(2));
	SYS(dup2(errfd, 2));
	h = (char *)host;
	s = rcmd(&h, htons((unsigned short)port), "root", "root", "deny", NULL);
	SYS(dup2(saved, 2));
	close(saved);
	check_eq(s, -1, "rcmd refused by the server returns -1");
	SYS(lseek(errfd, 0, SEEK_SET));
	got = slurp(errfd);
	check(strcmp(got, "Permission denied.\n") == 0, "the server's message went to standard error");
	if (strcmp(got, "Permission denied.\n") != 0)
		diag("  got '%s'", got);
	close(errfd);
	return t_end();
}

/* rexec's client: the password instead of reserved ports; bindresvport first. */
static int
rexec_client(const char *host, int port, const char *dir)
{
	struct sockaddr_in a;
	socklen_t l = sizeof(a);
	char *h = (char *)host;
	const char *got;
	int s, fd2 = -1, errfd, saved;

	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	check_eq(bindresvport(s, NULL), 0, "bindresvport(s, NULL) binds");
	SYS(getsockname(s, (struct sockaddr *)&a, &l));
	check(reserved(ntohs(a.sin_port)), "to a reserved port (%d)", ntohs(a.sin_port));
	close(s);
	s = SYS(socket(AF_INET, SOCK_STREAM, 0));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_UNIX;
	check_errno(bindresvport(s, &a), EAFNOSUPPORT, "bindresvport of a name not AF_INET: EAFNOSUPPORT");
	close(s);

	s = rexec(&h, htons((unsigned short)port), "alice", "secret", "ls -l", &fd2);
	check(s >= 0 && fd2 >= 0, "rexec(..., &fd2) connects, with a standard-error connection");
	if (s < 0 || fd2 < 0)
		return t_end();
	got = slurp(s);
	check(strcmp(got, "out alice ls -l\n") == 0, "the server got the user and command");
	if (strcmp(got, "out alice ls -l\n") != 0)
		diag("  got '%s'", got);
	got = slurp(fd2);
	check(strcmp(got, "err secret\n") == 0, "the server got the password; answered on the error connection");
	close(s);
	close(fd2);
	h = (char *)host;
	s = rexec(&h, htons((unsigned short)port), "bob", "secret", "date", NULL);
	check(s >= 0 && strcmp(slurp(s), "out bob date\n") == 0, "rexec(..., NULL): no error connection");
	if (s >= 0)
		close(s);

	errfd = SYS(open(path_in(dir, "rexec.err"), O_RDWR | O_CREAT | O_TRUNC, 0600));
	saved = SYS(dup(2));
	SYS(dup2(errfd, 2));
	h = (char *)host;
	s = rexec(&h, htons((unsigned short)port), "bob", "wrong", "date", NULL);
	SYS(dup2(saved, 2));
	close(saved);
	check_eq(s, -1, "rexec with a wrong password returns -1");
	SYS(lseek(errfd, 0, SEEK_SET));
	got = slurp(errfd);
	check(strcmp(got, "Login incorrect.\n") == 0, "the server's message went to standard error");
	close(errfd);
	return t_end();
}

int
main(int argc, char **argv)
{
	t_start(30);
	if (argc == 4 && strcmp(argv[1], "server") == 0)
		return server(atoi(argv[2]), atoi(argv[3]));
	if (argc == 4 && strcmp(argv[1], "rexecd") == 0) {
		rexec_mode = 1;
		return server(atoi(argv[2]), atoi(argv[3]));
	}
	if (argc == 5 && strcmp(argv[1], "rexec") == 0)
		return rexec_client(argv[2], atoi(argv[3]), argv[4]);
	if (argc == 5 && strcmp(argv[1], "client") == 0)
		return client(argv[2], atoi(argv[3]), argv[4]);
	bail("usage: rsh_mini server|rexecd PORT N | client|rexec HOST PORT DIR");
}
