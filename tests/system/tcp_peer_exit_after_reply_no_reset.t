#!/bin/bash
# A TCP server child that accepts, reads the request, replies and exits at
# once closes its connection with a FIN, not a RST: in each of 1,000 rounds
# the client reads the reply and then EOF, and getpeername still names the
# server (CLOSE_WAIT, RFC 793 §3.5).  On uipc the child's exit hangs up the
# accepted connection's channel and its listener's in the same turn; the
# connection was accepted all the same and must not be reset as one left
# unaccepted in the listener's channel is (src/sys/chan_token.c).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/peer_exit_reply" 1000
if [ "$UIPC_NATIVE" != 1 ]; then
	# uipc only: TCP's own count of resets, none sent or received.
	stat() { uipc_cmd netstat -s | awk -v k="$1" '$1 == "tcp" && $2 == k { print $3 }'; }
	is "$(stat tcps_sndrst)" "0" "netstat -s: no RST sent in the 1,000 rounds"
	is "$(stat tcps_rcvrst)" "0" "netstat -s: no RST received in the 1,000 rounds"
	is "$(stat tcps_drops)" "0" "netstat -s: no connection dropped in the 1,000 rounds"
fi
done_testing
