#!/bin/bash
# getsockname, getpeername and accept's address with value-result lengths.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopts" names "$T"
done_testing
