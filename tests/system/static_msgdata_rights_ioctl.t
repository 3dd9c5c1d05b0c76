#!/bin/bash
# A statically linked program (no shim) on uipc, served by `uipc run`'s
# supervisor: read, write, readv and writev on message sockets (UDP, UNIX
# datagram and seqpacket), recv flags (MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT),
# SCM_RIGHTS both ways (a UDP socket passed keeps its framing),
# socketpair, FIONREAD of every kind of socket, SIOCATMARK and the
# interface ioctls (progs/msgdata.c); rights.c's socketpair, descriptor
# passing and credentials (the sending process's own pid, as the kernel
# gives it); and the UDP error queue, recvmsg(MSG_ERRQUEUE)
# (progs/recverr_errqueue.c).  The same sources run dynamically under the
# shim: both must give the same answers, and, natively (UIPC_NATIVE=1),
# the kernel's.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
need cc
# A program that fell off uipc would meet only this namespace's loopback.
in_own_netns
uipc_setup
cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/msgdata" "$HERE/progs/msgdata.c" 2>"$T/cc.err" &&
	cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/rights" "$HERE/progs/rights.c" 2>>"$T/cc.err" &&
	cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/recverr_errqueue" "$HERE/progs/recverr_errqueue.c" \
		2>>"$T/cc.err" ||
	skip_all "cc -static does not link here: $(head -1 "$T/cc.err")"
file -b "$T/msgdata" | grep -q 'statically linked' || skip_all "cc -static made no static program"

# The dynamic program under the shim, then the static one under the supervisor.
for how in dynamic static; do
	[ $how = dynamic ] && prog=$P/msgdata || prog=$T/msgdata
	tap_from on_uipc "$prog"
	timeout 60 "${UIPC_RUN[@]}" "$prog" >"$T/out.$how" 2>&1
	grep '^# if ' "$T/out.$how" >"$T/if.$how"
done
check "the static program lists interfaces" test -s "$T/if.static"
is "$(cat "$T/if.static")" "$(cat "$T/if.dynamic")" \
	"the static program's interfaces, addresses and indexes are the dynamic one's"

tap_from on_uipc "$T/rights" socketpair
printf hello >"$T/file"
bg 30 "$T/recv.out" on_uipc "$T/rights" recv "$T/s"
recv=$BG_PID
wait_socket "$T/s" || fail "the static receiver bound its name"
tap_from on_uipc "$T/rights" send "$T/s" "$T/file"
rc=0; bg_wait $recv || rc=$?
tap_lines "$T/recv.out" $rc "rights recv (static)"
# Credentials: a stream's are the program's own (the kernel attaches them
# on the channel); a message socket's and SO_PEERCRED are uipcd's view of
# the sender, the process the supervisor speaks for (CTL_ACTFOR), its pid
# what getpid() says in the sender, statically as dynamically.
tap_from on_uipc "$P/rights" creds
tap_from on_uipc "$T/rights" creds
# The error queue through the supervisor, as through the shim (which
# udp_recverr_errqueue runs): the queued error, never the data.
tap_from on_uipc "$T/recverr_errqueue"
done_testing
