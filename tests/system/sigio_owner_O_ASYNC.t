#!/bin/bash
# SIGIO reaches the owner of a socket set for asynchronous I/O (primer §5.6:
# "interrupt driven i/o"): F_SETOWN (or SIOCSPGRP) names the owner, O_ASYNC
# asks for the signal, and data arriving from another process raises it.
. "$(dirname "$0")/lib.sh"
need python3
uipc_setup
cat >"$T/sigio.py" <<'PY'
import fcntl, os, signal, socket, sys, time
got = []
signal.signal(signal.SIGIO, lambda s, f: got.append(s))
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
fcntl.fcntl(a, fcntl.F_SETOWN, os.getpid())
fcntl.fcntl(a, fcntl.F_SETFL, fcntl.fcntl(a, fcntl.F_GETFL) | os.O_ASYNC)
pid = os.fork()
if pid == 0:
    time.sleep(0.2)
    b.send(b"wake")
    os._exit(0)
deadline = time.time() + 10
while not got and time.time() < deadline:
    time.sleep(0.01)
os.waitpid(pid, 0)
print("ok - SIGIO delivered to the owner" if got else "not ok - SIGIO delivered to the owner")
print("ok - the data is there to read" if a.recv(16) == b"wake" else "not ok - the data is there to read")
PY
tap_from on_uipc python3 "$T/sigio.py"
done_testing
