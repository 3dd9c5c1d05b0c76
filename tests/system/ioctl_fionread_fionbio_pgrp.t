#!/bin/bash
# FIONREAD, FIONBIO, SIOCGPGRP and SIOCSPGRP (with F_GETOWN and F_SETOWN).
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/sockopts" ioctl "$T"
done_testing
