/*
 * uipcd_death DIR: what programs are told when uipcd dies under them
 * (issue 8).  Starts a UNIX stream transfer and a TCP transfer (a writer
 * and a reader process each) and a process blocked in poll on a UDP
 * socket, says "ready" by making DIR/ready once both readers have 1 MB,
 * and waits for the test to kill uipcd with -9 and make DIR/killed.  Then
 * each process reports how its next call ended, and when:
 *
 *   - a reader: an error (ECONNRESET), never EOF, which a receiver
 *     writing a file would take for the whole stream;
 *   - a writer: EPIPE or ECONNRESET;
 *   - the UDP poller: woken, and its recv fails (ENETDOWN) at the first
 *     wake-up, never an empty datagram that sends it back to poll (spin);
 *   - each within a second of the kill (DIR/killed's time).
 *
 * And the main process, afterwards: socket() fails with ENETDOWN, each
 * time.  Each child's stderr goes to DIR/NAME.err, so the test can count
 * the main process's lines about uipcd.  Runs only on uipc.
 */
#include "tap.h"

#include <netinet/in.h>
#include <poll.h>

#define MB	(1 << 20)

static const char *dir;
static int report_fd;	/* pipe: one line per child */

static double
realnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
report(const char *who, const char *how, long long bytes, int wakes)
{
	char line[200];
	int n = snprintf(line, sizeof(line), "%s %s %lld %d %.6f\n", who, how, bytes,
	    wakes, realnow());

	(void)!write(report_fd, line, (size_t)n);
}

static const char *
ename(int e)
{
	switch (e) {
	case EPIPE: return "EPIPE";
	case ECONNRESET: return "ECONNRESET";
	case ENETDOWN: return "ENETDOWN";
	case EINTR: return "EINTR";
	default: return "other";
	}
}

