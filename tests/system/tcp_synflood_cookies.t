#!/bin/bash
# A SYN flood (RFC 4987): a raw socket on arpa sends 10,000 SYNs from forged
# sources to a listener (backlog 128) on monet.  The first 129 fill its
# queue of half-open connections, which their forged sources never
# complete; every later SYN is answered with a SYN cookie (§3.6), so a
# client on arpa still connects 100 times and moves data, each connection
# made by the cookie its ACK brings back.  `uipc netstat -s` counts the
# cookies sent and accepted.  uipc only: forging sources on the Linux
# kernel's loopback is no test of uipc, and needs the machine's root.
. "$(dirname "$0")/lib.sh"
require_uipc
[ "$(id -u)" = 0 ] || skip_all "a raw socket needs root"
uipc_setup_two_hosts 17
PORT=$((40000 + $$ % 20000))
NFLOOD=10000
NCONN=100
stat() { uipc_cmd netstat -s -H monet | awk -v k="$1" '$1 == "tcp" && $2 == k { print $3 }'; }
at_least() { local v; v=$(stat "$1"); [ -n "$v" ] && [ "$v" -ge "$2" ]; }

bg 200 "$T/serve.out" "${ON_MONET[@]}" "$P/synflood" serve $PORT $NCONN 128 "$T/stop"
SERVE=$BG_PID
wait_for 20 grep -q listening "$T/serve.out"
check "the server listens on monet" grep -q listening "$T/serve.out"

bg 200 "$T/flood.out" "${ON_ARPA[@]}" "$P/synflood" flood $MONET $PORT $NFLOOD 0x5eed
FLOOD=$BG_PID
# The half-open queue is full once 129 connections are being made.
check "the flood fills the listener's half-open queue (129 connections half made)" \
	wait_for 60 at_least tcps_accepts 129

tap_from "${ON_ARPA[@]}" "$P/synflood" connect $MONET $PORT $NCONN 4096

rc=0; bg_wait $FLOOD || rc=$?
tap_lines "$T/flood.out" $rc "synflood flood"

# Every forged SYN after the first 129 gets a cookie, unless the half-open
# connections time out (75 s) meanwhile and some take their places.  The
# last of the flood may still be on its way to monet: wait for the count.
check "netstat -s counts the forged SYNs answered with cookies (at least $((NFLOOD * 9 / 10)))" \
	wait_for 60 at_least tcps_sc_sendcookie $((NFLOOD * 9 / 10))
check "netstat -s counts connections made from cookies (at least one)" \
	at_least tcps_sc_recvcookie 1
sent=$(stat tcps_sc_sendcookie); good=$(stat tcps_sc_recvcookie)
bad=$(stat tcps_sc_badcookie); drop=$(stat tcps_listendrop)
diag "monet: cookies sent $sent, accepted $good, refused $bad; SYNs dropped $drop"
# The listener stays until here, so that no forged SYN finds it gone.
touch "$T/stop"
rc=0; bg_wait $SERVE || rc=$?
tap_lines "$T/serve.out" $rc "synflood serve"
is "$bad" 0 "no cookie refused: only the real client answered"
is "$(uipc_cmd netstat -s -H monet | awk '$1 == "tcp" && $2 == "tcps_sc_badcookie" { n++ } END { print n }')" 1 \
	"netstat -s shows the cookie counters"
done_testing
