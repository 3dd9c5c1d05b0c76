#!/bin/bash
# The primer's Figure 5 over TCP between two hosts: the receiver on monet,
# owner of its socket (F_SETOWN, then SIOCSPGRP), flushes the data before
# the mark in its SIGURG handler with SIOCATMARK and reads the urgent byte
# with MSG_OOB; the sender on arpa sends it with send(MSG_OOB) as TCP urgent
# data.  Natively both ends are on 127.0.0.1.
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 12
# said WORD FILE: a background program said "# WORD" (the file may not exist yet).
said() { grep -q "^# $1" "$2" 2>/dev/null || return 1; }
PORT=$((40000 + $$ % 20000))
for how in fsetown siocspgrp; do
	diag "owner set by $how"
	bg 30 "$T/recv.$how" "${ON_MONET[@]}" "$P/tcp_oob_fig5" recv $PORT $how
	recv=$BG_PID
	if ! wait_for 30 said ready "$T/recv.$how"; then
		fail "receiver listens ($how)" "$(cat "$T/recv.$how")"
		continue
	fi
	tap_from "${ON_ARPA[@]}" "$P/tcp_oob_fig5" send $MONET $PORT
	rc=0; bg_wait $recv || rc=$?
	tap_lines "$T/recv.$how" $rc "tcp_oob_fig5 recv $how"
	PORT=$((PORT + 1))
done
done_testing
