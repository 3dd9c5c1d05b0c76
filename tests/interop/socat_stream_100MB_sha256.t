#!/bin/bash
# socat, unmodified, at both ends of a UNIX stream connection (UNIX-LISTEN,
# UNIX-CONNECT): 100 MB of random data, equal sha256 at both ends.
. "$(dirname "$0")/../system/lib.sh"
need socat sha256sum
uipc_setup
head -c $((100 << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
( timeout 60 "${UIPC_RUN[@]}" socat -u UNIX-LISTEN:"$T/s" STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
recv=$!; _bg_pids="$_bg_pids $recv"
wait_socket "$T/s" || fail "socat bound $T/s" "$(cat "$T/recv.err")"
rc=0; timeout 60 "${UIPC_RUN[@]}" socat -u FILE:"$T/in" UNIX-CONNECT:"$T/s" 2>"$T/send.err" || rc=$?
is "$rc" 0 "sending socat exited 0"
bg_wait $recv
is "$(cat "$T/recv.rc")" 0 "receiving socat exited 0 at EOF"
is "$(cat "$T/got")" "$want" "100 MB arrived with equal sha256"
done_testing
