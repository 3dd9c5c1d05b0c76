#!/bin/bash
# When uipcd dies (kill -9), programs are told, never lied to (issue 8):
# readers of a UNIX and a TCP transfer cut short get ECONNRESET, not EOF;
# the writers fail with EPIPE or ECONNRESET; a process blocked in poll on a
# UDP socket is woken and its recv fails (ENETDOWN) instead of spinning on
# empty datagrams; socat receiving UDP exits instead of spinning; each
# process says so in one line on stderr naming uipcd's path, once.
. "$(dirname "$0")/lib.sh"
require_uipc
need socat
uipc_setup

# socat in its loop, receiving UDP (it spun at 87 % CPU for an hour).
bg2 60 "$T/socat.out" "$T/socat.err" on_uipc socat -u UDP-RECV:9999,bind=127.0.0.1 STDOUT
socat_bg=$BG_PID
udp_bound() { "$UIPC_BUILD/bin/uipc" netstat -a | grep -q '127.0.0.1:9999'; }
wait_for 10 udp_bound || fail "socat bound UDP port 9999" "$("$UIPC_BUILD/bin/uipc" netstat -a)"
echo hello | timeout 10 "${UIPC_RUN[@]}" socat -u - UDP-SENDTO:127.0.0.1:9999
wait_for 10 grep -q hello "$T/socat.out"
is "$?" 0 "socat received a datagram: it is in its loop"
socat_pid=$(pgrep -P "$socat_bg" | head -1)	# timeout's child: uipc run exec'd socat
[ -n "$socat_pid" ] || fail "found socat's pid under $socat_bg"

bg2 60 "$T/death.out" "$T/death.err" on_uipc "$P/uipcd_death" "$T"
death=$BG_PID
wait_for 30 test -e "$T/ready" || fail "the transfers are under way" "$(cat "$T/death.out" "$T/death.err")"

kill -KILL "$UIPCD_PID"
touch "$T/killed"
wait "$UIPCD_PID" 2>/dev/null
UIPCD_PID=			# reaped: the teardown must not stop it again

rc=0; bg_wait $death || rc=$?
tap_lines "$T/death.out" $rc "uipcd_death"
n=$(grep -c "uipcd at $UIPC_SOCKET is gone" "$T/death.err")
is "$n" 1 "the main process said once on stderr that uipcd at its path is gone"
diag "$(cat "$T/death.err")"
for c in unix-reader tcp-reader udp-poller; do
	n=$(grep -c "uipcd at $UIPC_SOCKET is gone" "$T/$c.err" 2>/dev/null)
	is "$n" 1 "$c said it once on stderr too"
done

# socat: it exits, or at least it is not spinning.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
gone() { [ -n "$socat_pid" ] && ! kill -0 "$socat_pid" 2>/dev/null || [ "$(awk '{ print $3 }' "/proc/$socat_pid/stat" 2>/dev/null)" = Z ]; }
before=$(ticks "$socat_pid")
if wait_for 10 gone; then
	pass "socat receiving UDP exited after uipcd died"
else
	t0=$(ticks "$socat_pid"); sleep 1; t1=$(ticks "$socat_pid")
	fail "socat receiving UDP exited after uipcd died" "still running; CPU ticks over 1 s: $((t1 - t0)) (from $before)"
fi
rc=0; bg_wait $socat_bg || rc=$?
[ $rc -lt 124 ]; is "$?" 0 "socat ended by itself, not by a signal or the time limit (status $rc)"
grep -q "uipcd at $UIPC_SOCKET is gone" "$T/socat.err"
is "$?" 0 "socat's stderr names uipcd's path"
diag "$(cat "$T/socat.err")"
done_testing
