#!/bin/bash
# connect to a node no socket is bound to (left behind, mknod, a file, a fifo, not listening) fails with ECONNREFUSED.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" ECONNREFUSED "$T"
done_testing
