# tests/suites/lib.sh: sourced (after tests/system/lib.sh) by the runners of
# the socket test suites that others wrote (tests/suites/*.t).  A runner
# runs its suite twice, as it is, in one network namespace of its own: once
# on the Linux kernel, once under `uipc run` against the test's uipcd.  Each
# run leaves a results file, one line per test: "STATUS ID", STATUS one of
# pass, skip, fail, timeout, crash.  suite_compare turns the two files into
# one TAP line per test:
#
#   kernel pass, uipc pass (or kernel skip/fail, uipc pass)   ok
#   kernel pass, uipc not pass, listed in NAME.expected       not ok # TODO reason
#   kernel pass, uipc not pass, not listed                    not ok (fails the run)
#   kernel not pass (fail, timeout, crash), uipc not pass     ok # SKIP fails on the kernel too
#   kernel skip, uipc skip                                    ok # SKIP
#
# "Not pass" includes a skip on uipc where the kernel passed: a test that
# decides uipc lacks a feature (IPv6, say) has not passed.  A listed test
# that passes is a diag ("listed but passes: remove it"), not a failure:
# the lists only shrink.  Before the comparison, every unlisted difference
# is run once more, alone, on uipc against a fresh uipcd (suite_alone: the
# machine is shared and loaded, and an earlier test's failure may have left
# something behind in the run's uipcd); one that passes then counts as
# passed, with a diag that names it ("failed in the run, passed alone").

SUITES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# suite_expected FILE: the listed test ids and reasons, in the associative
# array EXPECTED (id -> reason).  Lines "test-id|reason"; '#' comments.
declare -A EXPECTED
suite_expected() {
	local id reason
	EXPECTED=()
	[ -f "$1" ] || return 0
	while IFS='|' read -r id reason; do
		case $id in ''|'#'*) continue ;; esac
		EXPECTED[$id]=$reason
	done <"$1"
}

# suite_differences KERNEL UIPC: ids that pass on the kernel, not on uipc,
# and are not listed; one a line.
suite_differences() {
	local k u id
	declare -A ustat
	while read -r u id; do ustat[$id]=$u; done <"$2"
	while read -r k id; do
		[ "$k" = pass ] || continue
		[ "${ustat[$id]:-missing}" = pass ] && continue
		[ -n "${EXPECTED[$id]+x}" ] && continue
		echo "$id"
	done <"$1"
}

# suite_merge_rerun UIPC RERUN: the statuses of RERUN (tests run again
# alone) replace those of UIPC where they pass; the flaky ones are named in
# the file UIPC.flaky.
suite_merge_rerun() {
	local s id
	: >"$1.flaky"
	while read -r s id; do
		[ "$s" = pass ] && echo "$id" >>"$1.flaky"
	done <"$2"
	awk 'FILENAME == ARGV[1] { flaky[$0] = 1; next } ($2 in flaky) { $1 = "pass" } { print }' "$1.flaky" "$1" >"$1.new"
	mv "$1.new" "$1"
}

# suite_compare NAME KERNEL UIPC: the TAP lines, and diag lines with the
# counts of each side.
suite_compare() {
	local name=$1 k u id reason n_listed_pass=0
	declare -A ustat flaky
	while read -r u id; do ustat[$id]=$u; done <"$3"
	[ -f "$3.flaky" ] && while read -r id; do flaky[$id]=1; done <"$3.flaky"
	# Tests that only uipc's run has (it never got as far on the kernel).
	while read -r k id; do unset "ustat[$id]"; done < <(cat "$2")
	for id in "${!ustat[@]}"; do echo "missing $id"; done >>"$2"
	while read -r u id; do ustat[$id]=$u; done <"$3"
	while read -r k id; do
		u=${ustat[$id]:-missing}
		if [ -n "${flaky[$id]:-}" ]; then
			diag "on uipc, $id failed in the run and passed alone (flaky, or an earlier test left something in uipcd)" >&2
		fi
		if [ "$k" = pass ]; then
			if [ "$u" = pass ]; then
				if [ -n "${EXPECTED[$id]+x}" ]; then
					diag "listed but passes: remove it from $name.expected: $id" >&2
					n_listed_pass=$((n_listed_pass + 1))
				fi
				pass "$id"
			elif [ -n "${EXPECTED[$id]+x}" ]; then
				_tap_n=$((_tap_n + 1))
				echo "not ok $_tap_n - $id (uipc: $u) # TODO ${EXPECTED[$id]}"
			else
				fail "$id (kernel: pass, uipc: $u)"
			fi
		elif [ "$u" = pass ]; then
			pass "$id (kernel: $k)"
		elif [ "$k" = skip ] && [ "$u" = skip ]; then
			skip "$id" "skipped on both"
		elif [ "$k" = skip ]; then
			skip "$id" "skipped on the kernel, uipc: $u"
		else
			skip "$id" "fails on the kernel too (kernel: $k, uipc: $u)"
		fi
	done <"$2"
	diag "$name on the kernel: $(suite_counts "$2")" >&2
	local alone=0
	[ -f "$3.flaky" ] && alone=$(wc -l <"$3.flaky")
	diag "$name on uipc:       $(suite_counts "$3")$( [ "$alone" -gt 0 ] && echo " ($alone of the passes only when run again alone)")" >&2
	[ $n_listed_pass -gt 0 ] && diag "$n_listed_pass listed tests pass now: remove them from $name.expected" >&2
	return 0
}

