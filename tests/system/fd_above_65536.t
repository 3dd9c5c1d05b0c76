#!/bin/bash
# Sockets numbered past 65536 are sockets still: a program that raises
# RLIMIT_NOFILE and moves a TCP listener, a TCP client and a UDP socket to
# descriptors 70000 and up (dup2) uses them there as on the kernel: names,
# a connection with data both ways, datagrams with their sender, and
# close_range.  (libuipc's descriptor table grows past its first 65536.)
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/fd_high"
done_testing
