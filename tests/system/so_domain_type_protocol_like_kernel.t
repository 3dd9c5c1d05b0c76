#!/bin/bash
# SO_DOMAIN, SO_TYPE and SO_PROTOCOL on every kind of uipc socket, as Linux
# answers (SO_PROTOCOL 0 on AF_UNIX); socket and socketpair take AF_UNIX
# SOCK_RAW as SOCK_DGRAM (issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockident" "$T"
done_testing