# suite_counts FILE: "N passed, N failed, N skipped" (timeouts, crashes
# and tests never reached count as failed; "missing", a test only the
# other run had, is not counted).
suite_counts() {
	awk '$1 == "missing" { next } $1 == "pass" { p++ } $1 == "skip" { s++ } $1 != "pass" && $1 != "skip" { f++ }
	     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$1"
}

# suite_timer_start, suite_timer: seconds since the start, for the diag
# lines that report how long each run took.
suite_timer_start() { _suite_t0=$(date +%s); }
suite_timer() { echo "$(( $(date +%s) - _suite_t0 )) s"; }

# suite_own_namespaces: like in_own_netns (tests/system/lib.sh), with a UTS
# and a PID namespace too.  UTS: the suites run as root, and CPython's
# test_sethostname sets the host name; it must be the namespace's, never
# the machine's.  PID: a failing test may leave a helper behind (libuv's
# ipc tests' helpers wait forever for a peer that died); when the runner,
# process 1 there, ends, the kernel ends every process left in it.  uipcd
# runs in the same PID namespace as its clients, so the process ids they
# exchange agree.
suite_own_namespaces() {
	if [ "${_UIPC_OWN_NETNS:-0}" != 1 ]; then
		command -v unshare >/dev/null 2>&1 || skip_all "unshare is not installed"
		unshare -m -n -u -p -f --mount-proc true 2>/dev/null ||
			skip_all "cannot make network, UTS and PID namespaces here"
		_UIPC_OWN_NETNS=1 exec unshare -m -n -u -p -f --mount-proc -- "$BASH" "$0" "$@"
	fi
	in_own_netns	# inside already: brings lo up
}

# suite_alone CMD ARGS...: runs CMD against a fresh uipcd of its own
# (UIPC_SOCKET pointing at it), stopped afterwards: for running a test
# again alone, where nothing an earlier test left in the run's uipcd (a
# socket still bound to the suite's port, say) can decide its result.
suite_alone() {
	local d pid rc i=0
	d=$(mktemp -d "$T/alone.XXXXXX") && chmod 755 "$d" || return 1
	"$UIPC_BUILD/bin/uipcd" -s "$d/uipcd.sock" >"$d/uipcd.log" 2>&1 &
	pid=$!
	if ! wait_for 10 test -S "$d/uipcd.sock"; then
		kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
		rm -rf "$d"
		return 1
	fi
	UIPC_SOCKET=$d/uipcd.sock "$@"; rc=$?
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 250 ]; do sleep 0.02; i=$((i + 1)); done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -rf "$d"
	return $rc
}

# suite_keep NAME: with SUITES_RESULTS=DIR, the run's result files (and the
# suite's own output) are copied to DIR/NAME.* for a look afterwards.
suite_keep() {
	[ -n "${SUITES_RESULTS:-}" ] || return 0
	mkdir -p "$SUITES_RESULTS" || return 0
	local f
	for f in "$T"/kernel* "$T"/uipc* "$T"/rerun*; do
		[ -f "$f" ] && cp "$f" "$SUITES_RESULTS/$1.$(basename "$f")"
	done
	return 0
}
