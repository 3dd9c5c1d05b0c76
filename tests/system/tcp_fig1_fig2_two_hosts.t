#!/bin/bash
# The primer's Figure 1 client and Figure 2 server over TCP between two hosts
# on one segment: the server on monet forks a child per connection and
# reaps them with a SIGCHLD handler (§5.6), accept returning EINTR as they
# exit; five clients on arpa are all served at once, each by a child of its
# own, which sees arpa's address as the peer.  Natively both ends are on
# 127.0.0.1.
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 11
# said WORD FILE: a background program said "# WORD" (the file may not exist yet).
said() { grep -q "^# $1" "$2" 2>/dev/null || return 1; }
PORT=$((40000 + $$ % 20000))
N=5
bg 50 "$T/server.out" "${ON_MONET[@]}" "$P/tcp_fig2_server" $PORT $N
server=$BG_PID
if ! wait_for 30 said ready "$T/server.out"; then
	fail "server listens on monet port $PORT" "$(cat "$T/server.out")"
	done_testing; exit
fi
pass "server listens on monet port $PORT"
pids=()
for i in $(seq 1 $N); do
	bg 50 "$T/client.$i.out" "${ON_ARPA[@]}" "$P/tcp_fig1_client" $MONET $PORT $i "$T/go"
	pids+=("$BG_PID")
done
all_greeted() {
	local i
	for i in $(seq 1 $N); do grep -q '^# greeted' "$T/client.$i.out" || return 1; done
}
if wait_for 20 all_greeted; then pass "all $N clients on arpa connected and greeted at once"; else fail "all $N clients connected and greeted at once" "$(cat "$T"/client.*.out)"; fi
is "$(cat "$T"/client.*.out | sed -n 's/^# greeted \([0-9]*\) .*/\1/p' | sort -u | wc -l)" $N "each client served by a different child process"
is "$(cat "$T"/client.*.out | sed -n 's/^# greeted [0-9]* //p' | sort -u)" "$ARPA" "each child saw the client's address $ARPA (accept's from)"
touch "$T/go"
for i in $(seq 1 $N); do
	rc=0; bg_wait "${pids[$((i - 1))]}" || rc=$?
	tap_lines "$T/client.$i.out" $rc "tcp_fig1_client $i"
done
rc=0; bg_wait $server || rc=$?
tap_lines "$T/server.out" $rc tcp_fig2_server
done_testing
