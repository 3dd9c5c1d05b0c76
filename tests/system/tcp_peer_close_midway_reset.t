#!/bin/bash
# A TCP writer whose peer closes in the middle of a transfer, with data
# unread, fails with ECONNRESET or EPIPE before the transfer ends, by
# sendfile, send, write and writev, blocking and not (issue 10: CPython's
# test_sendfile_close_peer_in_the_middle_of_receiving).  With SO_SNDBUF and
# SO_RCVBUF of 4 KiB, the writer is held back before it has written a
# 256 KiB file: uipc's channels hold no more than the socket buffers they
# stand for (src/sys/chan_bufs.c).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/peer_close_midway" "$T"
done_testing
