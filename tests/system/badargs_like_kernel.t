#!/bin/bash
# Every socket call with bad pointers, lengths, flags and levels, on UNIX
# stream and datagram, TCP and UDP sockets: the kernel's errno (EFAULT for
# a bad pointer), never a crash in the shim (issues 9 and 10).  The program
# asserts the kernel's answers, so its native run (UIPC_NATIVE=1) checks it.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/badargs" "$T"
rc=$?
# A check known to fail makes the program exit 1 (a TODO above); a crash
# is never known: it is a signal, and the program's last line is missing.
check "badargs was not killed by a signal (status $rc)" test "$rc" -lt 128
done_testing
