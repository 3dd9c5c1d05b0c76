#!/bin/bash
# shutdown(2) on a listening socket, as Linux answers: TCP's SHUT_RD or
# SHUT_RDWR stops listening and wakes a blocked accept with EINVAL (queued
# connections reset, connects refused); SHUT_WR changes nothing; a UNIX
# listener refuses new connections, hands out the queued ones, then EINVAL
# (issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/listener_shutdown" "$T"
done_testing
