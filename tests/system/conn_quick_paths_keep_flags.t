#!/bin/bash
# Issue 9's quicker connection paths keep what they skipped asking for:
# accept/accept4 close-on-exec and O_NONBLOCK exactly as asked, the
# accepted socket's kind (seqpacket boundaries) taken from the listener,
# and a child's copies of its own memory after fork and after a raw
# clone(2), though the shim keeps its pid (src/lib/selfpid.c).  Native
# runs check the same on Linux.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/conn_quick" "$T"
done_testing
