#!/bin/bash
# When no uipcd answers, a program under the shim gets a clear error at once
# (ENETDOWN, and one line on stderr naming the socket), never a hang; `uipc
# run` starts a uipcd itself when none answers; SIGTERM ends uipcd in
# order, removing its control socket.
. "$(dirname "$0")/lib.sh"
require_uipc
need python3
T=$(mktemp -d /tmp/uipc-test.XXXXXX)
trap 'pkill -TERM -f "uipcd -s $T/auto.sock" 2>/dev/null; rm -rf "$T"' EXIT
prog='import socket, errno, sys
try:
    socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    print("created")
except OSError as e:
    print(errno.errorcode[e.errno])'
out=$(UIPC_SOCKET=$T/none.sock LD_PRELOAD=$UIPC_BUILD/lib/libuipc_preload.so timeout 10 python3 -c "$prog" 2>"$T/err")
is "$out" "ENETDOWN" "no uipcd: socket() fails with ENETDOWN"
grep -q "cannot reach uipcd at $T/none.sock" "$T/err"
is "$?" 0 "and stderr says which socket it tried"

out=$(UIPC_SOCKET=$T/auto.sock timeout 20 "$UIPC_BUILD/bin/uipc" run python3 -c "$prog" 2>"$T/err2")
is "$out" "created" "uipc run started a uipcd and the program got its socket"
pid=$(pgrep -f "uipcd -s $T/auto.sock")
[ -n "$pid" ]; is "$?" 0 "the started uipcd is running"
test -S "$T/auto.sock"; is "$?" 0 "and its control socket exists"
kill -TERM $pid 2>/dev/null
wait_for 10 sh -c "! kill -0 $pid 2>/dev/null"; is "$?" 0 "SIGTERM ends uipcd"
test -e "$T/auto.sock"; is "$?" 1 "and it removed its control socket"
done_testing
