#!/bin/bash
# SCM_RIGHTS between unrelated processes: a UNIX socket (one end of a
# socketpair) and a plain file pass to another process, which uses both; the
# file's offset is shared with the sender.
. "$(dirname "$0")/lib.sh"
uipc_setup
printf hello >"$T/file"
bg 30 "$T/recv.out" on_uipc "$P/rights" recv "$T/s"
recv=$BG_PID
wait_socket "$T/s" || fail "receiver bound its name"
tap_from on_uipc "$P/rights" send "$T/s" "$T/file"
rc=0; bg_wait $recv || rc=$?
tap_lines "$T/recv.out" $rc "rights recv"
done_testing
