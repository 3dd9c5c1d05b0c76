#!/bin/bash
# One unprivileged user (nobody) makes, binds and closes a TCP socket 20,000
# times, as a careless or hostile program would: uipcd stays at the
# descriptor count it started with (each socket and its channel go with the
# close), and root's `uipc netstat` and `uipc run` keep answering while the
# loop runs.  (Seen before the lifecycle fix: uipcd at 19,999 descriptors,
# root's netstat hanging.)
. "$(dirname "$0")/lib.sh"
require_uipc
can_drop_privilege || skip_all "needs root, setpriv and the user nobody"
uipc_setup
mkdir -m 1777 "$T/names"
fds0=$(ls "/proc/$UIPCD_PID/fd" | wc -l)
bg 300 "$T/loop.out" setpriv --reuid=nobody --regid=nogroup --clear-groups -- "${UIPC_RUN[@]}" "$P/bind_close_bind" tcpbound 20000 "$T/names"
loop=$BG_PID
# Root is served while the loop runs: netstat completes, a program runs.
n=0; ok=1
while kill -0 "$loop" 2>/dev/null && [ $n -lt 20 ]; do
	timeout 10 "$UIPC_BUILD/bin/uipc" netstat -a >/dev/null 2>&1 || ok=0
	n=$((n + 1))
done
[ $ok = 1 ] && pass "root's uipc netstat completed $n times during the loop" ||
	fail "root's uipc netstat completed during the loop"
out=$(timeout 10 "${UIPC_RUN[@]}" "$P/bind_close_bind" udp 1 "$T/names" 2>&1)
case $out in *"not ok"*) fail "root's program runs on uipc beside it" "$out" ;;
*"ok - "*) pass "root's program runs on uipc beside it" ;;
*) fail "root's program runs on uipc beside it" "$out" ;; esac
rc=0; bg_wait "$loop" || rc=$?
tap_lines "$T/loop.out" $rc "bind_close_bind tcpbound 20000 as nobody"
fds_back() { [ "$(ls "/proc/$UIPCD_PID/fd" | wc -l)" -le "$fds0" ]; }
if wait_for 10 fds_back; then
	pass "uipcd's descriptors are back to $fds0 after 20,000 rounds"
else
	fail "uipcd's descriptors are back to $fds0 after 20,000 rounds" "now $(ls "/proc/$UIPCD_PID/fd" | wc -l)"
fi
done_testing
