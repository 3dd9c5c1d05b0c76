#!/bin/bash
# A TCP connection's buffers grow with a bulk transfer when the program
# left them alone, within Linux's ceilings, and stay as set when it set
# SO_RCVBUF or SO_SNDBUF, as on Linux (src/inet/tcp_autotune.c; tcp(7)
# tcp_moderate_rcvbuf, socket(7)).  UIPC_NATIVE=1 runs it on the kernel.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/tcp_autotune"
done_testing
