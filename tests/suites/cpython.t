#!/bin/bash
# CPython's own socket tests (Debian's libpython3.11-testsuite, as shipped)
# run on the Linux kernel and on uipc in the same run, test by test; see
# tests/suites/lib.sh for how the two are compared, and cpython.expected
# for the tests uipc is known to fail, each with its reason.
#
# The AF_VSOCK classes are left out: they hang on machines without a vsock
# transport.  Each test has a timeout (pyrun.py, CPYTHON_TEST_TIMEOUT
# seconds): a hang costs that test, not the run.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root: a network namespace of its own"
[ -f /usr/lib/python3.11/test/test_socket.py ] || skip_all "libpython3.11-testsuite is not installed"
[ -x /usr/bin/python3.11 ] || skip_all "Debian's python3.11 is not installed"
suite_own_namespaces
UIPC_NATIVE=0
uipc_setup

MODULES="test.test_socket test.test_selectors test.test_socketserver
	test.test_asyncio.test_sock_lowlevel test.test_asyncio.test_sendfile
	test.test_asyncio.test_streams test.test_asyncio.test_unix_events"
TO=${CPYTHON_TEST_TIMEOUT:-30}
# Debian's interpreter, not one a user put first in PATH.
PY=(/usr/bin/python3.11 "$SUITES_DIR/pyrun.py" --timeout "$TO" --exclude VSOCK)
suite_expected "$SUITES_DIR/cpython.expected"

# pyrun.py prints "RESULT STATUS ID"; a hard bound on the whole run too.
# pyrun OUT [suite_alone] CMD...
pyrun() {
	local out=$1 alone=; shift
	[ "$1" = suite_alone ] && { alone=suite_alone; shift; }
	(cd "$T/work" && $alone timeout -k 5 1200 "$@") 2>"$out.err" | sed -n 's/^RESULT //p' >"$out"
}
mkdir -p "$T/work"
suite_timer_start
pyrun "$T/kernel" "${PY[@]}" $MODULES
diag "cpython on the kernel: $(suite_timer)" >&2
suite_timer_start
pyrun "$T/uipc" "${UIPC_RUN[@]}" "${PY[@]}" $MODULES
diag "cpython on uipc: $(suite_timer)" >&2

# Unlisted differences, once more, each alone on a fresh uipcd (bounded: a flood of them
# is a regression to report, not to retry).
mapfile -t again < <(suite_differences "$T/kernel" "$T/uipc")
if [ ${#again[@]} -gt 0 ] && [ ${#again[@]} -le 40 ]; then
	for id in "${again[@]}"; do
		pyrun "$T/rerun.1" suite_alone "${UIPC_RUN[@]}" "${PY[@]}" "$id"
		cat "$T/rerun.1"
	done >"$T/rerun"
	suite_merge_rerun "$T/uipc" "$T/rerun"
fi
suite_compare cpython "$T/kernel" "$T/uipc"
suite_keep cpython
done_testing
