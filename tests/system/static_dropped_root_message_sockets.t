#!/bin/bash
# A program `uipc run` started as root that drops to nobody still makes
# and uses message sockets (a UNIX datagram socketpair, a UDP socket),
# statically linked (served by the supervisor, which reads the program's
# descriptor limit from /proc/PID/limits when prlimit(2) is refused it,
# cmd/uipc/supervise_fd.c) and dynamically (the shim).  UIPC_NATIVE=1
# runs both on the kernel.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
need cc
can_drop_privilege || skip_all "needs root, setpriv and the user nobody"
in_own_netns
uipc_setup
cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/drop_then_msg" "$HERE/progs/drop_then_msg.c" 2>"$T/cc.err" ||
	skip_all "cc -static does not link here: $(head -1 "$T/cc.err")"
uid=$(id -u nobody) gid=$(getent group nogroup | cut -d: -f3)
tap_from on_uipc "$T/drop_then_msg" "$uid" "$gid"
tap_from on_uipc "$P/drop_then_msg" "$uid" "$gid"
done_testing
