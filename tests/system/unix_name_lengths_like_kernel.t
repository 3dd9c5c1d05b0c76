#!/bin/bash
# UNIX-domain names have the length Linux gives them: offsetof(sun_path) +
# strlen + 1 from getsockname, getpeername, accept, recvfrom and recvmsg,
# however long the address given to bind; the family alone for an unbound
# socket; 0 from an unbound sender (issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/unix_names" "$T"
done_testing
