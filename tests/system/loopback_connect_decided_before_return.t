#!/bin/bash
# A non-blocking TCP connect to an address of the same host is decided
# before connect() returns, as on Linux: to a port bound but not listening,
# poll, SO_ERROR and a second connect report the refusal at once; to a
# listener, poll, SO_ERROR, getpeername and a non-blocking accept find the
# connection made at once, and a connect again answers 0 (the outcome the
# first left untold), EISCONN after; and CPython's test_sock_client_connect_racing
# sequence (refused, listen, connect again) goes as on Linux.  Nothing
# waits: uipcd delivers the host's loopback queue before it answers the
# connect (src/net/if_lo.c, lo_deliver_now; src/sys/ctl_ops.c, op_connect).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/loopback_connect_decided"
done_testing
