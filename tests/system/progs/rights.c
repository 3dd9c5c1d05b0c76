/*
 * rights WHAT ...: descriptor and credential passing over UNIX sockets.
 *
 *   rights recv PATH         listens at PATH; receives a socket and a file
 *                            with SCM_RIGHTS from an unrelated process and
 *                            uses both
 *   rights send PATH FILE    the sender: passes one end of a socketpair and
 *                            FILE opened for reading, then talks over the
 *                            socketpair with the receiver
 *   rights creds             SCM_CREDENTIALS with SO_PASSCRED: the sender's
 *                            pid, uid and gid; SO_PEERCRED of a socketpair
 *                            and of a connection through a name; a stated
 *                            pid not the sender's refused (EPERM)
 *   rights socketpair        socketpair in all three types; MSG_CTRUNC
 */
#include <sys/syscall.h>
#include <linux/capability.h>

#include "tap.h"

/* Sends data byte d with n descriptors fds. */
static int
send_fds(int s, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	struct msghdr mh;
	struct iovec iov = { "F", 1 };
	struct cmsghdr *cm;

	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	return sendmsg(s, &mh, 0);
}

/* Receives one byte and up to max descriptors; returns how many, -1. */
static int
recv_fds(int s, int *fds, int max, int *flags)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)], c;
	struct msghdr mh;
	struct iovec iov = { &c, 1 };
	struct cmsghdr *cm;
	int n = 0;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * max);
	if (recvmsg(s, &mh, 0) != 1)
		return -1;
	*flags = mh.msg_flags;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds, CMSG_DATA(cm), sizeof(int) * n);
		}
	return n;
}

static void
t_recv(const char *path)
{
	int l = listen_at(path, SOCK_STREAM), a, fds[2], n, flags = 0, type;
	socklen_t len = sizeof(type);
	struct stat st;
	char buf[16];

	a = SYS(accept(l, NULL, NULL));
	n = recv_fds(a, fds, 2, &flags);
	check_eq(n, 2, "recv: two descriptors arrive with SCM_RIGHTS");
	if (n != 2)
		return;
	check(fstat(fds[0], &st) == 0 && S_ISSOCK(st.st_mode), "recv: the first is a socket");
	check(getsockopt(fds[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == SOCK_STREAM,
	    "recv: a stream socket (SO_TYPE)");
	check(write(fds[0], "ping", 4) == 4, "recv: writing on the passed socket");
	memset(buf, 0, sizeof(buf));
	check(read_full(fds[0], buf, 4) == 4 && memcmp(buf, "pong", 4) == 0,
	    "recv: the sender answers over it: the passed socket works");
	check(fstat(fds[1], &st) == 0 && S_ISREG(st.st_mode), "recv: the second is a regular file");
	memset(buf, 0, sizeof(buf));
	check(read(fds[1], buf, 5) == 5 && memcmp(buf, "hello", 5) == 0, "recv: reading the passed file");
	SYS(write(a, "d", 1));
	check_eq(read(a, buf, 1), 0, "recv: the sender closes");
	close(fds[0]); close(fds[1]); close(a); close(l);
	unlink(path);
}

static void
t_send(const char *path, const char *file)
{
	int sp[2], fds[2], s, f;
	char buf[16];

	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
	f = SYS(open(file, O_RDONLY));
	s = connect_when_listening(path, SOCK_STREAM);
	check_ok(s, "send: connect to the receiver");
	if (s < 0)
		return;
	fds[0] = sp[1];
	fds[1] = f;
	check_eq(send_fds(s, fds, 2), 1, "send: sendmsg with a socket and a file in SCM_RIGHTS");
	close(sp[1]);
	memset(buf, 0, sizeof(buf));
	check(read_full(sp[0], buf, 4) == 4 && memcmp(buf, "ping", 4) == 0,
	    "send: the receiver's write on the passed socket arrives here");
	SYS(write(sp[0], "pong", 4));
	check(read(s, buf, 1) == 1, "send: the receiver is done");
	check_eq(lseek(f, 0, SEEK_CUR), 5, "send: the file offset moved by the receiver's read (one open file, shared)");
	close(s);
	check_eq(read(sp[0], buf, sizeof(buf)), 0, "send: EOF on the socketpair once the receiver closed its end");
	close(sp[0]); close(f);
}

/* Receives one message; fills *uc from SCM_CREDENTIALS; returns 1 if any. */
static int
recv_cred(int s, struct ucred *uc, int *n)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], buf[16];
	struct msghdr mh;
	struct iovec iov = { buf, sizeof(buf) };
	struct cmsghdr *cm;
	int got = 0;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	*n = recvmsg(s, &mh, 0);
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_CREDENTIALS) {
			memcpy(uc, CMSG_DATA(cm), sizeof(*uc));
			got = 1;
		}
	return got;
}

