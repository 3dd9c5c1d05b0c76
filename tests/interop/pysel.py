#!/usr/bin/python3
"""pysel.py: a UNIX-domain stream client and server in Python, built on the
socket and selectors modules with non-blocking sockets, for the interop
tests (run by Debian's unmodified python3, under `uipc run`).

  pysel.py server PATH        accepts one connection, hashes all it reads
                              until EOF, answers with the sha256 hex digest
                              and prints it
  pysel.py client PATH FILE   sends FILE, shuts down its sending side,
                              prints the server's digest
"""
import hashlib
import os
import selectors
import socket
import sys


def server(path):
    sel = selectors.DefaultSelector()
    lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    lsock.bind(path)
    lsock.listen(5)
    lsock.setblocking(False)
    sel.register(lsock, selectors.EVENT_READ)
    h = hashlib.sha256()
    conn = None
    reply = None
    while True:
        events = sel.select(timeout=50)
        if not events:
            sys.exit("server: no progress in 50 s")
        for key, mask in events:
            if key.fileobj is lsock:
                conn, _ = lsock.accept()
                conn.setblocking(False)
                sel.unregister(lsock)
                sel.register(conn, selectors.EVENT_READ)
            elif mask & selectors.EVENT_READ:
                data = conn.recv(1 << 16)
                if data:
                    h.update(data)
                else:
                    reply = (h.hexdigest() + "\n").encode()
                    sel.modify(conn, selectors.EVENT_WRITE)
            elif mask & selectors.EVENT_WRITE:
                n = conn.send(reply)
                reply = reply[n:]
                if not reply:
                    sel.unregister(conn)
                    conn.close()
                    lsock.close()
                    os.unlink(path)
                    print(h.hexdigest())
                    return


def client(path, file):
    sel = selectors.DefaultSelector()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.setblocking(False)
    sel.register(sock, selectors.EVENT_WRITE)
    answer = b""
    with open(file, "rb") as f:
        pending = b""
        eof = False
        while True:
            events = sel.select(timeout=50)
            if not events:
                sys.exit("client: no progress in 50 s")
            for key, mask in events:
                if mask & selectors.EVENT_WRITE:
                    if not pending and not eof:
                        pending = f.read(1 << 16)
                        if not pending:
                            eof = True
                            sock.shutdown(socket.SHUT_WR)
                            sel.modify(sock, selectors.EVENT_READ)
                            continue
                    try:
                        n = sock.send(pending)
                    except BlockingIOError:
                        n = 0
                    pending = pending[n:]
                elif mask & selectors.EVENT_READ:
                    data = sock.recv(4096)
                    if not data:
                        sel.unregister(sock)
                        sock.close()
                        print(answer.decode().strip())
                        return
                    answer += data


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "server":
        server(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "client":
        client(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
