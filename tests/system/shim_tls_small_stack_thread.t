#!/bin/bash
# A thread with the smallest stack POSIX allows starts on uipc and makes
# socket calls: the shim's thread-local state stays small, since glibc
# carves static TLS out of each thread's stack (libuv's
# thread_stack_size_explicit, issue 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/small_stack_thread"
done_testing
