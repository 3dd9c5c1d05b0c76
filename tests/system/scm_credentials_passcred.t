#!/bin/bash
# SCM_CREDENTIALS with SO_PASSCRED give the sender's pid, uid and gid, on
# datagram and stream sockets; none without SO_PASSCRED; SO_PEERCRED.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/rights" creds
done_testing
