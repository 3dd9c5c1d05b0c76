#!/bin/bash
# An unprivileged client (nobody) connecting to a node without write
# permission, or through a directory without search permission, fails with
# EACCES; with write permission it connects.  Needs root to drop to nobody.
. "$(dirname "$0")/lib.sh"
can_drop_privilege || skip_all "needs root and setpriv to run a client as nobody"
uipc_setup
bg 60 "$T/serve.out" on_uipc "$P/names" serve "$T"
if ! wait_for 30 grep -q '^# ready' "$T/serve.out"; then
	fail "listeners ready" "$(cat "$T/serve.out")"
	done_testing; exit
fi
pass "listeners ready (modes 0755, 0777, and in a 0700 directory)"
# setpriv outside, so that uipc run starts already unprivileged.
tap_from setpriv --reuid=nobody --regid=nogroup --clear-groups -- "${UIPC_RUN[@]}" "$P/names" EACCES "$T"
done_testing
