#!/bin/bash
# Every socket call with bad pointers, lengths, flags and levels, on UNIX
# stream and datagram, TCP and UDP sockets: the kernel's errno (EFAULT for
# a bad pointer), never a crash in the shim (issues 9 and 10).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/badargs" "$T"
done_testing
