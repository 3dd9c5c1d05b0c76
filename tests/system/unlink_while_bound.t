#!/bin/bash
# unlink of a bound socket's name leaves it working for existing and queued connections; the name is free again.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" unlink "$T"
done_testing