/*
 * SO_PEERCRED of a connection through a name: the accepted end names the
 * process that connected (a child), the child's end the listener's
 * process (unix_listen and unix_stream_connect keep them so).
 */
static void
t_peercred_named(void)
{
	char dir[] = "/tmp/rights-creds.XXXXXX", path[64];
	struct ucred pc;
	socklen_t len = sizeof(pc);
	int l, a, go[2];
	pid_t pid;

	if (mkdtemp(dir) == NULL)
		bail("mkdtemp");
	snprintf(path, sizeof(path), "%s/s", dir);
	l = listen_at(path, SOCK_STREAM);
	SYS(pipe(go));
	if ((pid = SYS(fork())) == 0) {
		int c = connect_to(path, SOCK_STREAM);
		char x;

		close(go[1]);
		if (c < 0 || getsockopt(c, SOL_SOCKET, SO_PEERCRED, &pc, &len) < 0)
			_exit(2);
		(void)!read(go[0], &x, 1);
		_exit(pc.pid == getppid() ? 0 : 1);
	}
	close(go[0]);
	a = SYS(accept(l, NULL, NULL));
	memset(&pc, 0, sizeof(pc));
	SYS(getsockopt(a, SOL_SOCKET, SO_PEERCRED, &pc, &len));
	check(pc.pid == pid && pc.uid == getuid(),
	    "SO_PEERCRED of an accepted connection: the process that connected (%d, want %d)",
	    (int)pc.pid, (int)pid);
	close(go[1]);
	check_eq(reap(pid), 0, "SO_PEERCRED of the connecting end: the listener's process");
	close(a); close(l);
	unlink(path);
	rmdir(dir);
}

