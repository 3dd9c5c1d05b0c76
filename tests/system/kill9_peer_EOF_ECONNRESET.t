#!/bin/bash
# A process holding one end of a UNIX stream connection is killed with -9
# mid-transfer: the peer sees EOF or ECONNRESET (EPIPE on write), and
# nothing hangs.  Also between unrelated processes: the shell kills a
# sender that is streaming /dev/zero to a receiver.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/kill9" "$T"

bg2 30 "$T/got" "$T/recv.err" on_uipc "$P/ustream" recv "$T/s"
recv=$BG_PID
wait_socket "$T/s" || fail "receiver bound $T/s"
bg2 30 /dev/null "$T/send.err" on_uipc "$P/ustream" send -p "$T/send.pid" "$T/s" </dev/zero
send=$BG_PID
big() { [ "$(stat -c %s "$T/got" 2>/dev/null || echo 0)" -gt 1000000 ]; }
wait_for 20 big
kill -KILL "$(cat "$T/send.pid")"
rc=0; bg_wait $recv || rc=$?
is "$rc:$(cat "$T/recv.err")" "0:eof" "unrelated sender killed -9 mid-transfer: the receiver reads EOF"
rc=0; bg_wait $send || rc=$?
is "$rc" 137 "the sender died by SIGKILL"
done_testing
