#!/bin/bash
# shutdown(0), shutdown(1) (the peer reads EOF, the reverse direction still
# works), shutdown(2); a write after shutdown(1) fails with EPIPE.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/shutdown" "$T"
done_testing
