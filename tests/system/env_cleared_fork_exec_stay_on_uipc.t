#!/bin/bash
# The link to uipcd survives what programs do to their environment (issue
# 9): a program under `uipc run -H arpa` clears its environment and then
# starts a child by fork, or by each exec and spawn call with an empty
# environment (execve, execv, execvp, execvpe, execl, execlp, execle,
# posix_spawn, posix_spawnp, system, popen).  Each child reaches the
# parent's listener, so it is on the same uipcd, and its gethostname() is
# arpa; the exec'd child's socket shows in `uipc netstat` on host arpa.
# Also after the program closed every descriptor (close_range) and took
# the numbers for files.  Natively the same programs check the same on the Linux kernel.
. "$(dirname "$0")/lib.sh"
UIPCD_CONF_TEXT="
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
"
uipc_setup
if [ "$UIPC_NATIVE" = 1 ]; then
	HOST=$(hostname); RUN=()
else
	HOST=arpa; RUN=("$UIPC_BUILD/bin/uipc" run -H arpa --)
fi
for m in fork closerange execve execv execvp execvpe execl execlp execle posix_spawn posix_spawnp system popen; do
	tap_from "${RUN[@]}" "$P/envkeep" parent "$T" "$HOST" $m
done

if [ "$UIPC_NATIVE" != 1 ]; then
	mkdir "$T/hold"
	bg2 30 "$T/hold.out" "$T/hold.err" "${RUN[@]}" "$P/envkeep" parent "$T/hold" arpa execve hold
	hold=$BG_PID
	wait_for 20 test -e "$T/hold/execve.held" || fail "the exec'd child connected" "$(cat "$T/hold.out" "$T/hold.err")"
	uipc_cmd netstat >"$T/netstat"
	if grep -qE "^[0-9]+ +arpa +unix +stream +CONNECTED[^ ]* +\(unnamed\) +$T/hold/p-execve.sock " "$T/netstat"; then
		pass "netstat: the exec'd child's socket, on host arpa, connected to the parent"
	else
		fail "netstat: the exec'd child's socket, on host arpa, connected to the parent" "$(cat "$T/netstat")"
	fi
	touch "$T/hold/execve.checked"
	rc=0; bg_wait $hold || rc=$?
	tap_lines "$T/hold.out" $rc "envkeep parent execve hold"
fi
done_testing
