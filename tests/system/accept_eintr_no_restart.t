#!/bin/bash
# accept blocked in a process whose SIGCHLD handler has no SA_RESTART fails
# with EINTR when a child exits (primer §4.1, §5.6); the next accept still
# gets the connection that arrives later.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/accept_eintr" no_restart "$T/s"
done_testing
