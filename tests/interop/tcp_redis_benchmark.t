#!/bin/bash
# redis-server on monet and redis-benchmark on arpa, both unmodified: a
# short run (-n 10000 -q, a few commands) completes with a rate for each.
. "$(dirname "$0")/../system/lib.sh"
need redis-server redis-benchmark redis-cli
uipc_setup_two_hosts 21
PORT=$((40000 + $$ % 20000))
bg 90 "$T/redis.out" "${ON_MONET[@]}" redis-server --port $PORT --bind 0.0.0.0 --save '' --appendonly no --protected-mode no --dir "$T"
up() { "${ON_ARPA[@]}" redis-cli -h $MONET -p $PORT ping 2>/dev/null | grep -q PONG; }
wait_for 20 up && pass "redis-cli ping on arpa: PONG" || fail "redis-cli ping on arpa: PONG" "$(cat "$T/redis.out")"
rc=0; timeout 80 "${ON_ARPA[@]}" redis-benchmark -h $MONET -p $PORT -n 10000 -q -t set,get,incr,lpush >"$T/bench.out" 2>&1 || rc=$?
is "$rc" 0 "redis-benchmark -n 10000 -q ran to its end"
tr '\r' '\n' <"$T/bench.out" | grep 'requests per second' >"$T/rates"
is "$(wc -l <"$T/rates")" 4 "a rate for each of SET GET INCR LPUSH"; diag "$(cat "$T/bench.out")"
diag "$(cat "$T/rates")"
done_testing
