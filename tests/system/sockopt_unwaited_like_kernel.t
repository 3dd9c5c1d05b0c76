#!/bin/bash
# The options uipc sets without waiting for uipcd's answer (SO_RCVTIMEO,
# SO_SNDTIMEO, and TCP_NODELAY on TCP: src/lib/sock.c setopt_decided,
# src/lib/ctl_client.c ctl_post) answer as the kernel's: set before the
# socket is used they hold after connect, bind and accept; set many times
# in a row the last holds; bad ones are refused with the kernel's errno;
# a child after fork sets and reads them.  UIPC_NATIVE=1 runs it on the
# kernel.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopt_unwaited"
done_testing
