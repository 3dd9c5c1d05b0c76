#!/bin/bash
# `uipc netstat -s` counts TCP's events per host (a refused connect: a
# connection attempt on one host, a RST for no port on the other), and
# `uipc netstat` shows a connection's TCP state, addresses, round-trip
# time and congestion window.
. "$(dirname "$0")/lib.sh"
require_uipc
need python3
UIPCD_CONF_TEXT='segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
host cad
	interface en0 segment lan address 10.0.0.2/24'
uipc_setup
on_host() { local h=$1; shift; "$UIPC_BUILD/bin/uipc" run -H "$h" -- "$@"; }
out=$(on_host arpa python3 -c '
import socket, errno
s = socket.socket()
try:
    s.connect(("10.0.0.2", 9))
except OSError as e:
    print(errno.errorcode[e.errno])')
is "$out" "ECONNREFUSED" "connect to a port nobody listens on: ECONNREFUSED"
stat() { "$UIPC_BUILD/bin/uipc" netstat -s -H "$1" | awk -v k="$2" '$1 == "tcp" && $2 == k { print $3 }'; }
is "$(stat arpa tcps_connattempt)" "1" "netstat -s on arpa counts the connection attempt"
is "$(stat cad tcps_noport)" "1" "netstat -s on cad counts the segment for no port (answered with RST)"
bg 60 "$T/srv.out" "$UIPC_BUILD/bin/uipc" run -H cad -- python3 -c '
import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 7000)); s.listen(1)
a, _ = s.accept(); a.recv(16); time.sleep(30)'
listening() { "$UIPC_BUILD/bin/uipc" netstat -a | grep -q 'LISTEN *\*:7000'; }
wait_for 20 listening || fail "cad listens on port 7000" "$("$UIPC_BUILD/bin/uipc" netstat -a)"
bg 60 "$T/cli.out" "$UIPC_BUILD/bin/uipc" run -H arpa -- python3 -c '
import socket, time
c = socket.create_connection(("10.0.0.2", 7000)); c.sendall(b"hello"); time.sleep(30)'
wait_for 10 sh -c "'$UIPC_BUILD/bin/uipc' netstat | grep -q 'ESTABLISHED *10.0.0.1:[0-9]* *10.0.0.2:7000'"
is "$?" 0 "netstat shows arpa's side ESTABLISHED with both addresses"
# The data was acknowledged, so TCP has measured the round trip: a positive
# figure under a second (the segment adds no delay), and a window of at
# least one segment.
acked() {
	"$UIPC_BUILD/bin/uipc" netstat | awk '$5 == "ESTABLISHED" && $7 == "10.0.0.2:7000" && $9 == 0 { f = 1 } END { exit !f }'
}
wait_for 10 acked
row=$("$UIPC_BUILD/bin/uipc" netstat | awk '$5 == "ESTABLISHED" && $7 == "10.0.0.2:7000" { print $11, $12 }')
read -r rtt cwnd <<<"$row"
if [[ $rtt =~ ^[0-9]+$ ]] && [ "$rtt" -gt 0 ] && [ "$rtt" -lt 1000000 ]; then
	pass "and its round-trip time, measured ($rtt us)"
else
	fail "and its round-trip time, measured" "got '$rtt'"
fi
if [[ $cwnd =~ ^[0-9]+$ ]] && [ "$cwnd" -ge 1 ]; then
	pass "and its congestion window ($cwnd segments)"
else
	fail "and its congestion window" "got '$cwnd'"
fi
done_testing
