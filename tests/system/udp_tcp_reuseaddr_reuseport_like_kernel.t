#!/bin/bash
# Address reuse as Linux answers it: SO_REUSEADDR on both lets two UDP
# sockets bind one address and port; SO_REUSEPORT (set before bind, one
# effective user) lets UDP sockets and TCP listeners share a port, and what
# arrives is spread over them by a hash of the four-tuple.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/reuseaddr_reuseport"
done_testing
