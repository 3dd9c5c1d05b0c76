#!/bin/bash
# How connect ends over TCP: with backlog 1 and a server that does not
# accept, further connects are not refused but wait (their SYN ignored) and
# complete once it accepts; ECONNREFUSED from a port nobody listens on, on
# another host (an RST); ETIMEDOUT or EHOSTUNREACH for an address on the
# segment that no host has (uipc only: natively there is no such segment).
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 13
PORT=$((40000 + $$ % 20000))
tap_from "${ON_MONET[@]}" "$P/tcp_errors" backlog $MONET $PORT
tap_from "${ON_ARPA[@]}" "$P/tcp_errors" refused $MONET $((PORT + 1))
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "no segment natively" "connect to an address no host has"
else
	tap_from "${ON_ARPA[@]}" "$P/tcp_errors" unreach 10.0.0.77 $((PORT + 2)) 30
fi
done_testing
