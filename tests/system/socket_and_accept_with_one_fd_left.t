#!/bin/bash
# A socket costs one descriptor, as on the kernel (libuv's emfile test):
# under a lowered RLIMIT_NOFILE with one descriptor left, socket() and
# accept() succeed (the channel then comes from uipcd); with none left
# they fail with EMFILE and the queued connection is kept; connect takes
# none; socketpair() takes two.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/one_fd_left"
done_testing
