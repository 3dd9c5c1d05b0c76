#!/bin/bash
# Bad input to uipcd itself: a client speaking the control protocol badly
# (random bytes, truncated and oversized records, unknown versions and
# operations, descriptors that are not channels, bad address and option
# lengths, a claim to speak for a process not its own descendant) gets an
# errno for each, while a 30 MB transfer beside it goes on
# and arrives whole.  Then a holder killed with -9 in the middle of a
# transfer leaves no socket behind in `uipc netstat`.
. "$(dirname "$0")/lib.sh"
require_uipc
need socat sha256sum
uipc_setup
head -c $((30 << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
# A slow reader keeps the transfer running while the bad requests arrive.
( timeout 60 "${UIPC_RUN[@]}" socat -u UNIX-LISTEN:"$T/s" STDOUT 2>"$T/recv.err" | sha256sum >"$T/got" ) &
recv=$!; _bg_pids="$_bg_pids $recv"
wait_socket "$T/s" || fail "socat bound $T/s" "$(cat "$T/recv.err")"
( timeout 60 "${UIPC_RUN[@]}" socat -u FILE:"$T/in" UNIX-CONNECT:"$T/s" 2>"$T/send.err"; echo $? >"$T/send.rc" ) &
send=$!; _bg_pids="$_bg_pids $send"
tap_from "$P/ctl_badinput" "$UIPC_SOCKET"
bg_wait $send
bg_wait $recv
is "$(cat "$T/send.rc")" 0 "the transfer beside the bad requests ended well"
is "$(cat "$T/got")" "$want" "30 MB arrived with equal sha256"

# kill -9 of a holder mid-transfer: its sockets go, and its peer's with them.
( timeout 30 "${UIPC_RUN[@]}" socat -u UNIX-LISTEN:"$T/k" OPEN:/dev/null 2>/dev/null ) &
_bg_pids="$_bg_pids $!"
wait_socket "$T/k" || fail "socat bound $T/k"
timeout 30 "${UIPC_RUN[@]}" socat -u /dev/zero UNIX-CONNECT:"$T/k" 2>/dev/null &
holder=$!; _bg_pids="$_bg_pids $holder"
wait_for 10 sh -c "'$UIPC_BUILD/bin/uipc' netstat | grep -E ' CONNECTED +$T/k' >/dev/null"
is "$?" 0 "netstat shows the transfer's connection"
pkill -KILL -f "^socat -u /dev/zero UNIX-CONNECT:$T/k" 2>/dev/null
wait_for 10 sh -c "! '$UIPC_BUILD/bin/uipc' netstat -a | grep -q '$T/k'"
is "$?" 0 "after kill -9 no socket of that connection is left in netstat"
"$UIPC_BUILD/bin/uipc" netstat -a | grep "$T/k" | sed 's/^/# left: /'
done_testing
