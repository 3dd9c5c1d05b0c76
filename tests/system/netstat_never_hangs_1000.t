#!/bin/bash
# `uipc netstat -a` run 1,000 times, each bounded by timeout, while 50
# client processes open and close TCP connections to a server and 1,400
# idle sockets keep the listing long (about 80 replies of uipcd's): every
# run completes, with the header and every idle socket listed.  (Before,
# uipcd sent all the replies at once and dropped those the control
# connection had no room for; the client then waited for ever.  With the
# build before the change, and 1,600 idle sockets, 12 runs of 1000 hung
# and 802 stopped short.)
. "$(dirname "$0")/lib.sh"
require_uipc
uipc_setup
stop=$T/stop

(ulimit -n 8192 && exec "${UIPC_RUN[@]}" "$PYTHON" -c '
import os, socket, sys, time
held = [socket.socketpair() for i in range(700)]
open(sys.argv[1] + ".held", "w").close()
for i in range(30000):
    if os.path.exists(sys.argv[1]): break
    time.sleep(0.01)' "$stop") >"$T/holder.log" 2>&1 &
holder=$!; _bg_pids="$_bg_pids $holder"
wait_for 60 test -e "$stop.held"
is "$?" 0 "a program holds 700 socket pairs"
bg 300 "$T/serve.out" on_uipc "$P/churn" serve 7100 "$stop"
srv=$BG_PID
wait_for 30 sh -c "'$UIPC_BUILD/bin/uipc' netstat -a | grep -q 'LISTEN *\*:7100'"
is "$?" 0 "the server listens"
bg 300 "$T/clients.out" on_uipc "$P/churn" clients 127.0.0.1 7100 50 "$stop"
cli=$BG_PID
wait_for 30 sh -c "'$UIPC_BUILD/bin/uipc' netstat | grep -q ESTABLISHED"
is "$?" 0 "the clients connect"

hung=0 failed=0 short=0 i=0 start=$SECONDS
while [ $i -lt 1000 ]; do
	i=$((i + 1))
	rc=0
	timeout -k 2 10 "$UIPC_BUILD/bin/uipc" netstat -a >"$T/ns" 2>&1 || rc=$?
	case $rc in
	0) ;;
	124|137) hung=$((hung + 1)); cp "$T/ns" "$T/ns.hung" ;;
	*) failed=$((failed + 1)); cp "$T/ns" "$T/ns.failed" ;;
	esac
	# Complete: the header, and every one of the 1,400 idle sockets.
	if [ $rc -eq 0 ] && { [ "$(head -c 2 "$T/ns")" != "ID" ] ||
	    [ "$(grep -c ' unix stream *CONNECTED ' "$T/ns")" -lt 1400 ]; }; then
		short=$((short + 1)); cp "$T/ns" "$T/ns.short"
	fi
done
diag "1000 runs in $((SECONDS - start)) s"
is "$hung" 0 "no run of 1000 hung (each bounded at 10 s)"
is "$failed" 0 "no run of 1000 failed"
[ -f "$T/ns.failed" ] && diag "$(tail -3 "$T/ns.failed")"
is "$short" 0 "every run listed the header and all 1400 idle sockets"
touch "$stop"
rc=0; bg_wait "$cli" || rc=$?
tap_lines "$T/clients.out" $rc "churn clients"
rc=0; bg_wait "$srv" || rc=$?
ok_if $rc "the server ran to its end"
wait "$holder" 2>/dev/null
done_testing
