#!/bin/bash
# rresvport, rcmd, bindresvport and rexec between two uipc hosts (issue 9):
# glibc's own would make their sockets past the shim.  Small rsh and rexec
# servers on monet (the protocols of rshd(8) and rexecd(8): reserved ports
# both ways for rsh, the standard-error connection back, the one-byte
# answer) and clients on arpa; run in a network namespace of the test's
# own, so that nothing can leak.
. "$(dirname "$0")/lib.sh"
in_own_netns
uipc_setup_two_hosts 7
[ "$(id -u)" = 0 ] || skip_all "reserved ports need uid 0"
if [ "$UIPC_NATIVE" = 1 ]; then SERVER=127.0.0.1; else SERVER=monet; fi
bg 40 "$T/server.out" "${ON_MONET[@]}" "$P/rsh_mini" server 5140 3
server=$BG_PID
wait_for 20 grep -q listening "$T/server.out" || fail "rsh server listening" "$(cat "$T/server.out")"
tap_from "${ON_ARPA[@]}" "$P/rsh_mini" client "$SERVER" 5140 "$T"
st=0; bg_wait $server || st=$?
tap_lines "$T/server.out" $st "rsh_mini server"

bg 40 "$T/rexecd.out" "${ON_MONET[@]}" "$P/rsh_mini" rexecd 5120 3
rexecd=$BG_PID
wait_for 20 grep -q listening "$T/rexecd.out" || fail "rexec server listening" "$(cat "$T/rexecd.out")"
tap_from "${ON_ARPA[@]}" "$P/rsh_mini" rexec "$SERVER" 5120 "$T"
st=0; bg_wait $rexecd || st=$?
tap_lines "$T/rexecd.out" $st "rsh_mini rexecd"
done_testing
