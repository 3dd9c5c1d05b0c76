#!/bin/bash
# libuv's own test runner (uv_run_tests_a, built with cmake from Debian's
# libuv1 source package by libuv-build.sh, cached under build/suites/libuv)
# run on the Linux kernel and on uipc in the same run, test by test; see
# tests/suites/lib.sh for how the two are compared, and libuv.expected for
# the tests uipc is known to fail, each with its reason.
#
# libuv refuses to run as root: the runner runs as a throwaway user,
# uipc-test (made here when missing).  The runner starts each test in a
# process of its own with its own timeout (TEST_TIMEOUT in libuv's
# test-list.h, 5 s unless a test says otherwise), so a hang costs one test.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root: a network namespace and a user of its own"
need cmake dpkg-source setpriv useradd
UV_USER=uipc-test
if ! id "$UV_USER" >/dev/null 2>&1; then
	useradd --system --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin "$UV_USER" || skip_all "cannot make the user $UV_USER"
fi
# Build (or find the cached build) before entering the namespace: apt-get
# source needs the network.
if [ "${_UIPC_OWN_NETNS:-0}" != 1 ]; then
	UV_RUNNER=$("$SUITES_DIR/libuv-build.sh" "$UIPC_BUILD/suites/libuv") ||
		skip_all "cannot fetch or build libuv1's test runner (see $UIPC_BUILD/suites/libuv/build.log)"
	export UV_RUNNER
fi
suite_own_namespaces
UIPC_NATIVE=0
uipc_setup
suite_expected "$SUITES_DIR/libuv.expected"
UV_SRC=$(ls -d "$UIPC_BUILD"/suites/libuv/libuv1-*/ | head -1)

# uvrun OUT [PREFIX...] :: [TEST...]: the runner (each TEST alone against a
# fresh uipcd, suite_alone, when UV_ALONE=1) as $UV_USER in a fresh working
# directory (the tests write there, and read test/fixtures from it); its
# TAP lines become "STATUS NAME" lines in OUT.
uvrun() {
	local out=$1 pre=() w; shift
	while [ $# -gt 0 ] && [ "$1" != :: ]; do pre+=("$1"); shift; done
	shift
	w=$(mktemp -d "$T/uv.XXXXXX")
	mkdir -p "$w/test" && cp -r "$UV_SRC/test/fixtures" "$w/test/"
	chown -R "$UV_USER:" "$w"
	if [ $# -eq 0 ]; then set -- ""; fi
	local t
	for t in "$@"; do
		(cd "$w" && ${UV_ALONE:+suite_alone} timeout -k 5 900 setpriv --reuid="$UV_USER" --regid="$UV_USER" --clear-groups -- \
		    env HOME="$w" "${pre[@]}" "$UV_RUNNER" ${t:+"$t"}) 2>&1
	done | tee "$out.tap" | awk '
		/^ok [0-9]+ - / { n = $4; st[n] = ($0 ~ / # SKIP/) ? "skip" : "pass"; order[++c] = n; last = ""; next }
		/^not ok [0-9]+ - / { n = $5; st[n] = "fail"; order[++c] = n; last = n; next }
		last != "" && /^# timeout$/ { st[last] = "timeout" }
		{ last = "" }
		END { for (i = 1; i <= c; i++) print st[order[i]], order[i] }' >"$out"
	rm -rf "$w"
}
suite_timer_start
uvrun "$T/kernel" ::
diag "libuv on the kernel: $(suite_timer)" >&2
suite_timer_start
uvrun "$T/uipc" "${UIPC_RUN[@]}" ::
diag "libuv on uipc: $(suite_timer)" >&2

# Alone, each on a fresh uipcd: today six TCP tests (multiple_listen,
# tcp_bind_error_*, ...) fail in the run only because a failing ipc test's
# helper (ipc_helper_tcp_connection) outlives it, still listening on
# libuv's TEST_PORT; they pass alone.
mapfile -t again < <(suite_differences "$T/kernel" "$T/uipc")
if [ ${#again[@]} -gt 0 ] && [ ${#again[@]} -le 40 ]; then
	UV_ALONE=1 uvrun "$T/rerun" "${UIPC_RUN[@]}" :: "${again[@]}"
	suite_merge_rerun "$T/uipc" "$T/rerun"
fi
suite_compare libuv "$T/kernel" "$T/uipc"
suite_keep libuv
done_testing
