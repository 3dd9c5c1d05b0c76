#!/bin/bash
# Debian's python3, unmodified, as client and server over a UNIX stream
# socket with the socket and selectors modules (non-blocking sockets): 100 MB
# of random data, equal sha256 at both ends.
. "$(dirname "$0")/../system/lib.sh"
need sha256sum
[ -x "$PYTHON" ] || skip_all "$PYTHON is not installed"
uipc_setup
head -c $((100 << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in" | cut -d' ' -f1)
bg2 60 "$T/server.out" "$T/server.err" on_uipc "$PYTHON" "$(dirname "$0")/pysel.py" server "$T/s"
server=$BG_PID
wait_socket "$T/s" || fail "python server bound $T/s" "$(cat "$T/server.err")"
rc=0; got=$(timeout 60 "${UIPC_RUN[@]}" "$PYTHON" "$(dirname "$0")/pysel.py" client "$T/s" "$T/in" 2>"$T/client.err") || rc=$?
is "$rc" 0 "python client exited 0"
is "$got" "$want" "the server's sha256 of what it received, as the client reports it, equals the file's"
rc=0; bg_wait $server || rc=$?
is "$rc" 0 "python server exited 0"
is "$(cat "$T/server.out")" "$want" "the server printed the same sha256"
[ -s "$T/client.err" ] && diag "client: $(cat "$T/client.err")"
[ -s "$T/server.err" ] && diag "server: $(cat "$T/server.err")"
done_testing
