#!/bin/bash
# The system's wall clock (uipc(1) clock): programs on uipc read the
# machine's clock plus an offset that `uipc clock +DURATION` moves forward.
# A running program sees the jump in time(), gettimeofday() and
# clock_gettime(CLOCK_REALTIME), not in CLOCK_MONOTONIC; uipcd's timers
# take the same jump, so a TIME_WAIT ends and a keepalive gives up at the
# jump; the host settings (uipc.conf(5): uptime, load, user) age with it;
# only root may move it.  Natively the programs run too (the machine's
# clock, which no test moves); the moves are uipc's.
. "$(dirname "$0")/lib.sh"
UIPCD_CONF_TEXT="
seed 17
segment lan
	delay 100us
host arpa
	interface en0 segment lan address 10.0.0.1/24
	uptime 1d
	load 0.50 0.25 0.10
	user carol pts/7 login 1h idle 10m
host monet
	interface en0 segment lan address 10.0.0.2/24
"
uipc_setup
said() { grep -q "^# $1" "$2" 2>/dev/null || return 1; }
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
if [ "$UIPC_NATIVE" = 1 ]; then
	ON_ARPA=(); ON_MONET=(); MONET=127.0.0.1
	check "clockinfo reads the clocks natively" "$P/clockinfo" times
	check "clockinfo reads the host natively" "$P/clockinfo" host
	skip "the wall clock moves" "the system's wall clock is uipc's"
	done_testing; exit
fi
ON_ARPA=("$UIPC_BUILD/bin/uipc" run -H arpa --)
ON_MONET=("$UIPC_BUILD/bin/uipc" run -H monet --)
MONET=10.0.0.2

# Host settings as programs read them, before the clock moves.
h=$("${ON_ARPA[@]}" "$P/clockinfo" host)
diag "$h"
up=$(field uptime <<<"$h")
check "sysinfo: arpa up one day (86400 s and the seconds since uipcd started)" \
	test "$up" -ge 86400 -a "$up" -lt 86460
is "$(field load <<<"$h") $(field sysinfo-load <<<"$h")" "0.50 0.50" "getloadavg and sysinfo: the configured load"
is "$(grep '^user' <<<"$h" | awk '{print $2, $3}')" "carol pts/7" "getutxent: one user, carol on pts/7"
idle=$(grep '^user' <<<"$h" | awk '{print $5}')
check "stat(/dev/pts/7): carol idle 10 minutes" test "$idle" -ge 600 -a "$idle" -lt 660

# A program running across the move sees it.
bg 90 "$T/watch.out" "${ON_ARPA[@]}" "$P/clockinfo" watch "$T/moved" 3600
w=$BG_PID
wait_for 30 said ready "$T/watch.out" || fail "clockinfo watch started" "$(cat "$T/watch.out")"
before=$("${ON_ARPA[@]}" "$P/clockinfo" times)

# Only root moves it.
if can_drop_privilege; then
	out=$(as_nobody "$UIPC_BUILD/bin/uipc" clock +1h 2>&1); rc=$?
	check "uipc clock +1h as nobody fails" test $rc -ne 0
	check "... with EPERM" grep -q 'Operation not permitted' <<<"$out"
	is "$(uipc_cmd clock | awk '{print $2}')" 0 "the clock did not move"
else
	skip "uipc clock as nobody" "cannot drop privileges here"
fi
check "uipc clock rejects a move back" test "$(uipc_cmd clock -5 >/dev/null 2>&1; echo $?)" -ne 0

# TIME_WAIT: the client closes first; its end waits 2 MSL (60 s) in TIME_WAIT.
PORT=$((40000 + $$ % 20000))
bg 60 "$T/hold.out" "${ON_MONET[@]}" "$P/tcp_timed" server $PORT
wait_for 30 said ready "$T/hold.out" || fail "holding server listens" "$(cat "$T/hold.out")"
tap_from "${ON_ARPA[@]}" "$P/tcp_timed" close-first $MONET $PORT
tw() { uipc_cmd netstat | grep -q "TIME_WAIT.*10.0.0.2:$PORT"; }
check "arpa's end is in TIME_WAIT" wait_for 30 tw
check "... and still is (it lasts 60 s)" tw

check "uipc clock +1h (as root)" uipc_cmd clock +1h
touch "$T/moved"
after=$("${ON_ARPA[@]}" "$P/clockinfo" times)
diag "before: $before" "after:  $after"
for k in time gettimeofday realtime coarse; do
	d=$(( $(field $k <<<"$after") - $(field $k <<<"$before") ))
	check "$k: a new program reads the clock an hour on ($d s)" test $d -ge 3600 -a $d -lt 3660
done
d=$(( $(field monotonic <<<"$after") - $(field monotonic <<<"$before") ))
check "CLOCK_MONOTONIC is the machine's ($d s)" test $d -lt 60
rc=0; bg_wait $w || rc=$?
tap_lines "$T/watch.out" $rc "clockinfo watch"
notw() { ! tw; }
check "the TIME_WAIT ended at the jump" wait_for 30 notw
is "$(uipc_cmd clock | awk '{print $2}')" 3600 "uipc clock says the offset"

h=$("${ON_ARPA[@]}" "$P/clockinfo" host)
up=$(field uptime <<<"$h")
check "sysinfo: arpa up an hour more ($up s)" test "$up" -ge 90000 -a "$up" -lt 90060
idle=$(grep '^user' <<<"$h" | awk '{print $5}')
check "carol idle an hour more ($idle s)" test "$idle" -ge 4200 -a "$idle" -lt 4260

# Keepalive at Linux's defaults: the first probe after 2 h idle, then 9
# more 75 s apart; monet falls silent, and the clock moves instead.
PORT=$((PORT + 1))
bg 90 "$T/hold2.out" "${ON_MONET[@]}" "$P/tcp_errors" hold $PORT
wait_for 30 said ready "$T/hold2.out" || fail "holding server listens" "$(cat "$T/hold2.out")"
bg 90 "$T/ka.out" "${ON_ARPA[@]}" "$P/tcp_timed" keepalive $MONET $PORT
ka=$BG_PID
if wait_for 30 said connected "$T/ka.out"; then
	check "uipc ifconfig -H monet en0 down" uipc_cmd ifconfig -H monet en0 down
	# uipcd runs the timers a move makes due before it answers the next request.
	est() { uipc_cmd netstat | awk -v p="10.0.0.2:$PORT" '$2 == "arpa" && $5 == "ESTABLISHED" && $7 == p' | grep -q .; }
	check "the connection is established" est
	uipc_cmd clock +2h >/dev/null
	check "... and outlives the 2 h idle time (the first probe goes unanswered)" est
	i=0
	while est && [ $i -lt 12 ]; do
		uipc_cmd clock +75 >/dev/null
		i=$((i + 1))
	done
	is "$i" 9 "keepalive gives up at 2 h and 9 probes 75 s apart, moved not waited for"
fi
rc=0; bg_wait $ka || rc=$?
tap_lines "$T/ka.out" $rc "tcp_timed keepalive"
# monet back on the segment, so that the holding server's close reaches
# arpa (which answers with RST): nothing of the test is left behind.
check "uipc ifconfig -H monet en0 up" uipc_cmd ifconfig -H monet en0 up
done_testing
