#!/bin/bash
# Linux's abstract UNIX-domain names (sun_path[0] == 0) on uipc as on the
# kernel (issue 10): bind, connect and sendto for stream, datagram and
# seqpacket; the exact address length (offsetof(sun_path) + the name's
# bytes, no NUL added) from getsockname, getpeername, accept, recvfrom and
# recvmsg; NULs inside names; EADDRINUSE; the name free once its socket's
# last descriptor closes; autobind's "\0" + five hex digits.  Each uipc host
# has a namespace of its own, as each Linux network namespace does: a name
# held on arpa is not seen on monet (natively: the holder in this test's
# network namespace, the other side in one more of its own).  uipc netstat
# shows such a name as ss(8) does.
. "$(dirname "$0")/lib.sh"
in_own_netns
uipc_setup_two_hosts 11
if [ "$UIPC_NATIVE" = 1 ]; then ON_MONET=(unshare -n --); fi
tap_from on_uipc "$P/abstract_names" local

NAME="uipc-abs-held-$$"
bg 60 "$T/hold.out" "${ON_ARPA[@]}" "$P/abstract_names" hold "$NAME"
wait_for 20 grep -q listening "$T/hold.out" || fail "the holder listens on arpa" "$(cat "$T/hold.out")"
tap_from "${ON_ARPA[@]}" "$P/abstract_names" seen "$NAME"
tap_from "${ON_MONET[@]}" "$P/abstract_names" unseen "$NAME"
# uipc netstat shows the name as ss(8) does, '@' for its leading NUL, on arpa.
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "uipc netstat names the abstract listener @NAME on arpa" "uipc's own command"
else
	is "$(uipc_cmd netstat -a | awk -v n="@$NAME" '$6 == n && $5 == "LISTEN" { print $2, $4, $5 }')" "arpa stream LISTEN" \
	    "uipc netstat names the abstract listener @NAME on arpa"
fi
done_testing
