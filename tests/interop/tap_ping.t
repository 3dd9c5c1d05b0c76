#!/bin/bash
# ping between the Linux kernel and a uipc host on a TAP device (issue 13):
# Linux's ping answered by uipc, Debian's ping under `uipc run` answered by
# Linux, a flood of 1000 from Linux answered in full, and `uipc ifconfig
# en1 down` silencing the host until `up`.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
tap_need_pkg iputils-ping ping
tap_setup 13
out=$(timeout 30 ping -n -c 3 -W 5 $UIPC 2>&1)
check "Linux pings uhost ($UIPC): 3 of 3 answered" grep -q ' 3 received' <<<"$out"
out=$(timeout 30 "${ON_UIPC[@]}" ping -n -c 3 -W 5 $LINUX 2>&1)
check "uhost pings Linux ($LINUX) under uipc run: 3 of 3 answered" grep -q ' 3 received' <<<"$out"
out=$(timeout 60 ping -n -f -c 1000 -W 5 $UIPC 2>&1)
if grep -q '1000 packets transmitted, 1000 received' <<<"$out"; then
	pass "ping -f -c 1000 from Linux: all 1000 answered"
else
	fail "ping -f -c 1000 from Linux: all 1000 answered" "$out"
fi
diag "$(tail -n 1 <<<"$out")"
check "uipc ifconfig en1 down" uipc_cmd ifconfig en1 down
out=$(timeout 30 ping -n -c 2 -W 1 $UIPC 2>&1)
check "uhost down: Linux's pings go unanswered" grep -q ' 0 received' <<<"$out"
check "uipc ifconfig en1 up" uipc_cmd ifconfig en1 up
out=$(timeout 30 ping -n -c 2 -W 5 $UIPC 2>&1)
check "uhost up again: answered" grep -q ' 2 received' <<<"$out"
done_testing
