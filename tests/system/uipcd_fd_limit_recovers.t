#!/bin/bash
# uipcd at its own descriptor limit (lowered with prlimit while it runs):
# a transfer already running goes on and arrives whole; new requests are
# answered with an errno (socketpair: EMFILE or ENFILE; a new control
# connection, uipc netstat: EMFILE), not left hanging; uipcd does not spin
# (its CPU time over a bounded wait stays well below the wall time); once
# the descriptors are freed it serves new requests again.
. "$(dirname "$0")/lib.sh"
require_uipc
need socat cmp prlimit
uipc_setup

cputicks() { awk '{ print $14 + $15 }' "/proc/$UIPCD_PID/stat"; }

# A transfer fed through a FIFO, so that it spans the time at the limit.
mkfifo "$T/fifo"
head -c 2000000 /dev/urandom >"$T/in1"
head -c 2000000 /dev/urandom >"$T/in2"
bg 90 "$T/srv.log" on_uipc socat -u UNIX-LISTEN:"$T/r" OPEN:"$T/out",creat,trunc
srv=$BG_PID
wait_socket "$T/r"
bg 90 "$T/cli.log" on_uipc socat -u OPEN:"$T/fifo" UNIX-CONNECT:"$T/r"
cli=$BG_PID
exec 3>"$T/fifo"
cat "$T/in1" >&3
wait_for 30 sh -c "[ \$(stat -c %s '$T/out') -ge 2000000 ]"
is "$?" 0 "the first half of the transfer arrived"

# uipcd's limit: what it holds now and a few more.
n=$(ls "/proc/$UIPCD_PID/fd" | wc -l)
prlimit --pid "$UIPCD_PID" --nofile=$((n + 16)):$((n + 16))
bg 90 "$T/hog.out" on_uipc "$P/limits_hog" pairs "$T/rel"
hog=$BG_PID
wait_for 30 test -e "$T/rel.held"
is "$?" 0 "a program took uipcd's descriptors until socketpair failed"

# What descriptors the hog's refused requests left free, control
# connections take (held, never used; natively, not through uipc): more
# than are left, so that uipcd sits at its limit with its spare reopened.
bg 90 "$T/fill.out" "$PYTHON" -c '
import os, socket, sys, time
held = []
for i in range(64):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1]); held.append(s)
open(sys.argv[2] + ".filled", "w").close()
for i in range(6000):
    if os.path.exists(sys.argv[2]): break
    time.sleep(0.01)' "$UIPC_SOCKET" "$T/rel"
fill=$BG_PID
wait_for 30 test -e "$T/rel.filled"
is "$?" 0 "control connections took what descriptors were left"

t0=$(date +%s%N); c0=$(cputicks)
out=$(timeout -k 3 10 "$UIPC_BUILD/bin/uipc" netstat 2>&1); rc=$?
case $rc:$out in
124:*|137:*) fail "uipc netstat at uipcd's limit is answered (not hung)" "$out" ;;
0:*) fail "uipc netstat at uipcd's limit fails with EMFILE" "it succeeded" ;;
*"Too many open files"*) pass "uipc netstat at uipcd's limit fails at once: Too many open files (EMFILE)" ;;
*) fail "uipc netstat at uipcd's limit fails with EMFILE" "status $rc: $out" ;;
esac
for i in 1 2 3 4 5 6 7 8 9 10; do
	timeout -k 3 10 "$UIPC_BUILD/bin/uipc" netstat >/dev/null 2>&1
done
sleep 2
c1=$(cputicks); t1=$(date +%s%N)
wall_ms=$(( (t1 - t0) / 1000000 ))
cpu_ms=$(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))
diag "uipcd used ${cpu_ms} ms of CPU in ${wall_ms} ms at its limit"
[ $((cpu_ms * 4)) -lt "$wall_ms" ] && pass "uipcd at its limit does not spin (CPU under a quarter of the wall time)" ||
	fail "uipcd at its limit does not spin" "cpu ${cpu_ms} ms in ${wall_ms} ms"

# The transfer goes on at the limit.
cat "$T/in2" >&3
exec 3>&-
rc=0; bg_wait "$cli" || rc=$?; bg_wait "$srv" || rc=$?
cat "$T/in1" "$T/in2" >"$T/in"
cmp -s "$T/in" "$T/out"
ok_if $? "the running transfer went on at uipcd's limit and arrived whole (status $rc)"

touch "$T/rel"
bg_wait "$fill"
rc=0; bg_wait "$hog" || rc=$?
tap_lines "$T/hog.out" $rc "limits_hog pairs"
wait_for 20 "$UIPC_BUILD/bin/uipc" netstat
is "$?" 0 "descriptors freed: uipc netstat answers again"
out=$(timeout -k 3 20 "${UIPC_RUN[@]}" "$PYTHON" -c '
import socket
a, b = socket.socketpair(); a.sendall(b"again"); print(b.recv(16).decode())' 2>&1)
is "$out" "again" "descriptors freed: a new socketpair carries data"
done_testing
