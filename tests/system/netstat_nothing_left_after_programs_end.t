#!/bin/bash
# When programs end, their sockets go: after socat's echo service through a
# UNIX-domain name (socat shuts its writing half, then closes: both halves
# shut before the close), a python3 TCP exchange and a UDP one, `uipc
# netstat` lists nothing but TCP's TIME_WAIT.
. "$(dirname "$0")/lib.sh"
require_uipc
need socat python3
uipc_setup
( exec timeout 20 "${UIPC_RUN[@]}" socat -t 5 UNIX-LISTEN:"$T/echo" EXEC:cat ) >/dev/null 2>&1 &
_bg_pids="$_bg_pids $!"
wait_socket "$T/echo"
# The name exists from bind on, before socat listens: try until it answers.
got=""
for i in $(seq 1 50); do
	got=$(echo hello | timeout 10 "${UIPC_RUN[@]}" socat -t 5 - UNIX-CONNECT:"$T/echo" 2>/dev/null) && [ -n "$got" ] && break
	sleep 0.1
done
is "$got" "hello" "socat's echo service answers"
out=$(timeout 20 "${UIPC_RUN[@]}" python3 -c '
import socket, os
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname()); a, _ = s.accept()
c.sendall(b"ping"); c.shutdown(socket.SHUT_WR); print(a.recv(8).decode(), end=" ")
a.close(); c.close(); s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0))
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); v.sendto(b"dgram", u.getsockname())
print(u.recv(8).decode())')
is "$out" "ping dgram" "a TCP and a UDP exchange"
left() { "$UIPC_BUILD/bin/uipc" netstat | awk 'NR > 1 && $5 != "TIME_WAIT"'; }
wait_for 10 sh -c "[ -z \"\$('$UIPC_BUILD/bin/uipc' netstat | awk 'NR > 1 && \$5 != \"TIME_WAIT\"')\" ]"
is "$(left)" "" "netstat lists no socket but TIME_WAIT once the programs ended"
done_testing
