#!/bin/bash
# A TCP socket closed while its connection is still being made (SYN_SENT)
# is gone at once, as on Linux: not left retransmitting its SYN.  monet is
# known to arpa (its address resolved), then taken off the segment, so that
# arpa's SYN goes unanswered; arpa's program starts a non-blocking connect
# to it and closes the socket.  uipc only (natively there is no segment).
. "$(dirname "$0")/lib.sh"
require_uipc
need python3
uipc_setup_two_hosts 15
PORT=$((40000 + $$ % 20000))
# A connect refused first: arpa learns monet's hardware address.
out=$(timeout 20 "${ON_ARPA[@]}" $PYTHON -c '
import socket, sys
s = socket.socket()
print(s.connect_ex((sys.argv[1], int(sys.argv[2]))) != 0)' $MONET $PORT 2>&1)
is "$out" True "a connect to monet, refused (its address resolved)"
check "uipc ifconfig -H monet en0 down" uipc_cmd ifconfig -H monet en0 down
out=$(timeout 20 "${ON_ARPA[@]}" $PYTHON -c '
import errno, socket, sys
s = socket.socket(); s.setblocking(False)
e = s.connect_ex((sys.argv[1], int(sys.argv[2])))
print(errno.errorcode.get(e, e)); s.close()' $MONET $PORT 2>&1)
is "$out" EINPROGRESS "a non-blocking connect to monet, silent now, is in progress"
# Its SYN would be retransmitted for over a minute: a few seconds tell.
if wait_for 5 _uipcd_clean; then
	pass "closed in SYN_SENT, the socket is gone at once"
else
	fail "closed in SYN_SENT, the socket is gone at once" "$(_uipcd_left)"
fi
check "uipc ifconfig -H monet en0 up" uipc_cmd ifconfig -H monet en0 up
done_testing
