/*
 * relay: a bare relay, the channel design with no protocol work.
 *
 *	relay [-t SEC] unix LISTEN_PATH TARGET_PATH
 *	relay [-t SEC] tcp  LISTEN_PORT TARGET_PORT
 *	relay [-t SEC] udp  LISTEN_PORT TARGET_PORT
 *
 * Under uipc a byte goes from the sender into its channel (a host
 * socketpair), through uipcd, and out of the receiver's channel: two host
 * socket hops and one user-space process between the programs.  This relay
 * does the same with nothing else: one epoll loop, one thread, one read()
 * and one write() a message, no copies beyond those, no protocol.  The
 * unmodified benchmark programs connect to it as if to their server, and
 * it connects on to the real server, so
 *
 *	client --AF_UNIX-- relay --AF_UNIX-- server
 *
 * is the floor uipc's UNIX domain can reach (DESIGN.md: about 0.5 of the
 * kernel's throughput and 2.7 times its round trip).  The tcp and udp
 * forms exist so that bench/run.sh can stand the relay in for uipc on
 * every figure (BENCH_FAKE_UIPC=relay) and exercise its uipc path before
 * uipc runs; there they forward over host TCP and UDP.
 *
 * It prints "ready" (unix) or "port N" (tcp, udp) once it listens, and runs
 * until SIGTERM or SIGINT, or for SEC seconds (default 120) at most.
 * Like uipcd it reads a side only while the other side has taken all that
 * was read before, so back-pressure passes through.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>

#include "bench.h"

#define MAX_FDS 20000
#define BUFSZ BENCH_CHUNK

/*
 * One side of a relayed connection.  buf holds what was read from this
 * side and not yet written to the peer; while it holds anything this side
 * is not read, and the peer is watched for writability instead.
 */
struct side {
	int fd;
	struct side *peer;
	char *buf;
	size_t off, len;
	uint32_t ev;		/* the events epoll watches for now */
	int eof;		/* read EOF: pass on shutdown once flushed */
	int shut;		/* shut down for writing */
	int dead;		/* closed; freed after the current batch */
	struct side *next_dead;
};

static int family;		/* AF_UNIX or AF_INET */
static int ep;
static struct side *dead_list;
static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: relay [-t SEC] unix LISTEN_PATH TARGET_PATH\n"
	    "       relay [-t SEC] tcp|udp LISTEN_PORT TARGET_PORT\n");
	exit(2);
}

static void
nonblock(int fd)
{
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
		die("fcntl");
}

static void
watch(int op, int fd, uint32_t events, void *ptr)
{
	struct epoll_event ev = { .events = events, .data.ptr = ptr };

	if (epoll_ctl(ep, op, fd, &ev) < 0)
		die("epoll_ctl");
}

static int
open_socket(const char *addr, int type, struct sockaddr_storage *ss,
    socklen_t *len)
{
	int s;

	memset(ss, 0, sizeof *ss);
	if (family == AF_UNIX) {
		*len = un_addr((struct sockaddr_un *)ss, addr);
	} else {
		in_addr((struct sockaddr_in *)ss, "127.0.0.1", atoi(addr));
		*len = sizeof(struct sockaddr_in);
	}
	if ((s = socket(family, type, 0)) < 0)
		die("socket");
	return s;
}

/*
 * Close both sides of a pair.  Other events of the same epoll batch may
 * still point to them, so they are freed only by reap(), after the batch.
 */
static void
free_pair(struct side *a)
{
	struct side *b = a->peer;

	close(a->fd);			/* closing drops them from epoll */
	close(b->fd);
	a->dead = b->dead = 1;
	a->next_dead = b;
	b->next_dead = dead_list;
	dead_list = a;
}

static void
reap(void)
{
	struct side *x;

	while ((x = dead_list) != NULL) {
		dead_list = x->next_dead;
		free(x->buf);
		free(x);
	}
}

/* What each side should be watched for, from the state of the pair. */
static void
rearm(struct side *x)
{
	uint32_t ev = 0;

	if (x->len == 0 && !x->eof)
		ev |= EPOLLIN;			/* room to read into */
	if (x->peer->len > 0)
		ev |= EPOLLOUT;			/* the peer's data to write */
	if (ev != x->ev) {		/* a system call only on a change */
		watch(EPOLL_CTL_MOD, x->fd, ev, x);
		x->ev = ev;
	}
}

/*
 * Move what x has buffered into its peer.  Returns -1 on a hard error.
 */
static int
flush_to_peer(struct side *x)
{
	struct side *y = x->peer;
	ssize_t r;

	while (x->len > 0) {
		r = write(y->fd, x->buf + x->off, x->len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		x->off += (size_t)r;
		x->len -= (size_t)r;
	}
	x->off = 0;
	if (x->eof && !y->shut) {
		shutdown(y->fd, SHUT_WR);
		y->shut = 1;
	}
	return 0;
}

/* One readiness event on side x. */
static void
service(struct side *x, uint32_t events)
{
	ssize_t r;

	if (x->dead)
		return;
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		if (x->len == 0 && !x->eof) {
			if (x->buf == NULL && (x->buf = malloc(BUFSZ)) == NULL)
				die("malloc");
			r = read(x->fd, x->buf, BUFSZ);
			if (r > 0) {
				x->len = (size_t)r;
				x->off = 0;
			} else if (r == 0) {
				x->eof = 1;
			} else if (errno != EAGAIN && errno != EINTR) {
				free_pair(x);
				return;
			}
			if (flush_to_peer(x) < 0) {
				free_pair(x);
				return;
			}
		}
	}
	if ((events & EPOLLOUT) && x->peer->len > 0 &&
	    flush_to_peer(x->peer) < 0) {
		free_pair(x);
		return;
	}
	if (x->eof && x->peer->eof && x->len == 0 && x->peer->len == 0) {
		free_pair(x);
		return;
	}
	rearm(x);
	rearm(x->peer);
}

