#!/bin/bash
# socketpair in all three types (stream, dgram, seqpacket), data both ways,
# EOF or ECONNREFUSED after a close; AF_INET refused; MSG_CTRUNC.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/rights" socketpair
done_testing
