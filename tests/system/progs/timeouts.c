/*
 * timeouts DIR: blocking calls return when the kernel's would (issue 10).
 *
 *   send with SO_SNDTIMEO to a UNIX datagram or seqpacket receiver that
 *       stays full: EAGAIN once the time is out, the message not sent;
 *   recv with SO_RCVTIMEO on a raw socket nothing arrives at: EAGAIN;
 *   recv blocked on a stream (TCP, UNIX) when another thread shuts the
 *       socket down: 0; when another thread closes it, the recv stays
 *       (the kernel holds the socket for it) until the peer closes: 0.
 *
 * Times are lower bounds only (a call may not return before its time);
 * a call that never returns is caught by a bounded join or the alarm.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <sys/syscall.h>

#include "tap.h"
#include "thread_wait.h"

#define TIMEO_MS	200

static void
set_timeo(int s, int name)
{
	struct timeval tv = { 0, TIMEO_MS * 1000 };

	SYS(setsockopt(s, SOL_SOCKET, name, &tv, sizeof(tv)));
}

/* Fills the receiver with 1000-byte messages; returns how many went, errno of the one that did not. */
static int
fill(int s, const struct sockaddr *to, socklen_t tl, int *err, double *took)
{
	static char buf[1000];
	double t0;
	int n;

	for (n = 0; n < 100000; n++) {
		t0 = now();
		if (sendto(s, buf, sizeof(buf), 0, to, tl) < 0) {
			*err = errno;
			*took = now() - t0;
			return n;
		}
	}
	*err = 0;
	*took = 0;
	return n;
}

/*
 * Reads the n messages sent (blocking: each was sent, so each comes),
 * then the marker sent after them: the message that timed out must not
 * be between.  Non-blocking reads would not do: on uipc, messages past
 * what the receiver's channel holds wait in uipcd a moment longer.
 */
static int
drain_then_marker(int s, int n, int sender, const struct sockaddr *to, socklen_t tl)
{
	char buf[2000];
	int i;

	for (i = 0; i < n; i++)
		if (recv(s, buf, sizeof(buf), 0) != 1000)
			return 0;
	if (sendto(sender, "m", 1, 0, to, tl) != 1)
		return 0;
	return recv(s, buf, sizeof(buf), 0) == 1 && buf[0] == 'm';
}

static void
t_sndtimeo(int type, const char *tn, int named, const char *dir)
{
	struct sockaddr_un sun;
	socklen_t tl = 0;
	double took;
	int sv[2], n, err;

	if (named) {
		char path[256];

		snprintf(path, sizeof(path), "%s/full.%s", dir, tn);
		sv[1] = listen_at(path, SOCK_DGRAM);
		sv[0] = SYS(socket(AF_UNIX, SOCK_DGRAM, 0));
		tl = sun_of(&sun, path);
	} else {
		SYS(socketpair(AF_UNIX, type, 0, sv));
	}
	set_timeo(sv[0], SO_SNDTIMEO);
	n = fill(sv[0], named ? (struct sockaddr *)&sun : NULL, tl, &err, &took);
	check(n > 0 && err == EAGAIN, "%s: a send to a full receiver with SO_SNDTIMEO fails with EAGAIN (%d sent, %s)",
	    tn, n, err ? strerror(err) : "none failed");
	check(took >= TIMEO_MS / 1000.0 * 0.95, "%s: not before the timeout (%.3f s of %.3f)", tn, took,
	    TIMEO_MS / 1000.0);
	check(drain_then_marker(sv[1], n, sv[0], named ? (struct sockaddr *)&sun : NULL, tl),
	    "%s: the receiver gets every message sent, then one sent with room again; not the one that timed out", tn);
	close(sv[0]);
	close(sv[1]);
}

static void
t_raw_rcvtimeo(void)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	char buf[256];
	double t0;
	int s;

	if (geteuid() != 0) {
		printf("ok # SKIP raw sockets are the super-user's\n");
		return;
	}
	s = SYS(socket(AF_INET, SOCK_RAW, IPPROTO_UDPLITE));
	set_timeo(s, SO_RCVTIMEO);
	t0 = now();
	check_errno(recv(s, buf, sizeof(buf), 0), EAGAIN, "raw: recv with SO_RCVTIMEO and nothing coming: EAGAIN");
	check(now() - t0 >= TIMEO_MS / 1000.0 * 0.95, "raw: not before the timeout");
	check_errno(recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl), EAGAIN,
	    "raw: recvfrom too: EAGAIN");
	close(s);
}

struct reader {
	int fd;
	pid_t tid;
	volatile int started;
	ssize_t rc;
	int err;
};

static void *
reader_run(void *arg)
{
	struct reader *r = arg;
	char b[16];

	r->tid = (pid_t)syscall(SYS_gettid);
	r->started = 1;
	r->rc = recv(r->fd, b, sizeof(b), 0);
	r->err = errno;
	return NULL;
}

static pthread_t
start_reader(struct reader *r, int fd)
{
	pthread_t t;
	double t0 = now();

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	if (pthread_create(&t, NULL, reader_run, r) != 0)
		bail("pthread_create");
	while ((!r->started || !thread_sleeping(r->tid)) && now() - t0 < 10)
		msleep(5);
	return t;
}

/* A connected pair of the kind: [0] read in a thread, [1] its peer. */
static void
pair(int tcp, int sv[2])
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int l;

	if (!tcp) {
		SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
		return;
	}
	l = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(bind(l, (struct sockaddr *)&sin, sizeof(sin)));
	SYS(listen(l, 1));
	SYS(getsockname(l, (struct sockaddr *)&sin, &len));
	sv[0] = SYS(socket(AF_INET, SOCK_STREAM, 0));
	SYS(connect(sv[0], (struct sockaddr *)&sin, sizeof(sin)));
	sv[1] = SYS(accept(l, NULL, NULL));
	close(l);
}

static void
t_stream_closed_under(int tcp)
{
	const char *tn = tcp ? "tcp" : "unix stream";
	struct reader r;
	pthread_t t;
	int sv[2];

	pair(tcp, sv);
	t = start_reader(&r, sv[0]);
	SYS(shutdown(sv[0], SHUT_RDWR));
	if (!check(thread_joined(t), "%s: a recv blocked when another thread shuts the socket down returns", tn))
		bail("the reading thread hangs");
	check(r.rc == 0, "%s: with 0 (end of stream) (got %zd, %s)", tn, r.rc, r.rc < 0 ? strerror(r.err) : "-");
	close(sv[0]);
	close(sv[1]);

	pair(tcp, sv);
	t = start_reader(&r, sv[0]);
	SYS(close(sv[0]));
	SYS(close(sv[1]));
	if (!check(thread_joined(t), "%s: a recv blocked when another thread closes the socket returns once the peer closes", tn))
		bail("the reading thread hangs");
	check(r.rc == 0, "%s: with 0 (got %zd, %s)", tn, r.rc, r.rc < 0 ? strerror(r.err) : "-");
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		bail("usage: timeouts DIR");
	t_start(60);
	signal(SIGPIPE, SIG_IGN);
	t_sndtimeo(SOCK_DGRAM, "unix dgram pair", 0, argv[1]);
	t_sndtimeo(SOCK_SEQPACKET, "unix seqpacket pair", 0, argv[1]);
	t_sndtimeo(SOCK_DGRAM, "unix dgram by name", 1, argv[1]);
	t_raw_rcvtimeo();
	t_stream_closed_under(1);
	t_stream_closed_under(0);
	return t_end();
}
