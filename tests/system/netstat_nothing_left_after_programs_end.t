#!/bin/bash
# When programs end, their sockets go: after an echo through a UNIX-domain
# name where both sides shut their writing half before closing, a TCP
# exchange and a UDP one, `uipc netstat` lists nothing but TCP's TIME_WAIT.
. "$(dirname "$0")/lib.sh"
require_uipc
need python3
uipc_setup
# An echo over a UNIX-domain name where each side shuts its writing half
# before it closes, as socat does (the path of a leak once fixed here).
cat >"$T/echo.py" <<'PY'
import os, socket, sys, time
path = sys.argv[1]
srv = socket.socket(socket.AF_UNIX); srv.bind(path); srv.listen(1)
if os.fork() == 0:
    c = socket.socket(socket.AF_UNIX); c.connect(path)
    c.sendall(b"hello"); c.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        d = c.recv(64)
        if not d:
            break
        got += d
    print(got.decode()); c.close(); os._exit(0)
a, _ = srv.accept()
data = b""
while True:
    d = a.recv(64)
    if not d:
        break
    data += d
a.sendall(data); a.shutdown(socket.SHUT_WR); a.close(); srv.close()
os.wait()
PY
is "$(timeout 20 "${UIPC_RUN[@]}" python3 "$T/echo.py" "$T/echo")" "hello" "an echo where both sides half-close, then close"
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
left() { "$UIPC_BUILD/bin/uipc" netstat -a | awk 'NR > 1 && $5 != "TIME_WAIT"'; }
wait_for 10 sh -c "[ -z \"\$('$UIPC_BUILD/bin/uipc' netstat -a | awk 'NR > 1 && \$5 != \"TIME_WAIT\"')\" ]"
is "$(left)" "" "netstat lists no socket but TIME_WAIT once the programs ended"
done_testing
