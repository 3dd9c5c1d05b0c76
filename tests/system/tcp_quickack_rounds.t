#!/bin/bash
# Quick ACKs at connection start (Linux's quickack mode): 1,000 rounds of
# connect, three small writes, read, close on the loopback address end
# within 10 s, where an ACK delayed in each round would need about 100 s.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/quickack_rounds" 1000
done_testing
