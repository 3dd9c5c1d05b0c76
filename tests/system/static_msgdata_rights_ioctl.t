#!/bin/bash
# A statically linked program (no shim) on uipc, served by `uipc run`'s
# supervisor: read, write, readv and writev on message sockets (UDP, UNIX
# datagram and seqpacket), SCM_RIGHTS both ways (a UDP socket passed keeps
# its framing), socketpair, FIONREAD, SIOCATMARK and the interface ioctls
# (progs/msgdata.c), and rights.c's socketpair and descriptor passing.  The
# same source runs dynamically under the shim: both must give the same
# answers, and, natively (UIPC_NATIVE=1), the kernel's.
. "$(dirname "$0")/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
need cc
# A program that fell off uipc would meet only this namespace's loopback.
in_own_netns
uipc_setup
cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/msgdata" "$HERE/progs/msgdata.c" 2>"$T/cc.err" &&
	cc -static -std=gnu11 -D_GNU_SOURCE -O2 -o "$T/rights" "$HERE/progs/rights.c" 2>>"$T/cc.err" ||
	skip_all "cc -static does not link here: $(head -1 "$T/cc.err")"
file -b "$T/msgdata" | grep -q 'statically linked' || skip_all "cc -static made no static program"

# The dynamic program under the shim, then the static one under the supervisor.
for how in dynamic static; do
	[ $how = dynamic ] && prog=$P/msgdata || prog=$T/msgdata
	tap_from on_uipc "$prog"
	timeout 60 "${UIPC_RUN[@]}" "$prog" >"$T/out.$how" 2>&1
	grep '^# if ' "$T/out.$how" >"$T/if.$how"
	is "$(sed -n 's/^# seqpacket FIONREAD //p' "$T/out.$how")" 11 \
		"$how: FIONREAD on a seqpacket counts every byte queued (Linux)"
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
# the sender, the supervisor (known gap).
tap_from on_uipc "$T/rights" creds
done_testing
