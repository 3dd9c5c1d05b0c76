#!/bin/bash
# A TCP connect refused, then connect again on the same socket, as on
# Linux: the socket keeps its options (socket, TCP and IP level), an
# explicitly bound port and address (getsockname, and the port the server
# sees the next connection come from), while a port connect chose is
# released; a dup made before the refusal is the new connection too.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/connect_refused_keeps"
done_testing
