/*
 * ustream: moves a byte stream over a UNIX stream connection, for the
 * system tests that drive processes from the shell.
 *
 *   ustream recv [-w FILE] [-d MS] [-p PIDFILE] PATH > out
 *	binds and listens at PATH, accepts one connection, waits for FILE
 *	to exist and/or MS milliseconds, then copies the connection to
 *	stdout until EOF.
 *   ustream send [-p PIDFILE] PATH < in
 *	connects to PATH, copies stdin to it, closes at once and exits.
 *
 * On the way out each says on stderr how the stream ended: "eof", or
 * "error ENAME" for a failed read or write (exit status 3).  SIGPIPE is
 * ignored so that a write to a dead peer reports EPIPE.
 */
#include "tap.h"

static const char *
ename(int e)
{
	switch (e) {
	case EPIPE: return "EPIPE";
	case ECONNRESET: return "ECONNRESET";
	case ENOENT: return "ENOENT";
	case ECONNREFUSED: return "ECONNREFUSED";
	default: return strerror(e);
	}
}

static int
copy(int in, int out, int sock_is_in)
{
	static char buf[65536];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "error %s\n", ename(errno));
			return 3;
		}
		if (write_all(out, buf, n) < 0) {
			fprintf(stderr, "error %s\n", ename(errno));
			return 3;
		}
	}
	(void)sock_is_in;
	fprintf(stderr, "eof\n");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *waitfile = NULL, *pidfile = NULL, *mode;
	int delay = 0, opt, s, i;

	if (argc < 2)
		bail("usage: ustream recv|send [-w FILE] [-d MS] [-p PIDFILE] PATH");
	mode = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "w:d:p:")) != -1) {
		switch (opt) {
		case 'w': waitfile = optarg; break;
		case 'd': delay = atoi(optarg); break;
		case 'p': pidfile = optarg; break;
		default: return 2;
		}
	}
	if (optind != argc - 1)
		bail("ustream: one PATH");
	signal(SIGPIPE, SIG_IGN);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");
		if (!f)
			bail("pidfile %s: %s", pidfile, strerror(errno));
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	if (strcmp(mode, "recv") == 0) {
		int l = listen_at(argv[optind], SOCK_STREAM);
		s = accept(l, NULL, NULL);
		if (s < 0) {
			fprintf(stderr, "accept: %s\n", strerror(errno));
			return 2;
		}
		close(l);
		for (i = 0; waitfile && i < 3000 && access(waitfile, F_OK) != 0; i++)
			msleep(10);
		if (delay)
			msleep(delay);
		return copy(s, 1, 1);
	}
	if (strcmp(mode, "send") == 0) {
		int rc;
		s = connect_to(argv[optind], SOCK_STREAM);
		if (s < 0) {
			fprintf(stderr, "connect: %s\n", ename(errno));
			return 2;
		}
		rc = copy(0, s, 0);
		close(s);
		return rc;
	}
	bail("ustream: mode recv or send");
}
