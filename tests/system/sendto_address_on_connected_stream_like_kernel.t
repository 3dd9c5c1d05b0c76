#!/bin/bash
# sendto or sendmsg with an address on a connected TCP socket: Linux
# checks and then ignores the address (uipc did say EISCONN); a connected
# UNIX stream says EISCONN (issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/stream_sendto"
done_testing
