#!/bin/bash
# iperf3 client on arpa and server on monet, both unmodified (with -4:
# uipc has no IPv6, and iperf3 listens on IPv6 by default): a 3-second
# run completes, and the throughput it measured is recorded in a diag line
# (no test asserts a rate).
. "$(dirname "$0")/../system/lib.sh"
need iperf3
uipc_setup_two_hosts 21
PORT=$((40000 + $$ % 20000))
bg 40 "$T/srv.out" "${ON_MONET[@]}" iperf3 -4 -s -1 --forceflush -p $PORT
srv=$BG_PID
# --forceflush: its "Server listening" line reaches the file at once.
wait_for 30 grep -q "Server listening" "$T/srv.out" || fail "iperf3 -s says it listens" "$(cat "$T/srv.out")"
rc=0; timeout 40 "${ON_ARPA[@]}" iperf3 -4 -c $MONET -p $PORT -t 3 -f M >"$T/cli.out" 2>&1 || rc=$?
is "$rc" 0 "iperf3 -c $MONET -t 3 ran to its end"; [ "$rc" = 0 ] || diag "$(cat "$T/cli.out")"
rate=$(awk '/receiver/ { print $7, $8 }' "$T/cli.out")
case $rate in [0-9]*) pass "iperf3 reported the receiver's rate" ;; *) fail "iperf3 reported the receiver's rate" "$(cat "$T/cli.out")" ;; esac
diag "iperf3 arpa -> monet: $rate"
bg_wait $srv; ok_if $? "iperf3 -s -1 exited 0 after its one test"
done_testing
