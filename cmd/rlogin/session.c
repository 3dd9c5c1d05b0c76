/*
 * The client's side of a session (RFC 1282): the terminal in raw mode,
 * keystrokes to the server, the server's output to the terminal.
 *
 * The server's control bytes come as urgent data (primer §5.1): SIGURG
 * says one is on its way (the socket is ours by F_SETOWN, §5.2).  The
 * byte is read with recv(MSG_OOB); for 0x02 (the remote output was
 * flushed, as by an interrupt) the client flushes its terminal's output
 * and discards what the server sent before the mark, reading until
 * SIOCATMARK says the mark is next: the primer's Figure 5.  0x80 asks for
 * the window size, sent then and on every SIGWINCH; 0x10 and 0x20 turn
 * local ^S/^Q handling off and on.  "~." at the start of a line leaves.
 */
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "rlogin.h"

static int rem;
static struct termios saved;
static int have_tty, dowindow, flowlocal = 1;
static volatile sig_atomic_t got_urg, got_winch;
static unsigned long flushes, discarded;

static void
on_urg(int sig)
{
	(void)sig;
	got_urg = 1;
}

static void
on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

/* Raw input and output; ^S/^Q handled here while the server says so. */
static void
tty_mode(void)
{
	struct termios tt;

	if (!have_tty)
		return;
	tt = saved;
	cfmakeraw(&tt);
	if (flowlocal)
		tt.c_iflag |= IXON;
	tt.c_cc[VMIN] = 1;
	tt.c_cc[VTIME] = 0;
	tcsetattr(0, TCSADRAIN, &tt);
}

static void
tty_restore(void)
{
	if (have_tty)
		tcsetattr(0, TCSADRAIN, &saved);
}

/* The window message: 0xff 0xff 's' 's' rows cols xpixels ypixels. */
static void
send_window(void)
{
	struct winsize ws;
	unsigned char msg[12] = { 0xff, 0xff, 's', 's' };
	unsigned short v[4];

	if (ioctl(0, TIOCGWINSZ, &ws) < 0)
		return;
	v[0] = htons(ws.ws_row);
	v[1] = htons(ws.ws_col);
	v[2] = htons(ws.ws_xpixel);
	v[3] = htons(ws.ws_ypixel);
	memcpy(msg + 4, v, sizeof(v));
	(void)write(rem, msg, sizeof(msg));
}

/* The server's urgent byte, acted on (Figure 5). */
static void
oob(void)
{
	char waste[BUFSIZ];
	unsigned char mark;
	int atmark;

	if (recv(rem, &mark, 1, MSG_OOB) != 1)
		return;		/* not here yet: SIGURG came with the pointer */
	if (mark & TIOCPKT_WINDOW) {
		dowindow = 1;
		send_window();
	}
	if (mark & (TIOCPKT_NOSTOP | TIOCPKT_DOSTOP)) {
		flowlocal = (mark & TIOCPKT_DOSTOP) != 0;
		tty_mode();
	}
	if (mark & TIOCPKT_FLUSHWRITE) {
		if (have_tty)
			tcflush(1, TCOFLUSH);
		for (;;) {
			ssize_t n;

			if (ioctl(rem, SIOCATMARK, &atmark) < 0) {
				perror("ioctl");
				break;
			}
			if (atmark)
				break;
			n = read(rem, waste, sizeof(waste));
			if (n <= 0)
				break;
			discarded += (unsigned long)n;
		}
		flushes++;
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Keystrokes: "~." at the start of a line ends the session. */
static int
keys(const char *in, size_t n, int escape)
{
	static int bol = 1, pending;
	char out[2 * BUFSIZ];
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = in[i];

		if (pending) {
			pending = 0;
			if (c == '.')
				return 1;
			if (c != escape)
				out[o++] = (char)escape;
		} else if (bol && c == escape) {
			pending = 1;
			continue;
		}
		out[o++] = c;
		bol = c == '\r' || c == '\n' || c == 3 || c == 21;
	}
	return write_all(rem, out, o) < 0 ? -1 : 0;
}

int
rl_session(int s, int escape, int verbose)
{
	struct sigaction sa;
	sigset_t block, none;
	char buf[BUFSIZ];
	int end = 0, input = 0;
	const char *why = "rlogin: connection closed.";

	rem = s;
	have_tty = tcgetattr(0, &saved) == 0;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_urg;
	sigaction(SIGURG, &sa, NULL);
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* Signals arrive only while waiting in ppoll; the flags say which. */
	sigemptyset(&block);
	sigaddset(&block, SIGURG);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &none);
	sigdelset(&none, SIGURG);
	sigdelset(&none, SIGWINCH);
	if (fcntl(rem, F_SETOWN, getpid()) < 0)
		perror("rlogin: F_SETOWN");
	tty_mode();

	while (!end) {
		struct pollfd p[2] = { { input, POLLIN, 0 }, { rem, POLLIN | POLLPRI, 0 } };
		ssize_t n;

		if (ppoll(p, 2, NULL, &none) < 0 && errno != EINTR)
			break;
		if (got_urg || (p[1].revents & POLLPRI)) {
			got_urg = 0;
			oob();
		}
		if (got_winch) {
			got_winch = 0;
			if (dowindow)
				send_window();
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(rem, buf, sizeof(buf));
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				break;
			if (n > 0 && write_all(1, buf, (size_t)n) < 0)
				break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				shutdown(rem, SHUT_WR);	/* no more input: let the server finish */
				input = -1;
				continue;
			}
			switch (keys(buf, (size_t)n, escape)) {
			case 1:
				why = "rlogin: closed by ~.";
				end = 1;
				break;
			case -1:
				end = 1;
				break;
			}
		}
	}
	tty_restore();
	fprintf(stderr, "\r\n%s\r\n", why);
	if (verbose)
		fprintf(stderr, "rlogin: %lu urgent flushes, %lu bytes discarded\n",
		    flushes, discarded);
	close(rem);
	return 0;
}
