#!/bin/bash
# redis-server on monet and redis-benchmark on arpa, both unmodified: a
# short run (-n 10000 -q, a few commands) completes with a rate for each.
. "$(dirname "$0")/../system/lib.sh"
need redis-server redis-benchmark
UIPCD_CONF_TEXT='
seed 21
segment lan
	delay 100us
host arpa
	interface en0 segment lan address 10.0.0.1/24
host monet
	interface en0 segment lan address 10.0.0.2/24
'
uipc_setup
if [ "$UIPC_NATIVE" = 1 ]; then
	ON_ARPA=(); ON_MONET=(); MONET=127.0.0.1
else
	ON_ARPA=("$UIPC_BUILD/bin/uipc" run -H arpa --)
	ON_MONET=("$UIPC_BUILD/bin/uipc" run -H monet --)
	MONET=10.0.0.2
fi
PORT=$((40000 + $$ % 20000))
bg 90 "$T/redis.out" "${ON_MONET[@]}" redis-server --port $PORT --bind 0.0.0.0 --save '' --appendonly no --protected-mode no --dir "$T"
up() { "${ON_ARPA[@]}" redis-cli -h $MONET -p $PORT ping 2>/dev/null | grep -q PONG; }
if command -v redis-cli >/dev/null; then
	wait_for 20 up && pass "redis-cli ping on arpa: PONG" || fail "redis-cli ping on arpa: PONG" "$(cat "$T/redis.out")"
else
	sleep 2; skip "no redis-cli" "ping"
fi
rc=0; timeout 80 "${ON_ARPA[@]}" redis-benchmark -h $MONET -p $PORT -n 10000 -q -t set,get,incr,lpush >"$T/bench.out" 2>&1 || rc=$?
is "$rc" 0 "redis-benchmark -n 10000 -q ran to its end"
tr '\r' '\n' <"$T/bench.out" | grep 'requests per second' >"$T/rates"
is "$(wc -l <"$T/rates")" 4 "a rate for each of SET GET INCR LPUSH"; diag "$(cat "$T/bench.out")"
diag "$(cat "$T/rates")"
done_testing
