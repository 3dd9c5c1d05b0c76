#!/bin/bash
# connect or sendto to a missing name fails with ENOENT.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" ENOENT "$T"
done_testing
