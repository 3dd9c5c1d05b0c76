#!/bin/bash
# A TCP socket (a listener and a connected one) passed with SCM_RIGHTS to a
# fresh process is a TCP socket there: getsockname's family, SO_DOMAIN,
# SO_TYPE, SO_PROTOCOL and getpeername answer as for the sender (libuv's
# ipc tests tell a passed handle's type so), and both still work.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/rights_tcp"
done_testing
