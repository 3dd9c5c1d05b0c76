#!/bin/bash
# SO_RCVTIMEO and SO_SNDTIMEO: a blocked read or write ends with EAGAIN after the timeout.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopts" timeo "$T"
done_testing
