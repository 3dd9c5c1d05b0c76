#!/bin/bash
# select with read, write and exception sets over UNIX stream sockets; a zero
# timeout polls, a NULL timeout blocks until another process sends.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/select_sets" "$T/s"
done_testing
