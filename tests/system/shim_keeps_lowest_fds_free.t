#!/bin/bash
# The shim's own descriptors (its control connection to uipcd) do not take
# the program's lowest free numbers: a number closed on exec is still
# closed in the child after it used a socket, and the next open gets it,
# as on Linux (libuv's spawn_fs_open).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/lowest_fd"
done_testing
