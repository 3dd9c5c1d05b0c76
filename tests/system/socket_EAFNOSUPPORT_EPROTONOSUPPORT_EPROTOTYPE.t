#!/bin/bash
# socket(2) errors: EAFNOSUPPORT for an unknown domain, EPROTONOSUPPORT for
# AF_UNIX with a bad protocol, EINVAL for bad type bits, and for a type no
# protocol serves the primer's EPROTOTYPE (§2.2) on uipc, where Linux says
# ESOCKTNOSUPPORT (native runs check Linux's answers).
. "$(dirname "$0")/lib.sh"
uipc_setup
if [ "${UIPC_NATIVE:-0}" = 1 ]; then
	tap_from on_uipc "$P/socket_errors"
else
	tap_from on_uipc "$P/socket_errors" primer
fi
done_testing
