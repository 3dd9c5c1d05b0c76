#!/bin/bash
# uipc netstat's selection and columns.  A program holds a TCP listener
# (LISTEN), a TCP socket bound but not listening (CLOSED), an unbound UNIX
# socket (UNBOUND) and a connection to its listener (ESTABLISHED, both
# ends).  Without -a, as BSD's netstat, only the connection is listed; -a
# lists all; --state and --exclude-state select by state (any case); a
# LISTEN or CLOSED socket shows no RTT or CWND; the PID and PROGRAM
# columns name the program holding the sockets.
. "$(dirname "$0")/lib.sh"
require_uipc
uipc_setup
ns() { "$UIPC_BUILD/bin/uipc" netstat "$@"; }

bg 60 "$T/prog.log" on_uipc "$PYTHON" -c '
import os, socket, sys, time
l = socket.socket(); l.bind(("0.0.0.0", 7200)); l.listen(5)
b = socket.socket(); b.bind(("0.0.0.0", 7201))
u = socket.socket(socket.AF_UNIX)
c = socket.create_connection(("127.0.0.1", 7200)); a, _ = l.accept()
c.sendall(b"x"); a.recv(1)
with open(sys.argv[1] + ".new", "w") as f: f.write(str(os.getpid()))
os.rename(sys.argv[1] + ".new", sys.argv[1])
for i in range(3000):
    if os.path.exists(sys.argv[1] + ".stop"): break
    time.sleep(0.01)' "$T/ready"
prog=$BG_PID
wait_for 30 test -e "$T/ready"
is "$?" 0 "the program holds its sockets"
pid=$(cat "$T/ready")

out=$(ns)
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $5 }' | sort -u | tr '\n' ' ')" "ESTABLISHED " \
    "without -a only connections are listed (no LISTEN, CLOSED, UNBOUND)"
is "$(printf '%s\n' "$out" | awk 'NR > 1' | wc -l)" 2 "both ends of the connection"
is "$(printf '%s\n' "$out" | head -1 | awk '{ print $13, $14 }')" "PID PROGRAM" "the header names PID and PROGRAM"

all=$(ns -a)
row() { printf '%s\n' "$all" | awk -v s="$1" -v l="$2" '$5 == s && $6 == l'; }
listen=$(row LISTEN '*:7200')
closed=$(row CLOSED '*:7201')
[ -n "$listen" ] && pass "-a lists the listener" || fail "-a lists the listener" "$all"
[ -n "$closed" ] && pass "-a lists the bound, unconnected TCP socket as CLOSED" || fail "-a lists CLOSED" "$all"
printf '%s\n' "$all" | awk '$5 == "UNBOUND" && $3 == "unix"' | grep -q . &&
	pass "-a lists the unbound UNIX socket" || fail "-a lists the unbound UNIX socket" "$all"
is "$(printf '%s\n' "$listen" | awk '{ print $11, $12 }')" "- -" "LISTEN shows no RTT-US or CWND"
is "$(printf '%s\n' "$closed" | awk '{ print $10, $11, $12 }')" "- - -" "CLOSED shows no QLEN, RTT-US or CWND"
is "$(printf '%s\n' "$listen" | awk '{ print $10 }')" 0 "LISTEN shows its queue (empty)"
rtt=$(printf '%s\n' "$all" | awk '$5 == "ESTABLISHED" { print $11; exit }')
case $rtt in [0-9]*) pass "ESTABLISHED shows its RTT ($rtt us)" ;; *) fail "ESTABLISHED shows its RTT" "$all" ;; esac
is "$(printf '%s\n' "$listen" | awk '{ print $13, $14 }')" "$pid python3" "PID and PROGRAM name the holder"

is "$(ns --state LISTEN | awk 'NR > 1 { print $5, $6 }')" "LISTEN *:7200" "--state LISTEN lists the listener alone"
is "$(ns --state listen,closed | awk 'NR > 1 { print $5 }' | sort | tr '\n' ' ')" "CLOSED LISTEN " \
    "--state takes a list, in any case"
is "$(ns -S time-wait | awk 'NR > 1' | wc -l)" 0 "-S time-wait: none here"
is "$(ns -a --exclude-state ESTABLISHED | awk 'NR > 1 { print $5 }' | sort -u | tr '\n' ' ')" \
    "CLOSED LISTEN UNBOUND " "--exclude-state ESTABLISHED with -a hides the connection"
ns -q >/dev/null 2>&1
is "$?" 2 "an unknown option: usage, status 2"

touch "$T/ready.stop"
bg_wait "$prog"
ok_if $? "the program ran to its end"
done_testing
