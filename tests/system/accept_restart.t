#!/bin/bash
# With SA_RESTART, a SIGCHLD does not end a blocked accept: the handler runs,
# accept goes on waiting and returns the connection that arrives later.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/accept_eintr" restart "$T/s"
done_testing
