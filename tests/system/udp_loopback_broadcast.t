#!/bin/bash
# Datagrams to this host's own broadcast and wildcard addresses, as on
# Linux: 127.255.255.255 needs SO_BROADCAST (EACCES without) and reaches
# every socket bound to INADDR_ANY:port; INADDR_ANY:port is this host.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/loopback_broadcast"
done_testing