/* A new connection: connect on to the target and pair the two. */
static void
accept_one(int ls, const char *target)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct side *a, *b;
	int c, t, on = 1;

	if ((c = accept(ls, NULL, NULL)) < 0) {
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			perror("relay: accept");
		return;
	}
	t = open_socket(target, SOCK_STREAM, &ss, &len);
	if (connect(t, (struct sockaddr *)&ss, len) < 0) {
		perror("relay: connect to target");
		close(c);
		close(t);
		return;
	}
	if (family == AF_INET) {
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
		setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	}
	nonblock(c);
	nonblock(t);
	if ((a = calloc(1, sizeof *a)) == NULL ||
	    (b = calloc(1, sizeof *b)) == NULL)
		die("calloc");
	a->fd = c;
	b->fd = t;
	a->peer = b;
	b->peer = a;
	a->ev = b->ev = EPOLLIN;
	watch(EPOLL_CTL_ADD, c, EPOLLIN, a);
	watch(EPOLL_CTL_ADD, t, EPOLLIN, b);
}

static void
stream_relay(const char *listen_at, const char *target, double max_sec)
{
	struct sockaddr_storage ss;
	struct epoll_event evs[64];
	socklen_t len;
	double t0 = now();
	int ls, on = 1, i, n;
	char lmark;			/* epoll tag of the listener */

	ls = open_socket(listen_at, SOCK_STREAM, &ss, &len);
	if (family == AF_UNIX)
		unlink(listen_at);
	else
		setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (bind(ls, (struct sockaddr *)&ss, len) < 0)
		die("bind %s", listen_at);
	if (listen(ls, SOMAXCONN) < 0)
		die("listen");
	nonblock(ls);
	watch(EPOLL_CTL_ADD, ls, EPOLLIN, &lmark);
	if (family == AF_UNIX)
		printf("ready\n");
	else
		printf("port %d\n", bound_port(ls));
	fflush(stdout);

	while (!stop && now() - t0 < max_sec) {
		n = epoll_wait(ep, evs, 64, 500);
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == &lmark) {
				accept_one(ls, target);
				continue;
			}
			service(evs[i].data.ptr, evs[i].events);
		}
		reap();
	}
	if (family == AF_UNIX)
		unlink(listen_at);
}

/*
 * Datagrams: forward what comes to LISTEN_PORT on to TARGET_PORT, and
 * what the target answers back to the last sender.  One recv() and one
 * send() a datagram; one that finds no room is dropped, as UDP may.
 */
static void
dgram_relay(const char *listen_at, const char *target, double max_sec)
{
	struct sockaddr_storage ss, from;
	struct epoll_event evs[2];
	socklen_t len, flen = 0;
	char buf[65536];
	double t0 = now();
	long fwd = 0, drop = 0;
	int ls, ts, i, n;
	ssize_t r;

	ls = open_socket(listen_at, SOCK_DGRAM, &ss, &len);
	if (bind(ls, (struct sockaddr *)&ss, len) < 0)
		die("bind %s", listen_at);
	ts = open_socket(target, SOCK_DGRAM, &ss, &len);
	if (connect(ts, (struct sockaddr *)&ss, len) < 0)
		die("connect %s", target);
	nonblock(ls);
	nonblock(ts);
	watch(EPOLL_CTL_ADD, ls, EPOLLIN, &ls);
	watch(EPOLL_CTL_ADD, ts, EPOLLIN, &ts);
	printf("port %d\n", bound_port(ls));
	fflush(stdout);

	while (!stop && now() - t0 < max_sec) {
		n = epoll_wait(ep, evs, 2, 500);
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr == &ls) {
				len = sizeof from;
				while ((r = recvfrom(ls, buf, sizeof buf, 0,
				    (struct sockaddr *)&from, &len)) >= 0) {
					flen = len;
					if (send(ts, buf, (size_t)r, 0) == r)
						fwd++;
					else
						drop++;
					len = sizeof from;
				}
			} else {
				while ((r = recv(ts, buf, sizeof buf, 0)) >= 0)
					if (flen > 0)
						sendto(ls, buf, (size_t)r, 0,
						    (struct sockaddr *)&from, flen);
			}
		}
	}
	fprintf(stderr, "relay: forwarded %ld datagrams, dropped %ld\n", fwd,
	    drop);
}

int
main(int argc, char **argv)
{
	double max_sec = 120;
	const char *kind;
	int c;

	bench_prog = "relay";
	while ((c = getopt(argc, argv, "t:")) != -1) {
		switch (c) {
		case 't':
			max_sec = atof(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3 || max_sec <= 0 || max_sec > 600)
		usage();
	kind = argv[optind];
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	alarm((unsigned)max_sec + 10);
	raise_nofile(MAX_FDS);
	if ((ep = epoll_create1(0)) < 0)
		die("epoll_create1");
	if (strcmp(kind, "unix") == 0) {
		family = AF_UNIX;
		stream_relay(argv[optind + 1], argv[optind + 2], max_sec);
	} else if (strcmp(kind, "tcp") == 0) {
		family = AF_INET;
		stream_relay(argv[optind + 1], argv[optind + 2], max_sec);
	} else if (strcmp(kind, "udp") == 0) {
		family = AF_INET;
		dgram_relay(argv[optind + 1], argv[optind + 2], max_sec);
	} else
		usage();
	return 0;
}
