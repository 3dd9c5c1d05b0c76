#!/bin/bash
# The primer's Figure 5 as a SIGURG handler on a UNIX stream socket, with the
# owner set each of the three ways: data before the mark discarded, the
# urgent byte read with MSG_OOB, the data after the mark read after.
. "$(dirname "$0")/lib.sh"
uipc_setup
for how in fsetown siocspgrp pgrp; do
	diag "owner set by $how"
	tap_from on_uipc "$P/oob_fig5" $how "$T/s.$how"
done
done_testing
