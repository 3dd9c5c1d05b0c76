#!/bin/bash
# A TCP socket is made in uipcd on its first use (its making rides ahead of
# the first request, sparing a round trip): it must be the same socket in
# every process that holds it.  A socket made by a forked child is the
# parent's too; an unmade socket passed with SCM_RIGHTS arrives usable.
. "$(dirname "$0")/lib.sh"
need python3
uipc_setup
cat >"$T/lazy.py" <<'PY'
import os, socket
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(5)
port = srv.getsockname()[1]
s = socket.socket()
pid = os.fork()
if pid == 0:
    s.connect(("127.0.0.1", port)); s.sendall(b"child"); os._exit(0)
a, _ = srv.accept()
os.waitpid(pid, 0)
print("ok - a socket connected by the child" if a.recv(8) == b"child" else "not ok - a socket connected by the child")
print("ok - is connected in the parent too" if s.getpeername()[1] == port else "not ok - is connected in the parent too")
x, y = socket.socketpair()
t = socket.socket()
socket.send_fds(x, [b"t"], [t.fileno()])
pid = os.fork()
if pid == 0:
    _, fds, _, _ = socket.recv_fds(y, 8, 1)
    u = socket.socket(fileno=fds[0]); u.connect(("127.0.0.1", port)); u.sendall(b"passed"); os._exit(0)
b, _ = srv.accept()
os.waitpid(pid, 0)
print("ok - an unmade socket passed with SCM_RIGHTS connects in the receiver" if b.recv(8) == b"passed"
      else "not ok - an unmade socket passed with SCM_RIGHTS connects in the receiver")
PY
tap_from on_uipc python3 "$T/lazy.py"
done_testing
