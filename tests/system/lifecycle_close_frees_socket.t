#!/bin/bash
# A socket is gone when its last descriptor closes, whatever it did before:
# nothing; options only; bind; a failed bind; a failed connect; listen; a
# connection and a transfer; passed with SCM_RIGHTS and closed unreceived.
# Each port or name binds again as soon as close returns; a server
# restarted at once binds beside its connection's TIME_WAIT with
# SO_REUSEADDR (EADDRINUSE without), as on Linux.  On uipc, after each
# program has exited, `uipc netstat` lists nothing but TIME_WAIT and uipcd
# holds as many descriptors as before it.
. "$(dirname "$0")/lib.sh"
uipc_setup
mkdir -p "$T/names"
for what in nothing options bind bindfail connectfail listen transfer rights restart; do
	tap_from on_uipc "$P/lifecycle" "$what" "$T/names"
	if [ "$UIPC_NATIVE" = 1 ]; then
		skip "after '$what': nothing left in uipc netstat" "tests uipc's daemon"
	elif wait_for 10 _uipcd_clean; then
		pass "after '$what' the program exited: netstat lists only TIME_WAIT, uipcd's descriptors are back ($_uipcd_fds0)"
	else
		fail "after '$what' the program exited: netstat lists only TIME_WAIT, uipcd's descriptors are back ($_uipcd_fds0)" \
		    "descriptors: $(_uipcd_fds)" "$(_uipcd_left)"
	fi
done
done_testing
