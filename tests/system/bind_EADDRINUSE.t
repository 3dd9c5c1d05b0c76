#!/bin/bash
# bind where a node (live or left behind) or a file already is fails with EADDRINUSE.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" EADDRINUSE "$T"
done_testing
