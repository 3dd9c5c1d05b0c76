/*
 * The login session (primer §5.3): the user's shell on the slave side of
 * a pseudo terminal, the server relaying between the master side and the
 * connection.
 *
 * The master is in packet mode (TIOCPKT), so each read says first whether
 * it is data or a change of the terminal's state; the changes a client
 * must act on at once go to it as one byte of urgent data (RFC 1282,
 * primer §5.1): 0x02 output flushed (an interrupt: the client discards
 * what it has not shown yet, up to the mark), 0x10 the client should stop
 * handling ^S/^Q itself, 0x20 it should handle them again.  0x80 asks the
 * client for its window size, once at the start; the client then sends
 * 0xff 0xff 's' 's' and four 16-bit numbers (rows, columns, x and y
 * pixels, network order) in the data stream whenever its window changes,
 * which the server takes out and gives to the pty (TIOCSWINSZ).
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rlogind.h"

#define WINMSG_LEN	12
static const unsigned char winmagic[4] = { 0xff, 0xff, 's', 's' };

/* ---- the child: on the slave side ------------------------------------- */

static const struct { long bps; speed_t code; } speeds[] = {
	{ 300, B300 }, { 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 },
};

/* "type/speed": the type into term, the speed onto the terminal. */
static void
set_term(const char *request, char *term, size_t size)
{
	struct termios tt;
	const char *slash = strchr(request, '/');
	size_t n = slash ? (size_t)(slash - request) : strlen(request);
	long bps = slash ? atol(slash + 1) : 0;
	size_t i;

	snprintf(term, size, "%.*s", (int)n, request);
	if (term[0] == '\0')
		snprintf(term, size, "network");
	if (tcgetattr(0, &tt) < 0)
		return;
	for (i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		if (speeds[i].bps == bps) {
			cfsetispeed(&tt, speeds[i].code);
			cfsetospeed(&tt, speeds[i].code);
			tcsetattr(0, TCSANOW, &tt);
		}
	}
}

/* "Password: " on the terminal, echo off; up to three tries. */
static int
ask_password(const char *user)
{
	struct termios tt, noecho;
	char line[256];
	int tries;

	for (tries = 0; tries < 3; tries++) {
		size_t n = 0;
		char c;

		tcgetattr(0, &tt);
		noecho = tt;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &noecho);
		fputs("Password: ", stdout);
		fflush(stdout);
		while (read(0, &c, 1) == 1 && c != '\n' && c != '\r')
			if (n < sizeof(line) - 1)
				line[n++] = c;
		line[n] = '\0';
		tcsetattr(0, TCSANOW, &tt);
		fputs("\n", stdout);
		if (rl_password_ok(user, line)) {
			memset(line, 0, sizeof(line));
			return 1;
		}
		memset(line, 0, sizeof(line));
		fputs("Login incorrect\n", stdout);
		fflush(stdout);
	}
	return 0;
}

/* Becomes the user and runs the shell as a login shell ("-sh"). */
static void __attribute__((noreturn))
login_shell(const struct rlrequest *rq, int trusted)
{
	struct passwd *pw;
	char term[RL_TERMLEN + 8], argv0[256];
	const char *shell, *base;

	set_term(rq->rq_term, term, sizeof(term));
	pw = getpwnam(rq->rq_locuser);
	if (!trusted && !ask_password(rq->rq_locuser))
		_exit(1);
	if (pw == NULL) {		/* only reached trusted, which needs pw */
		fputs("Login incorrect\n", stdout);
		_exit(1);
	}
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		perror("rlogind: cannot become the user");
		_exit(1);
	}
	if (chdir(pw->pw_dir) < 0)
		(void)chdir("/");
	shell = pw->pw_shell && pw->pw_shell[0] ? pw->pw_shell : "/bin/sh";
	base = strrchr(shell, '/') ? strrchr(shell, '/') + 1 : shell;
	snprintf(argv0, sizeof(argv0), "-%s", base);
	clearenv();
	setenv("HOME", pw->pw_dir, 1);
	setenv("SHELL", shell, 1);
	setenv("USER", pw->pw_name, 1);
	setenv("LOGNAME", pw->pw_name, 1);
	setenv("TERM", term, 1);
	setenv("PATH", pw->pw_uid == 0 ?
	    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" :
	    "/usr/local/bin:/usr/bin:/bin", 1);
	/*
	 * The session starts with every signal at its default: a server
	 * started in the background by a shell has SIGINT and SIGQUIT
	 * ignored, and ignored signals would pass through exec to the user's
	 * programs, which ^C could then not interrupt.
	 */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execl(shell, argv0, (char *)NULL);
	perror(shell);
	_exit(1);
}

/* ---- the parent: relaying --------------------------------------------- */

struct relay {
	int	f, master;
	unsigned char fibuf[4096];	/* from the net, for the pty */
	size_t	fcc, fpos;
	unsigned char pibuf[4097];	/* from the pty (byte 0: packet header) */
	size_t	pcc, ppos;
	unsigned char win[WINMSG_LEN];	/* a window message being read */
	size_t	wn;
	int	oob;			/* an urgent byte to send, or -1 */
};

