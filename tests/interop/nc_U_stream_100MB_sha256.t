#!/bin/bash
# nc -U (netcat-openbsd), unmodified, at both ends of a UNIX stream
# connection: 100 MB of random data, equal sha256; -N makes the sender shut
# down its side at the end of its input so the listener sees EOF and exits.
. "$(dirname "$0")/../system/lib.sh"
need nc sha256sum
nc -h 2>&1 | grep -q 'OpenBSD netcat' || skip_all "nc is not netcat-openbsd"
uipc_setup
head -c $((100 << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
( timeout 60 "${UIPC_RUN[@]}" nc -U -l "$T/s" </dev/null 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
recv=$!; _bg_pids="$_bg_pids $recv"
wait_socket "$T/s" || fail "nc bound $T/s" "$(cat "$T/recv.err")"
rc=0; timeout 60 "${UIPC_RUN[@]}" nc -U -N "$T/s" <"$T/in" 2>"$T/send.err" || rc=$?
is "$rc" 0 "sending nc exited 0"
bg_wait $recv
is "$(cat "$T/recv.rc")" 0 "listening nc exited 0 at EOF"
is "$(cat "$T/got")" "$want" "100 MB arrived with equal sha256"
done_testing
