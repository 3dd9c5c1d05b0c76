#!/bin/bash
# socat, unmodified, at both ends of UNIX datagram sockets (UNIX-SENDTO,
# UNIX-RECV): 100 MB of random data as 8 KB datagrams.  UNIX datagrams are
# reliable and ordered on Linux (a sender blocks while the receiver's queue
# is full), so everything arrives, in order: equal sha256.  The receiver
# ends after 3 s without a datagram (-T 3).
. "$(dirname "$0")/../system/lib.sh"
need socat sha256sum
uipc_setup
head -c $((100 << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
( timeout 60 "${UIPC_RUN[@]}" socat -u -T 3 -b 8192 UNIX-RECV:"$T/d" STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
recv=$!; _bg_pids="$_bg_pids $recv"
wait_socket "$T/d" || fail "socat bound $T/d" "$(cat "$T/recv.err")"
rc=0; timeout 60 "${UIPC_RUN[@]}" socat -u -b 8192 FILE:"$T/in" UNIX-SENDTO:"$T/d" 2>"$T/send.err" || rc=$?
is "$rc" 0 "sending socat exited 0"
bg_wait $recv
is "$(cat "$T/recv.rc")" 0 "receiving socat exited 0 after the inactivity timeout"
is "$(cat "$T/got")" "$want" "100 MB of datagrams arrived whole and in order (sha256)"
[ -s "$T/send.err" ] && diag "$(cat "$T/send.err")"
done_testing
