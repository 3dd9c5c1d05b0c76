#!/bin/bash
# Record boundaries: SOCK_DGRAM (sender names by recvfrom, a connected
# datagram socket taking only its peer's), SOCK_SEQPACKET; streams coalesce.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/records" "$T"
done_testing
