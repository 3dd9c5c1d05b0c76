#!/bin/bash
# nc -Uu (netcat-openbsd), unmodified, at both ends of UNIX datagram
# sockets: 100 MB of random data, one datagram per read of the sender's
# input; -q 1 makes the sender quit a second after its input ends.  UNIX
# datagrams are reliable and ordered on Linux, so the receiver gets every
# byte in order.  The listener never ends by itself: the test
# waits (bounded) until it has written as many bytes as were sent, then
# stops it and compares sha256.
. "$(dirname "$0")/../system/lib.sh"
need nc sha256sum
nc -h 2>&1 | grep -q 'OpenBSD netcat' || skip_all "nc is not netcat-openbsd"
uipc_setup
size=$((100 << 20))
head -c $size /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
bg2 60 "$T/out" "$T/recv.err" on_uipc nc -U -u -l "$T/d" </dev/null
recv=$BG_PID
wait_socket "$T/d" || fail "nc bound $T/d" "$(cat "$T/recv.err")"
# The sender binds a socket of its own (-s) for the listener's replies.
rc=0; (cd "$T" && timeout 60 "${UIPC_RUN[@]}" nc -U -u -q 1 -s "$T/c" "$T/d" <"$T/in" 2>"$T/send.err") || rc=$?
is "$rc" 0 "sending nc exited 0"
all_in() { [ "$(stat -c %s "$T/out")" -ge $size ]; }
if wait_for 30 all_in; then pass "the listener wrote all $size bytes"; else fail "the listener wrote all $size bytes" "it wrote $(stat -c %s "$T/out")"; fi
kill -TERM $recv 2>/dev/null; bg_wait $recv
is "$(sha256sum <"$T/out")" "$want" "the datagrams arrived whole and in order (sha256)"
[ -s "$T/send.err" ] && diag "sender: $(cat "$T/send.err")"
done_testing
