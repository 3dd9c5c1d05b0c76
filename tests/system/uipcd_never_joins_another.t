#!/bin/bash
# A process never joins a uipcd other than the one it started with (issue
# 9): with a decoy uipcd at the default path (/run/uipc/uipcd.sock, in a
# mount namespace of this test's own), a program that clears its
# environment, and its children by fork, execve and system, stay on this
# test's uipcd.  When that one is killed and another starts at its path,
# the program's calls fail with ENETDOWN, each process says so in one line
# naming the path, and neither the new uipcd nor the decoy gets a socket.
. "$(dirname "$0")/lib.sh"
require_uipc
if [ -z "${UIPC_IN_MOUNT_NS:-}" ]; then
	{ [ "$(id -u)" = 0 ] && unshare -m --propagation private true; } 2>/dev/null ||
		skip_all "needs root and unshare -m (a /run of the test's own for the decoy)"
	UIPC_IN_MOUNT_NS=1 exec unshare -m --propagation private "$BASH" "$0" "$@"
fi
mount -t tmpfs uipc-test-run /run 2>/dev/null || skip_all "cannot mount a tmpfs on /run here"
mkdir -p /run/uipc
UIPCD_CONF_TEXT="
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
"
uipc_setup
DECOY=/run/uipc/uipcd.sock
"$UIPC_BUILD/bin/uipcd" -s "$DECOY" -H decoy >"$T/decoy.log" 2>&1 &
_bg_pids="$_bg_pids $!"
wait_socket "$DECOY" || fail "the decoy uipcd started" "$(cat "$T/decoy.log")"
sockets_at() { UIPC_SOCKET=$1 uipc_cmd netstat -a | tail -n +2; }

for m in fork execve system; do
	tap_from "$UIPC_BUILD/bin/uipc" run -H arpa -- "$P/envkeep" parent "$T" arpa $m
done
is "$(sockets_at "$DECOY")" "" "the decoy at the default path has no socket"

# uipcd killed, another at its path: nothing joins it.
bg2 30 "$T/dead.out" "$T/dead.err" "$UIPC_BUILD/bin/uipc" run -H arpa -- "$P/envkeep" afterdeath "$T"
dead=$BG_PID
wait_for 20 test -e "$T/joined" || fail "the program joined uipcd" "$(cat "$T/dead.out" "$T/dead.err")"
{ kill -KILL "$UIPCD_PID"; wait "$UIPCD_PID"; } 2>/dev/null
rm -f "$UIPC_SOCKET"		# the dead one's node: wait for the new one's
"$UIPC_BUILD/bin/uipcd" -s "$UIPC_SOCKET" -H other >"$T/uipcd.log" 2>&1 &
UIPCD_PID=$!
wait_for 10 _uipcd_up || fail "a second uipcd started at $UIPC_SOCKET"
touch "$T/killed"
rc=0; bg_wait $dead || rc=$?
tap_lines "$T/dead.out" $rc "envkeep afterdeath"
diag "$(cat "$T/dead.err")"
is "$(grep -c "uipcd at $UIPC_SOCKET is gone" "$T/dead.err")" 1 \
    "the program said once (not per call) that uipcd at its path is gone"
is "$(grep -c "uipcd at $UIPC_SOCKET is pid [0-9]*, not pid" "$T/dead.err")" 1 \
    "its child said once that the uipcd now at the path is not the one it joined"
is "$(sockets_at "$UIPC_SOCKET")" "" "the uipcd started later at the same path has no socket"
is "$(sockets_at "$DECOY")" "" "the decoy at the default path has no socket"
done_testing
