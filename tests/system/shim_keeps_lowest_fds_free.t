#!/bin/bash
# The shim's own descriptors (its control connection to uipcd) do not take
# the program's lowest free numbers: a number closed on exec is still
# closed in the child after it used a socket, and the next open gets it,
# as on Linux (libuv's spawn_fs_open).  Again under a soft RLIMIT_NOFILE
# below the control connection's usual place (960): the hard limit lets
# it go there all the same, above the soft one, where no program number is.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/lowest_fd"
diag "under a soft RLIMIT_NOFILE of 64"
tap_from on_uipc bash -c 'ulimit -Sn 64 && exec "$0"' "$P/lowest_fd"
done_testing
