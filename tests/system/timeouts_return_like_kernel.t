#!/bin/bash
# Blocking calls return when the kernel's would (issue 10): a send with
# SO_SNDTIMEO to a full UNIX datagram or seqpacket receiver (EAGAIN), a raw
# receive with SO_RCVTIMEO (EAGAIN), a stream recv whose socket another
# thread shuts down or closes (0).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/timeouts" "$T"
done_testing
