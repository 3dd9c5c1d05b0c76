#!/bin/bash
# The net under the shim (DESIGN.md, "A net under the shim"; issue 9, items
# 1 and 2): every socket-family system call of a program under `uipc run`,
# whoever makes it, reaches uipc or fails; none reaches the host's network.
# Runs in a network namespace of its own (lo only, no route out) with a
# resolv.conf of its own (a mount namespace), so that a leak shows as a
# host socket or as a datagram at a host listener rather than as traffic.
#
#   - raw system calls (syscall(2)) of a dynamically linked program: uipc
#     sockets, served (progs/raw_syscalls.c checks /proc/net);
#   - glibc's resolver inside libc (res_query, whose socket calls are
#     libc's internal ones) queries uipc's 127.0.0.1:53, while a host listener on the
#     namespace's 127.0.0.1:53 hears nothing (and does hear a native query,
#     so it would see a leak);
#   - statically linked programs (no shim), served by uipc run's
#     supervisor: a client moves data through a uipc server and no host
#     connection is made; a server accepts a uipc client, no host socket
#     listens; a static resolver's query reaches uipc's 127.0.0.1:53;
#   - strace of runs: no socket call reached the host but the shim's own
#     AF_UNIX channel and control sockets, and the checker does flag a
#     native run.
. "$(dirname "$0")/lib.sh"
require_uipc
if [ -z "${UIPC_IN_NETNS:-}" ]; then
	{ [ "$(id -u)" = 0 ] && unshare -n -m --propagation private true; } 2>/dev/null ||
		skip_all "needs root and unshare -n -m (a network namespace of the test's own)"
	UIPC_IN_NETNS=1 exec unshare -n -m --propagation private "$BASH" "$0" "$@"
fi
ip link set lo up 2>/dev/null || skip_all "cannot bring lo up in the namespace"
uipc_setup
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$T/resolv.conf"
mount --bind "$T/resolv.conf" /etc/resolv.conf 2>/dev/null || skip_all "cannot mount a resolv.conf of the test's own"
HERE=$(cd "$(dirname "$0")" && pwd)
NAME=uipc-trap-probe.example

# ---- raw system calls ----------------------------------------------------
tap_from on_uipc "$P/raw_syscalls"

# ---- glibc's resolver ----------------------------------------------------
# A UDP listener on 127.0.0.1:53 that logs each datagram; it answers none.
LISTEN='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
open(sys.argv[1] + ".up", "w").close()
while True:
    d, a = s.recvfrom(2048)
    with open(sys.argv[1], "a") as f:
        f.write("query of %d bytes\n" % len(d))'
bg 60 "$T/hostdns.out" "$PYTHON" -c "$LISTEN" "$T/hostdns"
check "a host listener on the namespace's 127.0.0.1:53" wait_for 10 test -e "$T/hostdns.up"
timeout 20 "$P/res_query" "$NAME" >/dev/null 2>&1
check "a native res_query reaches the host listener (so it would see a leak)" wait_for 10 test -s "$T/hostdns"
: >"$T/hostdns"
bg 60 "$T/uipcdns.out" on_uipc "$PYTHON" -c "$LISTEN" "$T/uipcdns"
check "a listener on uipc's 127.0.0.1:53" wait_for 10 test -e "$T/uipcdns.up"
check "res_query on uipc runs to its end" timeout 20 "${UIPC_RUN[@]}" "$P/res_query" "$NAME"
check "glibc's resolver, inside libc, queried uipc's 127.0.0.1:53" wait_for 10 test -s "$T/uipcdns"
timeout 20 "${UIPC_RUN[@]}" getent ahosts "$NAME" >"$T/getent.out" 2>&1
is "$?" 2 "getent ahosts $NAME on uipc: not found"
is "$(cat "$T/hostdns")" "" "the host's 127.0.0.1:53 received nothing"

# ---- statically linked programs ------------------------------------------
if cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/static_peer" "$HERE/progs/static_peer.c" 2>"$T/cc.err"; then
	ECHO='import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[2])))
