#!/bin/bash
# sendfile and splice from a file to a uipc TCP and UNIX stream socket
# (the received bytes' sha256 the file's), and to and from message
# sockets (one call, one message; issue 9), each as Linux answers.
. "$(dirname "$0")/lib.sh"
uipc_setup
head -c 3000000 /dev/urandom >"$T/src"
tap_from on_uipc "$P/sendfile" "$T"
want=$(sha256sum <"$T/src" | cut -d' ' -f1)
for f in tcp.sendfile tcp.splice unix.sendfile unix.splice; do
	got=$(sha256sum <"$T/$f" 2>/dev/null | cut -d' ' -f1)
	is "$got" "$want" "$f: the bytes received have the file's sha256"
done
done_testing
