#!/bin/bash
# socket(2) errors as Linux gives them: EAFNOSUPPORT for an unknown domain,
# EPROTONOSUPPORT for AF_UNIX with a bad protocol, ESOCKTNOSUPPORT (where
# 4.2BSD said EPROTOTYPE) or EINVAL for a bad type; SOCK_RAW is a datagram.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/socket_errors"
done_testing
