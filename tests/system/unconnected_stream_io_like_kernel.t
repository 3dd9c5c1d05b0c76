#!/bin/bash
# Reads and writes on a stream or seqpacket socket with no peer (never
# connected, or listening) fail at once with Linux's errno (TCP: ENOTCONN,
# EPIPE and SIGPIPE; UNIX stream: EINVAL, ENOTCONN; seqpacket: ENOTCONN),
# rather than waiting forever or taking the data (issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/unconnected" "$T"
done_testing
