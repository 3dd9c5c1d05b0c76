#!/bin/bash
# SOL_SOCKET options: SO_TYPE, SO_ERROR, SO_ACCEPTCONN, SO_SNDBUF, SO_RCVBUF, SO_RCVLOWAT, SO_LINGER, SO_REUSEADDR, SO_KEEPALIVE, SO_DEBUG read back what was set (as Linux reports it).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopts" options "$T"
done_testing
