#!/bin/bash
# Non-blocking accept (EAGAIN on an empty queue) and connect (completes; the
# descriptor writable once connected; EAGAIN with the backlog full).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/nonblock" "$T"
done_testing