static void
t_creds(void)
{
	int d[2], st[2], on = 1, n;
	struct ucred uc, pc;
	socklen_t len = sizeof(pc);
	pid_t pid;

	SYS(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, st));
	if ((pid = SYS(fork())) == 0) {
		if (write(d[1], "nocred", 6) != 6)
			_exit(1);
		msleep(100);		/* after the receiver set SO_PASSCRED */
		if (write(d[1], "a", 1) != 1 || write(st[1], "b", 1) != 1)
			_exit(1);
		_exit(0);
	}
	memset(&uc, 0, sizeof(uc));
	check(!recv_cred(d[0], &uc, &n) && n == 6, "without SO_PASSCRED no credentials come");
	SYS(setsockopt(d[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	SYS(setsockopt(st[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	check(recv_cred(d[0], &uc, &n) && n == 1, "datagram with SO_PASSCRED: SCM_CREDENTIALS arrive");
	check(uc.pid == pid && uc.uid == getuid() && uc.gid == getgid(),
	    "datagram: the sender's pid, uid and gid (%d %d %d)", (int)uc.pid, (int)uc.uid, (int)uc.gid);
	memset(&uc, 0, sizeof(uc));
	check(recv_cred(st[0], &uc, &n) && n == 1, "stream with SO_PASSCRED: SCM_CREDENTIALS arrive");
	check(uc.pid == pid && uc.uid == getuid() && uc.gid == getgid(), "stream: the sender's pid, uid and gid");
	check_eq(reap(pid), 0, "sender exited 0");
	check(getsockopt(st[0], SOL_SOCKET, SO_PEERCRED, &pc, &len) == 0 && pc.pid == getpid() &&
	    pc.uid == getuid(), "SO_PEERCRED of a socketpair: its creator");

	/* Explicit credentials, as the sender states them. */
	{
		char cbuf[CMSG_SPACE(sizeof(struct ucred))];
		struct msghdr mh;
		struct iovec iov = { "e", 1 };
		struct cmsghdr *cm;
		struct ucred me = { getpid(), getuid(), getgid() };

		memset(&mh, 0, sizeof(mh));
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_CREDENTIALS;
		cm->cmsg_len = CMSG_LEN(sizeof(me));
		memcpy(CMSG_DATA(cm), &me, sizeof(me));
		check_eq(sendmsg(d[1], &mh, 0), 1, "sendmsg with explicit SCM_CREDENTIALS of our own");
		memset(&uc, 0, sizeof(uc));
		check(recv_cred(d[0], &uc, &n) && uc.pid == getpid(), "they arrive as stated");
		/*
		 * Another process's pid: EPERM without CAP_SYS_ADMIN
		 * (scm_check_creds), from a child that gives it up first.
		 */
		if ((pid = SYS(fork())) == 0) {
			struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
			struct __user_cap_data_struct cd[2];
			int e[2];

			if (syscall(SYS_capget, &h, cd) < 0)
				_exit(2);
			cd[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
			if (syscall(SYS_capset, &h, cd) < 0)
				_exit(2);
			me.pid = getppid();
			me.uid = getuid();
			me.gid = getgid();
			memcpy(CMSG_DATA(cm), &me, sizeof(me));
			if (socketpair(AF_UNIX, SOCK_DGRAM, 0, e) < 0)
				_exit(3);
			_exit(sendmsg(e[1], &mh, 0) < 0 && errno == EPERM ? 0 : 1);
		}
		check_eq(reap(pid), 0, "explicit SCM_CREDENTIALS naming another pid: EPERM");
	}
	close(d[0]); close(d[1]); close(st[0]); close(st[1]);
	t_peercred_named();
}

static void
t_socketpair(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	static const char *names[] = { "stream", "dgram", "seqpacket" };
	int sv[2], i, type, flags, fds[3], got[3], n;
	socklen_t len;
	char buf[64];

	for (i = 0; i < 3; i++) {
		check_ok(socketpair(AF_UNIX, types[i], 0, sv), "socketpair %s", names[i]);
		len = sizeof(type);
		check(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len) == 0 && type == types[i],
		    "socketpair %s: SO_TYPE", names[i]);
		SYS(write(sv[0], "ab", 2));
		SYS(write(sv[0], "cde", 3));
		n = read(sv[1], buf, sizeof(buf));
		if (types[i] == SOCK_STREAM)
			check_eq(n, 5, "socketpair stream: bytes coalesce");
		else
			check_eq(n, 2, "socketpair %s: records kept", names[i]);
		if (types[i] != SOCK_STREAM)
			SYS(read(sv[1], buf, sizeof(buf)));
		check(write(sv[1], "back", 4) == 4 && read(sv[0], buf, sizeof(buf)) == 4,
		    "socketpair %s: the other way", names[i]);
		close(sv[1]);
		if (types[i] == SOCK_DGRAM)
			check_errno(write(sv[0], "x", 1), ECONNREFUSED,
			    "socketpair dgram: write to a closed peer: ECONNREFUSED (Linux)");
		else
			check_eq(read(sv[0], buf, sizeof(buf)), 0, "socketpair %s: EOF once the peer closes", names[i]);
		close(sv[0]);
	}
	check_errno(socketpair(AF_INET, SOCK_STREAM, 0, sv), EOPNOTSUPP, "socketpair AF_INET: EOPNOTSUPP");

	/*
	 * A control buffer of CMSG_SPACE(sizeof(int)) (room for two ints on
	 * x86-64, by alignment) for three descriptors: the ones that fit
	 * arrive, MSG_CTRUNC says some did not, and those are closed.
	 */
	SYS(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	for (i = 0; i < 3; i++)
		fds[i] = SYS(open("/dev/null", O_RDONLY));
	SYS(send_fds(sv[0], fds, 3));
	flags = 0;
	n = recv_fds(sv[1], got, 1, &flags);
	check(n >= 1 && n < 3 && (flags & MSG_CTRUNC),
	    "a control buffer too small for three descriptors: %d arrive, MSG_CTRUNC", n);
	for (i = 0; i < 3; i++)
		close(fds[i]);
	for (i = 0; i < n; i++)
		close(got[i]);
	close(sv[0]); close(sv[1]);
}

int
main(int argc, char **argv)
{
	t_start(30);
	if (argc == 3 && strcmp(argv[1], "recv") == 0)
		t_recv(argv[2]);
	else if (argc == 4 && strcmp(argv[1], "send") == 0)
		t_send(argv[2], argv[3]);
	else if (argc == 2 && strcmp(argv[1], "creds") == 0)
		t_creds();
	else if (argc == 2 && strcmp(argv[1], "socketpair") == 0)
		t_socketpair();
	else
		bail("usage: rights recv PATH | send PATH FILE | creds | socketpair");
	return t_end();
}
