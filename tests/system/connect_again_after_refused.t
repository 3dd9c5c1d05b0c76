#!/bin/bash
# A non-blocking TCP connect refused, then connect again on the same socket
# after the server listens: the refusal is reported, and the next connect
# starts anew and connects, as on Linux (CPython's
# test_sock_client_connect_racing).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/connect_again"
done_testing
