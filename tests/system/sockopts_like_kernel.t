#!/bin/bash
# The socket options real programs set, as Linux answers them (tcp(7),
# ip(7), socket(7)): TCP_CORK, TCP_QUICKACK, TCP_USER_TIMEOUT (a stopped
# peer's connection ends with ETIMEDOUT), TCP_DEFER_ACCEPT, TCP_KEEP*,
# IP_TTL, IP_TOS, IP_PKTINFO, IP_RECVTOS, IP_RECVTTL, SO_TIMESTAMP(NS),
# SO_BINDTODEVICE, and Linux's option-length policy; the same program
# natively (UIPC_NATIVE=1) gives the same results.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopts_like_kernel"
done_testing