s.listen(5)
open(sys.argv[1] + ".up", "w").close()
while True:
    c, a = s.accept()
    with open(sys.argv[1], "a") as f:
        f.write("connection\n")
    c.sendall(c.recv(4).upper())
    c.close()'
	bg 60 "$T/hostecho.out" "$PYTHON" -c "$ECHO" "$T/hostecho" 7513
	bg 60 "$T/uipcecho.out" on_uipc "$PYTHON" -c "$ECHO" "$T/uipcecho" 7513
	check "an echo server on the host's 127.0.0.1:7513" wait_for 10 test -e "$T/hostecho.up"
	check "an echo server on uipc's 127.0.0.1:7513" wait_for 10 test -e "$T/uipcecho.up"
	check "the static client moves data on the host (it is a working client)" \
	    timeout 20 "$T/static_peer" connect 7513
	: >"$T/hostecho"
	out=$(timeout 20 "${UIPC_RUN[@]}" "$T/static_peer" connect 7513 2>&1)
	is "$out" "result moved" "a static client on uipc moves data through a uipc server"
	check "the uipc server counted its connection" grep -q connection "$T/uipcecho"
	is "$(cat "$T/hostecho")" "" "the host's 127.0.0.1:7513 got no connection from the static client"

	# A static server: bind, listen and accept served, its client on uipc.
	bg 30 "$T/sserve.out" on_uipc "$T/static_peer" serve 7514
	check "a static server listens on uipc" wait_for 10 grep -q ready "$T/sserve.out"
	check "no host socket listens on 7514 (ss in the namespace)" \
	    sh -c "! ss -Htln | grep -q ':7514 '"
	got=$(timeout 20 "${UIPC_RUN[@]}" "$PYTHON" -c '
import socket
c = socket.create_connection(("127.0.0.1", 7514)); c.sendall(b"abcd"); print(c.recv(4).decode())' 2>&1)
	is "$got" "ABCD" "a client on uipc gets the static server's answer"
	check "the static server ends having moved data" wait_for 10 grep -q "result moved" "$T/sserve.out"

	# A static resolver: its datagrams (sendmmsg, recvfrom) served.
	if cc -static -O2 -o "$T/res_query_static" "$HERE/progs/res_query.c" 2>>"$T/cc.err"; then
		: >"$T/uipcdns"
		check "a static res_query on uipc runs to its end" \
		    timeout 20 "${UIPC_RUN[@]}" "$T/res_query_static" "$NAME"
		check "the static resolver queried uipc's 127.0.0.1:53" wait_for 10 test -s "$T/uipcdns"
		is "$(cat "$T/hostdns")" "" "the host's 127.0.0.1:53 received nothing from it"
	else
		skip "a static resolver" "cc -static does not link res_query here"
	fi
else
	skip "static programs" "cc -static does not link here: $(head -1 "$T/cc.err")"
fi

# ---- strace: nothing reached the host but the shim's own sockets -----------
if command -v strace >/dev/null; then
	mkdir -p "$T/st" "$T/stn"
	timeout 30 strace -ff -e trace=%network -o "$T/st/t" "${UIPC_RUN[@]}" "$P/raw_syscalls" >/dev/null 2>&1
	timeout 30 strace -ff -e trace=%network -o "$T/st/r" "${UIPC_RUN[@]}" "$P/res_query" "$NAME" >/dev/null 2>&1
	timeout 30 strace -ff -e trace=%network -o "$T/st/g" "${UIPC_RUN[@]}" getent ahosts "$NAME" >/dev/null 2>&1
	res=$(awk -f "$HERE/trap/strace_check.awk" "$T"/st/*)
	is "$(printf '%s\n' "$res" | grep '^host:')" "" "strace: no socket call of the runs reached the host's network"
	trapped=$(printf '%s\n' "$res" | sed -n 's/^trapped //p')
	check "strace: the runs' own socket calls were stopped and served (trapped $trapped)" test "${trapped:-0}" -ge 10
	timeout 30 strace -ff -e trace=%network -o "$T/stn/t" "$P/raw_syscalls" >/dev/null 2>&1
	check "strace: the checker flags a native run's host sockets" \
	    sh -c "awk -f '$HERE/trap/strace_check.awk' '$T'/stn/* | grep -q '^host: socket(AF_INET'"
else
	skip "strace" "strace is not installed"
fi
done_testing
