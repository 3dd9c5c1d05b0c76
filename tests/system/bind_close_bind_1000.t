#!/bin/bash
# bind, close and bind again, 1000 times each, of a UDP port, a listening TCP
# port, a TCP port bound only, and a UNIX-domain name (unlinked between, as
# Linux keeps the node): every bind succeeds, as on the kernel, where a
# socket that never connected frees its port the moment close() returns.
# The same again as the unprivileged user nobody.
. "$(dirname "$0")/lib.sh"
uipc_setup
mkdir -m 1777 "$T/names"
for kind in udp tcplisten tcpbound unix; do
	tap_from on_uipc "$P/bind_close_bind" $kind 1000 "$T/names"
done
if can_drop_privilege; then
	for kind in udp tcplisten tcpbound unix; do
		out=$(as_nobody timeout 120 "${UIPC_RUN[@]}" "$P/bind_close_bind" $kind 1000 "$T/names" 2>&1)
		rc=$?
		case $rc:$out in
		0:*"ok - 1000 times"*) pass "as nobody: 1000 times bind, close, bind again ($kind)" ;;
		*) fail "as nobody: 1000 times bind, close, bind again ($kind)" "status $rc" "$out" ;;
		esac
	done
else
	skip "as nobody" "cannot drop privilege here"
fi
done_testing
