#!/bin/bash
# What an accepted socket takes from its listener, as Linux gives it: a
# TCP connection keeps the listener's SO_RCVTIMEO, SO_SNDTIMEO and
# SO_OOBINLINE, and a blocking read times out by them
# (src/sys/chan_inherit.c, src/lib/sock.c); an AF_UNIX connection starts
# with none of them (src/kern/socket_proto.c) but SO_PASSCRED, and accept
# works on a listener with SO_PASSCRED (the credentials the host adds to
# the channel's message had cut the descriptor: EMFILE).  UIPC_NATIVE=1 runs it on
# the kernel.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/accept_inherits" "$T"
done_testing
