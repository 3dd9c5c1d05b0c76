#!/bin/bash
# Keepalive and SO_LINGER between two hosts.  Keepalive (TCP_KEEPIDLE 1 s,
# TCP_KEEPINTVL 1 s, TCP_KEEPCNT 3) on arpa declares the peer dead once
# monet falls silent: `uipc ifconfig -H monet en0 down` takes monet off the
# segment (a stopped process would not do: its host's stack still answers),
# and arpa's blocked read fails with ETIMEDOUT (uipc only).  SO_LINGER with
# a zero linger time: the server's close sends RST and the client's read
# fails with ECONNRESET (natively too).
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 14
# said WORD FILE: a background program said "# WORD" (the file may not exist yet).
said() { grep -q "^# $1" "$2" 2>/dev/null || return 1; }
PORT=$((40000 + $$ % 20000))

# SO_LINGER {1, 0}: RST, ECONNRESET.
bg 60 "$T/lsrv.out" "${ON_MONET[@]}" "$P/tcp_errors" linger-server $PORT
srv=$BG_PID
if wait_for 30 said ready "$T/lsrv.out"; then
	tap_from "${ON_ARPA[@]}" "$P/tcp_errors" linger-client $MONET $PORT
	rc=0; bg_wait $srv || rc=$?
	tap_lines "$T/lsrv.out" $rc "tcp_errors linger-server"
else
	fail "linger server listens" "$(cat "$T/lsrv.out")"
fi

# Keepalive against a host gone silent.
keepalive_probes() {
	uipc_cmd netstat -s -H arpa | awk '$1 == "tcp" && $2 == "tcps_keepprobe" { print $3 }'
}
keepalive_probes_at_least() {
	local n; n=$(keepalive_probes); [ "${n:-0}" -ge "$1" ]
}
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "no segment to take down natively" "keepalive declares a silent peer dead"
	done_testing; exit
fi
PORT=$((PORT + 1))
bg 30 "$T/hold.out" "${ON_MONET[@]}" "$P/tcp_errors" hold $PORT
if ! wait_for 30 said ready "$T/hold.out"; then
	fail "holding server listens" "$(cat "$T/hold.out")"
	done_testing; exit
fi
bg 30 "$T/ka.out" "${ON_ARPA[@]}" "$P/tcp_errors" keepalive $MONET $PORT
ka=$BG_PID
if wait_for 30 said connected "$T/ka.out"; then
	# More probes than TCP_KEEPCNT (3) while monet answers: answered
	# probes keep the connection (the reader still blocks, nothing failed).
	if ! wait_for 30 keepalive_probes_at_least 4; then
		fail "arpa sent four keepalive probes" "tcps_keepprobe $(keepalive_probes)"
	elif grep -q 'not ok' "$T/ka.out" || ! kill -0 $ka 2>/dev/null; then
		fail "the connection survives answered keepalive probes" "$(cat "$T/ka.out")"
	else
		pass "the connection survives answered keepalive probes"
	fi
	check "uipc ifconfig -H monet en0 down" uipc_cmd ifconfig -H monet en0 down
fi
rc=0; bg_wait $ka || rc=$?
tap_lines "$T/ka.out" $rc "tcp_errors keepalive"
# monet back on the segment, so that the holding server's close reaches
# arpa (which answers with RST): nothing of the test is left behind.
check "uipc ifconfig -H monet en0 up" uipc_cmd ifconfig -H monet en0 up
done_testing
