#!/bin/bash
# sendmmsg and recvmmsg on UDP, UNIX datagram, seqpacket, UNIX stream and
# TCP sockets: counts, msg_len, sender names, partial batches, EAGAIN,
# MSG_WAITFORONE and the timeout, each as Linux answers (issue 9).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/mmsg" "$T"
done_testing
