#!/bin/bash
# connect (or sendto) to a socket of another type fails with EPROTOTYPE.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" EPROTOTYPE "$T"
done_testing
