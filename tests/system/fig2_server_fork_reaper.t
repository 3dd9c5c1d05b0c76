#!/bin/bash
# The primer's Figure 2 server loop with the §5.6 SIGCHLD reaper, in the
# UNIX domain: a forked child per client, several clients served at once,
# accept returning EINTR as children exit and the loop going on.  Server and
# clients are unrelated processes that meet only through the name $T/server.
. "$(dirname "$0")/lib.sh"
uipc_setup
N=5
bg 50 "$T/server.out" on_uipc "$P/fig2_server" "$T/server" $N
server=$BG_PID
if ! wait_socket "$T/server"; then
	fail "server bound its name" "$(cat "$T/server.out")"
	done_testing; exit
fi
pass "server bound its name $T/server"
pids=()
for i in $(seq 1 $N); do
	bg 50 "$T/client.$i.out" on_uipc "$P/fig2_client" "$T/server" $i "$T/go"
	pids+=("$BG_PID")
done
# Every client is greeted by a child of its own before any sends its request:
# the server serves them all at once.
all_greeted() {
	local i
	for i in $(seq 1 $N); do grep -q '^# greeted' "$T/client.$i.out" || return 1; done
}
if wait_for 20 all_greeted; then pass "all $N clients connected and greeted at once"; else fail "all $N clients connected and greeted at once"; fi
is "$(cat "$T"/client.*.out | sed -n 's/^# greeted //p' | sort -u | wc -l)" $N "each client served by a different child process"
touch "$T/go"
for i in $(seq 1 $N); do
	rc=0; bg_wait "${pids[$((i - 1))]}" || rc=$?
	tap_lines "$T/client.$i.out" $rc "fig2_client $i"
done
rc=0; bg_wait $server || rc=$?
tap_lines "$T/server.out" $rc fig2_server
check "the server removed its name on the way out" test ! -e "$T/server"
done_testing
