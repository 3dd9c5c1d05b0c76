#!/bin/bash
# bind makes an S_IFSOCK node with mode 0777 less the umask, owned by the caller, a relative name resolved in the working directory.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/names" mode "$T"
done_testing