static void
set_window(struct relay *r)
{
	struct winsize ws;
	unsigned short v[4];

	memcpy(v, r->win + 4, sizeof(v));
	ws.ws_row = ntohs(v[0]);
	ws.ws_col = ntohs(v[1]);
	ws.ws_xpixel = ntohs(v[2]);
	ws.ws_ypixel = ntohs(v[3]);
	(void)ioctl(r->master, TIOCSWINSZ, &ws);
}

/* Net input: window messages out, the rest into fibuf. */
static void
from_net(struct relay *r, const unsigned char *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = in[i];

		if (r->wn >= 4) {
			r->win[r->wn++] = c;
			if (r->wn == WINMSG_LEN) {
				set_window(r);
				r->wn = 0;
			}
			continue;
		}
		if (c == winmagic[r->wn]) {
			r->win[r->wn++] = c;
			continue;
		}
		/* Not a window message after all: what was held is data. */
		memcpy(r->fibuf + r->fcc, r->win, r->wn);
		r->fcc += r->wn;
		r->wn = 0;
		if (c == winmagic[0])
			r->win[r->wn++] = c;
		else
			r->fibuf[r->fcc++] = c;
	}
}

/* A pty packet: data to send, or state changes that go as urgent data. */
static void
from_pty(struct relay *r, ssize_t n)
{
	unsigned char ctl = r->pibuf[0];

	if (ctl == TIOCPKT_DATA) {
		r->ppos = 1;
		r->pcc = (size_t)n;
		return;
	}
	r->pcc = r->ppos = 0;
	ctl &= TIOCPKT_FLUSHWRITE | TIOCPKT_NOSTOP | TIOCPKT_DOSTOP;
	if (ctl == 0)
		return;
	if (r->oob >= 0)
		ctl |= (unsigned char)r->oob;
	r->oob = ctl;	/* output flushed: what was not sent yet goes too */
}

static int
send_oob(struct relay *r)
{
	unsigned char c = (unsigned char)r->oob;
	ssize_t w = send(r->f, &c, 1, MSG_OOB);

	if (w == 1) {
		r->oob = -1;
		return 0;
	}
	return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

/* Relays until the shell's side or the client's ends. */
static void
relay(struct relay *r)
{
	unsigned char raw[sizeof(r->fibuf) - WINMSG_LEN];

	for (;;) {
		struct pollfd p[2] = { { r->f, 0, 0 }, { r->master, 0, 0 } };
		ssize_t n;

		if (r->fcc == 0)
			p[0].events |= POLLIN;
		else
			p[1].events |= POLLOUT;
		if (r->pcc == 0 && r->oob < 0)
			p[1].events |= POLLIN;
		else
			p[0].events |= POLLOUT;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR) && r->fcc == 0) {
			n = read(r->f, raw, sizeof(raw));
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				return;
			if (n > 0) {
				r->fpos = 0;
				from_net(r, raw, (size_t)n);
			}
		}
		if (p[1].revents & (POLLOUT | POLLERR | POLLHUP) && r->fcc > 0) {
			n = write(r->master, r->fibuf + r->fpos, r->fcc - r->fpos);
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return;
			if (n > 0 && (r->fpos += (size_t)n) == r->fcc)
				r->fcc = r->fpos = 0;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR) && r->pcc == 0 && r->oob < 0) {
			n = read(r->master, r->pibuf, sizeof(r->pibuf));
			if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
				return;		/* EIO: the shell's side is closed */
			if (n > 0)
				from_pty(r, n);
		}
		if (p[0].revents & (POLLOUT | POLLERR | POLLHUP)) {
			if (r->oob >= 0 && send_oob(r) < 0)
				return;
			if (r->oob < 0 && r->pcc > r->ppos) {
				n = write(r->f, r->pibuf + r->ppos, r->pcc - r->ppos);
				if (n < 0 && errno != EAGAIN && errno != EINTR)
					return;
				if (n > 0 && (r->ppos += (size_t)n) == r->pcc)
					r->pcc = r->ppos = 0;
			}
		}
	}
}

void
rl_session(int f, const struct rlrequest *rq, int trusted)
{
	static struct relay r;
	struct winsize ws = { 24, 80, 0, 0 };
	int master, one = 1, status;
	pid_t pid;

	pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		rl_refuse(f, "cannot allocate a pseudo terminal.");
		_exit(1);
	}
	if (pid == 0) {
		if (f > 2)	/* from inetd, 0-2 are the slave now */
			close(f);
		login_shell(rq, trusted);
	}
	if (ioctl(master, TIOCPKT, &one) < 0) {
		perror("rlogind: TIOCPKT");
		_exit(1);
	}
	fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	signal(SIGPIPE, SIG_IGN);
	r.f = f;
	r.master = master;
	r.oob = TIOCPKT_WINDOW;		/* ask the client for its window size */
	relay(&r);

	/* The end: hang up the session, let the client see the close. */
	close(master);
	kill(-pid, SIGHUP);
	shutdown(f, SHUT_RDWR);
	close(f);
	/* A shell that ignores the hang-up gets a second of grace, then SIGKILL. */
	for (int i = 0; i < 50 && waitpid(pid, &status, WNOHANG) == 0; i++)
		usleep(20000);
	if (waitpid(pid, &status, WNOHANG) == 0) {
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	_exit(0);
}