static void
child_stderr(const char *name)
{
	int fd = open(path_in(dir, name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

/* Reads until the end, saying on ready_fd when 1 MB has come. */
static void
reader(const char *who, int s, int ready_fd)
{
	static char buf[65536];
	long long got = 0;
	int said = 0;
	ssize_t n;

	for (;;) {
		n = read(s, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
		if (!said && got >= MB) {
			(void)!write(ready_fd, "r", 1);
			said = 1;
		}
	}
	report(who, n == 0 ? "eof" : ename(errno), got, 0);
	_exit(0);
}

static void
writer(const char *who, int s)
{
	static char buf[65536];
	long long put = 0;
	ssize_t n;

	for (;;) {
		n = write(s, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		put += n;
	}
	report(who, ename(errno), put, 0);
	_exit(0);
}

/* Blocked in poll on a UDP socket; each wake-up, one recv. */
static void
poller(int s)
{
	struct pollfd p = { s, POLLIN, 0 };
	char buf[2048];
	int wakes = 0;
	ssize_t n;

	for (;;) {
		int r = poll(&p, 1, 20000);

		if (r == 0) {
			report("udp-poller", "timeout", 0, wakes);
			_exit(0);
		}
		if (r < 0)
			continue;
		wakes++;
		n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			break;
		if (wakes >= 1000) {
			report("udp-poller", "spins", 0, wakes);
			_exit(0);
		}
	}
	report("udp-poller", ename(errno), 0, wakes);
	_exit(0);
}

static pid_t
spawn(const char *name, void (*fn)(const char *, int, int), const char *who, int s, int ready)
{
	pid_t pid = SYS(fork());

	if (pid == 0) {
		child_stderr(name);
		fn(who, s, ready);
	}
	return pid;
}

static void
do_reader(const char *who, int s, int ready) { reader(who, s, ready); }
static void
do_writer(const char *who, int s, int ready) { (void)ready; writer(who, s); }

/* A connected pair of the given family: *wr connects, *rd is accepted. */
static void
pair_of(int family, int *wr, int *rd)
{
	struct sockaddr_in sin;
	struct sockaddr_un sun;
	struct sockaddr *sa;
	socklen_t len;
	int l;

	if (family == AF_UNIX) {
		len = sun_of(&sun, path_in(dir, "u.sock"));
		sa = (struct sockaddr *)&sun;
	} else {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(sin);
		sa = (struct sockaddr *)&sin;
	}
	l = SYS(socket(family, SOCK_STREAM, 0));
	SYS(bind(l, sa, len));
	SYS(listen(l, 1));
	if (family == AF_INET)
		SYS(getsockname(l, sa, &len));
	*wr = SYS(socket(family, SOCK_STREAM, 0));
	SYS(connect(*wr, sa, len));
	*rd = SYS(accept(l, NULL, NULL));
	close(l);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int rep[2], ready[2], w, r, u, i, s;
	socklen_t len = sizeof(sin);
	struct stat st;
	double killed;
	char line[256], fbuf[4096];
	FILE *in;

	t_start(60);
	if (argc != 2)
		bail("usage: uipcd_death DIR");
	dir = argv[1];
	signal(SIGPIPE, SIG_IGN);
	SYS(pipe(rep));
	SYS(pipe(ready));
	report_fd = rep[1];

	pair_of(AF_UNIX, &w, &r);
	spawn("unix-writer.err", do_writer, "unix-writer", w, -1);
	spawn("unix-reader.err", do_reader, "unix-reader", r, ready[1]);
	close(w);
	close(r);
	pair_of(AF_INET, &w, &r);
	spawn("tcp-writer.err", do_writer, "tcp-writer", w, -1);
	spawn("tcp-reader.err", do_reader, "tcp-reader", r, ready[1]);
	close(w);
	close(r);
	u = SYS(socket(AF_INET, SOCK_DGRAM, 0));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	SYS(bind(u, (struct sockaddr *)&sin, len));
	if (SYS(fork()) == 0) {
		child_stderr("udp-poller.err");
		poller(u);
	}
	close(u);
	close(rep[1]);
	close(ready[1]);

	/* Both readers have 1 MB: the transfers are under way. */
	for (i = 0; i < 2; i++)
		if (read(ready[0], line, 1) != 1)
			bail("a reader ended before 1 MB");
	close(SYS(open(path_in(dir, "ready"), O_WRONLY | O_CREAT, 0644)));
	for (i = 0; i < 3000 && stat(path_in(dir, "killed"), &st) != 0; i++)
		msleep(10);
	if (i == 3000)
		bail("the test did not kill uipcd");
	killed = st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;

	in = fdopen(rep[0], "r");
	setvbuf(in, fbuf, _IOFBF, sizeof(fbuf));
	for (i = 0; i < 5 && fgets(line, sizeof(line), in) != NULL; i++) {
		char who[32], how[32];
		long long bytes;
		int wakes;
		double at;

		if (sscanf(line, "%31s %31s %lld %d %lf", who, how, &bytes, &wakes, &at) != 5)
			bail("bad report: %s", line);
		diag("%s: %s after %lld bytes, %d wake-ups, %.3f s after the kill", who, how,
		    bytes, wakes, at - killed);
		if (strstr(who, "reader") != NULL)
			check(strcmp(how, "ECONNRESET") == 0,
			    "%s: the read cut short fails with ECONNRESET, not EOF", who);
		else if (strstr(who, "writer") != NULL)
			check(strcmp(how, "EPIPE") == 0 || strcmp(how, "ECONNRESET") == 0,
			    "%s: the write fails with EPIPE or ECONNRESET", who);
		else
			check(strcmp(how, "ENETDOWN") == 0 && wakes <= 2,
			    "%s: woken, and its recv fails with ENETDOWN at once (%d wake-ups)",
			    who, wakes);
		check(at - killed < 1.0, "%s: told within a second of the kill", who);
	}
	check_eq(i, 5, "every process reported");
	for (i = 0; i < 3; i++) {
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		check_errno(s, ENETDOWN, "after uipcd died, socket() #%d fails with ENETDOWN", i + 1);
	}
	while (wait(NULL) > 0)
		;
	return t_end();
}
