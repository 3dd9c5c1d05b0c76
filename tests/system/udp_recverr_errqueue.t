#!/bin/bash
# Linux's error queue on UDP sockets (IP_RECVERR, MSG_ERRQUEUE): a port
# unreachable read back as a sock_extended_err with the payload and the
# destination; the errno on a connected socket; truncation flags; the
# queue emptied by turning the option off; without it, ECONNREFUSED once
# on a connected socket; recv(MSG_ERRQUEUE) on TCP: EAGAIN; a raw socket's
# IP_RECVERR (as root).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/recverr_errqueue"
done_testing
