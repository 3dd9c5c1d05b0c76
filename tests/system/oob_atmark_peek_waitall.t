#!/bin/bash
# Out-of-band data and the mark without signals (SIOCATMARK, a read stopping
# at the mark, SO_OOBINLINE, MSG_OOB on datagrams), MSG_PEEK and MSG_WAITALL.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/oob_atmark"
done_testing
