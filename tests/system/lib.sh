# lib.sh: sourced by every system and interop test (tests/system/*.t,
# tests/interop/*.t).  Gives TAP output, a fresh temporary directory, a
# uipcd of the test's own, and bounded background processes that are killed
# on every way out.
#
# Environment:
#   UIPC_BUILD   absolute build directory (make check sets it); the test
#                programs are $UIPC_BUILD/progs/NAME, uipc is $UIPC_BUILD/bin.
#   UIPC_NATIVE  when 1, no uipcd is started and on_uipc runs its command
#                directly on the Linux kernel: the tests then check that they
#                assert what Linux does, which uipc must match.
#
# A test reads:
#   . "$(dirname "$0")/lib.sh"
#   uipc_setup
#   plan 3                       (or done_testing at the end)
#   tap_from on_uipc "$P/prog" args      (a program's own ok/not ok lines)
#   check "what" test -S "$T/x"  (ok when the command succeeds)
#   is "$got" "$want" "what"
#   done_testing
#
# uipc_teardown runs from an EXIT trap, so a test that dies still kills its
# children and removes $T.  Before it stops uipcd it checks the project's
# rule: once the test's programs have ended, `uipc netstat` lists no socket
# but TIME_WAIT and uipcd holds as many descriptors as when it started
# (uipc_check_nothing_left); a leak fails the test.  A test that leaves
# something on purpose says so: UIPC_LEAVES="reason".  Sections marked "uipc only" at the end are for
# tests of things that exist only on uipc (uipc netstat, control requests).

set -u

: "${UIPC_BUILD:?UIPC_BUILD must be the absolute build directory}"
P=$UIPC_BUILD/progs
UIPC_NATIVE=${UIPC_NATIVE:-0}
PYTHON=/usr/bin/python3		# Debian's, not a user's: it must be unmodified
TEST_TIMEOUT=${TEST_TIMEOUT:-60}	# bound on any one program a test runs

# ---- TAP -----------------------------------------------------------------

_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_tap_n=0
_tap_failed=0
_tap_planned=

plan() {
	_tap_planned=$1
	echo "1..$1"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

pass() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1"
}

# known_gap DESC: the reason uipc is known to fail the check DESC, from
# tests/system/known-gaps (lines "test-name|description glob|reason"), or
# nothing.  Such a failure is reported as TAP TODO: still printed, still
# "not ok", but not counted until the gap is closed.  Native runs ignore it.
known_gap() {
	local name line tname glob reason
	[ "${UIPC_NATIVE:-0}" = 1 ] && return 1
	name=$(basename "$0" .t)
	[ -f "$_LIBDIR/known-gaps" ] || return 1
	while IFS='|' read -r tname glob reason; do
		case $tname in ''|'#'*) continue ;; esac
		[ "$tname" = "$name" ] || continue
		case $1 in $glob) printf '%s' "$reason"; return 0 ;; esac
	done <"$_LIBDIR/known-gaps"
	return 1
}

fail() {
	local gap
	_tap_n=$((_tap_n + 1))
	if gap=$(known_gap "$1"); then
		echo "not ok $_tap_n - $1 # TODO $gap"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $1"
	fi
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}

# ok_if STATUS DESC: ok when STATUS is 0.
ok_if() {
	if [ "$1" -eq 0 ]; then pass "$2"; else fail "$2" "status $1"; fi
}

# check DESC CMD ARGS...: ok when the command succeeds.
check() {
	local desc=$1; shift
	local out rc
	out=$("$@" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then pass "$desc"; else fail "$desc" "command: $*" "status $rc" "$out"; fi
}

# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "got:  '$1'" "want: '$2'"; fi
}

# skip DESC REASON
skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n # SKIP $2 ($1)"
}

# skip_all REASON: the whole test cannot run here.
skip_all() {
	echo "1..0 # SKIP $1"
	_tap_planned=0
	exit 0
}

# tap_from CMD ARGS...: runs a test program that prints "ok - what" and
# "not ok - what" lines (and anything else, taken as diagnostics), numbers
# its checks into this test's sequence, and fails once more if the program
# exits with a nonzero status or by a signal (a crash, a timeout) so that a
# program that stops early can never pass.
tap_from() {
	local out=$T/tap_from.$$.$_tap_n rc line
	_argv "$@"
	timeout -k 3 "$TEST_TIMEOUT" "${_ARGV[@]}" >"$out" 2>&1; rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*)	pass "${line#ok - }" ;;
		"not ok - "*)	fail "${line#not ok - }" ;;
		"ok # SKIP "*)	_tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP ${line#ok # SKIP }" ;;
		"# "*)		echo "$line" ;;
		*)		diag "$line" ;;
		esac
	done <"$out"
	rm -f "$out"
	if [ $rc -ne 0 ]; then
		fail "$_PROG_DESC exited normally" "status $rc$( [ $rc -gt 128 ] && echo " (signal $((rc - 128)))")"
	fi
	return $rc
}

# tap_lines FILE: like tap_from, for the output a background program left
# in FILE; STATUS is its exit status.
tap_lines() {
	local file=$1 status=$2 name=$3 line
	while IFS= read -r line; do
		case $line in
		"ok - "*)	pass "${line#ok - }" ;;
		"not ok - "*)	fail "${line#not ok - }" ;;
		"# "*)		echo "$line" ;;
		*)		diag "$line" ;;
		esac
	done <"$file"
	if [ "$status" -ne 0 ]; then
		fail "$name exited normally" "status $status"
	fi
}

done_testing() {
	[ -z "$_tap_planned" ] && echo "1..$_tap_n"
	_tap_planned=${_tap_planned:-$_tap_n}
}

# ---- processes -----------------------------------------------------------

_bg_pids=""

# bg SECS OUTFILE CMD ARGS... [<INPUT]: starts CMD in the background, with
# the caller's standard input (not /dev/null, as bash would give), bounded to SECS
# seconds, stdout and stderr to OUTFILE; its pid (of the timeout wrapper,
# which passes signals on) is in $BG_PID.  Teardown kills what is left.
bg() {
	local secs=$1 out=$2; shift 2
	_argv "$@"
	timeout -k 3 "$secs" "${_ARGV[@]}" <&0 >"$out" 2>&1 &
	BG_PID=$!
	_bg_pids="$_bg_pids $BG_PID"
}

# bg2 SECS OUTFILE ERRFILE CMD ARGS...: bg with stdout and stderr apart.
bg2() {
	local secs=$1 out=$2 err=$3; shift 3
	_argv "$@"
	timeout -k 3 "$secs" "${_ARGV[@]}" <&0 >"$out" 2>"$err" &
	BG_PID=$!
	_bg_pids="$_bg_pids $BG_PID"
}

# _kill_children: ends every process the test started that still runs (the
# background programs, and what they started: a subshell's children too),
# uipcd and its children excepted; TERM, then KILL after a bounded wait.
_descendants() {
	local p
	for p in $(pgrep -P "$1" 2>/dev/null); do
		# Not uipcd, nor the subshell asking (nor its pgrep).
		[ "$p" = "${UIPCD_PID:-}" ] || [ "$p" = "$BASHPID" ] && continue
		echo "$p"
		_descendants "$p"
	done
}
_kill_children() {
	local pids p i=0
	pids=$(_descendants $$)
	[ -z "$pids" ] && return 0
	kill -TERM $pids 2>/dev/null
	while [ $i -lt 150 ]; do
		for p in $pids; do
			kill -0 "$p" 2>/dev/null && break
			p=
		done
		[ -z "$p" ] && break
		sleep 0.02; i=$((i + 1))
	done
	[ -n "$p" ] && kill -KILL $pids 2>/dev/null
	for p in $pids; do wait "$p" 2>/dev/null; done
	return 0
}

# bg_wait PID: its exit status.
bg_wait() {
	local rc=0
	{ wait "$1"; } 2>/dev/null || rc=$?
	return $rc
}

# wait_for SECS CMD ARGS...: polls CMD every 20 ms until it succeeds;
# fails once SECS seconds of the clock have passed (however slow CMD is
# under load), or at once when CMD returns 2 (hopeless), except for grep,
# whose 2 only says its file is not there yet.  At most 100,000 polls.
wait_for() {
	local secs=$1 i=0 rc; shift
	local deadline=$(( ${EPOCHREALTIME/./} + secs * 1000000 ))
	while :; do
		rc=0; "$@" 2>/dev/null || rc=$?
		[ $rc -eq 0 ] && return 0
		[ $rc -eq 2 ] && [ "$1" != grep ] && return 1
		i=$((i + 1))
		[ $i -ge 100000 ] && return 1
		[ "${EPOCHREALTIME/./}" -ge $deadline ] && return 1
		sleep 0.02
	done
}

# wait_socket PATH [SECS]: until a socket node exists at PATH.
wait_socket() {
	wait_for "${2:-20}" test -S "$1"
}

# ---- uipc ----------------------------------------------------------------

# uipc_setup: a fresh temporary directory $T; unless native, a uipcd of the
# test's own listening at $UIPC_SOCKET, logging to $T/uipcd.log.
uipc_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/uipc-test.XXXXXX") || exit 1
	chmod 755 "$T"
	export T
	trap uipc_teardown EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	UIPCD_PID=
	[ "$UIPC_NATIVE" = 1 ] && return 0
	export UIPC_SOCKET=$T/uipcd.sock
	# A test may prepare $T first (UIPCD_BEFORE_START names a function),
	# and give uipcd a configuration (UIPCD_CONF_TEXT, @T@ for $T).
	[ -n "${UIPCD_BEFORE_START:-}" ] && "$UIPCD_BEFORE_START"
	local conf=()
	if [ -n "${UIPCD_CONF_TEXT:-}" ]; then
		printf '%s\n' "$UIPCD_CONF_TEXT" | sed "s|@T@|$T|g" >"$T/uipcd.conf"
		conf=(-f "$T/uipcd.conf")
	fi
	"$UIPC_BUILD/bin/uipcd" -s "$UIPC_SOCKET" "${conf[@]}" >"$T/uipcd.log" 2>&1 &
	UIPCD_PID=$!
	_uipcd_checked= _uipcd_fds0=
	if ! wait_for 10 _uipcd_up; then
		# The placeholder uipcd of the skeleton says "not yet": skip until
		# the real one lands.  Any other failure to start is a failure.
		if grep -q 'not yet' "$T/uipcd.log"; then
			echo "1..0 # SKIP uipcd is not implemented yet"
			_tap_planned=0
			exit 0
		fi
		fail "uipcd started (socket at $UIPC_SOCKET within 10 s)" "$(cat "$T/uipcd.log")"
		echo "1..$_tap_n"
		_tap_planned=$_tap_n
		exit 1
	fi
	_uipcd_fds0=$(_uipcd_fds)
}

# ---- nothing left behind (uipc only) ---------------------------------------
#
# The project's rule: after every system and interop test, `uipc netstat`
# shows no socket of that test but TIME_WAIT, and uipcd's descriptor count
# is back where it was.  The harness checks it, so no test can forget: a
# socket goes when its last descriptor closes (a TCP connection may wait
# out TIME_WAIT, RFC 9293 §3.6.1), and uipcd keeps no descriptor of it.

UIPC_LEAK_WAIT=${UIPC_LEAK_WAIT:-10}	# seconds for closes (FIN exchanges) to end

_uipcd_fds() {
	ls "/proc/$UIPCD_PID/fd" 2>/dev/null | wc -l
}

# _uipcd_left: netstat's rows of sockets not in TIME_WAIT.
# Sockets uipcd holds itself (its DNS responder's) are its own, not a test's.
_uipcd_left() {
	"$UIPC_BUILD/bin/uipc" netstat -a 2>&1 |
	    awk -v d="${UIPCD_PID:-}" 'NR > 1 && $5 != "TIME_WAIT" && !(d != "" && $(NF - 1) == d)'
}

_uipcd_clean() {
	[ -z "$(_uipcd_left)" ] && [ "$(_uipcd_fds)" -le "$_uipcd_fds0" ]
}

# uipc_check_nothing_left: ends the test's programs, then waits (bounded)
# until uipcd holds nothing of them; a failure otherwise, with what is
# left.  Teardown calls it; a test that stops uipcd itself calls it first.
uipc_check_nothing_left() {
	[ -n "${_uipcd_checked:-}" ] && return 0
	_uipcd_checked=1
	[ -n "${UIPCD_PID:-}" ] && [ -n "${_uipcd_fds0:-}" ] || return 0
	_kill_children
	if [ -n "${UIPC_LEAVES:-}" ]; then
		diag "not checked that nothing is left in uipcd: $UIPC_LEAVES"
		return 0
	fi
	kill -0 "$UIPCD_PID" 2>/dev/null || return 0	# its end is checked in teardown
	wait_for "$UIPC_LEAK_WAIT" _uipcd_clean && return 0
	fail "once the test's programs ended, uipcd holds nothing of them (netstat: only TIME_WAIT; descriptors: $_uipcd_fds0)" \
	    "descriptors now: $(_uipcd_fds)" "sockets left:" "$(_uipcd_left)" \
	    "uipcd's descriptors:" "$(ls -l "/proc/$UIPCD_PID/fd" 2>&1 | awk 'NR > 1 { print $(NF - 2), $NF }')"
}

# _uipcd_up: true once uipcd's socket exists; exits the wait at once
# (status 0, socket missing) when uipcd has died.
_uipcd_up() {
	test -S "$UIPC_SOCKET" && return 0
	kill -0 "$UIPCD_PID" 2>/dev/null || { wait "$UIPCD_PID" 2>/dev/null; UIPCD_PID=; return 2; }
	return 1
}

# uipc_teardown: kills what the test left running, stops uipcd, prints its
# log as TAP comments when a check failed, removes $T, and sets the exit
# status: nonzero when a check failed or the plan was not met.
uipc_teardown() {
	local rc=$? p
	for p in $_bg_pids; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $_bg_pids; do
		wait "$p" 2>/dev/null
	done
	uipc_check_nothing_left
	if [ -n "${UIPCD_PID:-}" ]; then
		kill -TERM "$UIPCD_PID" 2>/dev/null
		local i=0
		while kill -0 "$UIPCD_PID" 2>/dev/null && [ $i -lt 250 ]; do
			sleep 0.02; i=$((i + 1))
		done
		kill -KILL "$UIPCD_PID" 2>/dev/null
		wait "$UIPCD_PID" 2>/dev/null
		_uipcd_status=$?
		# uipcd ends cleanly on SIGTERM; anything else (a crash, a
		# sanitizer's report when uipcd is built with one) fails the test.
		if [ $_uipcd_status -ne 0 ] || grep -qE 'Sanitizer|runtime error' "$T/uipcd.log" 2>/dev/null; then
			_tap_failed=$((_tap_failed + 1))
			diag "uipcd did not end cleanly (status $_uipcd_status)"
		fi
		if [ $_tap_failed -gt 0 ] && [ -s "$T/uipcd.log" ]; then
			diag "uipcd log:"
			sed 's/^/#   /' "$T/uipcd.log"
		fi
	fi
	[ -n "${T:-}" ] && [ -d "$T" ] && rm -rf "$T"
	if [ -z "$_tap_planned" ]; then
		# Died before done_testing: say so in TAP.
		fail "test ran to its end" "exit status $rc"
		echo "1..$_tap_n"
		exit 1
	fi
	[ $_tap_failed -gt 0 ] && exit 1
	[ "$_tap_n" -ne "$_tap_planned" ] && exit 1
	# Every failure is in the TAP stream above (a program's own exit
	# status is a check of its own), so the script's status is TAP's.
	exit 0
}

# uipc_setup_two_hosts SEED [LINES]: uipc_setup with two hosts (and LINES of
# configuration of the whole, such as 'nameserver') on one segment (arpa
# 10.0.0.1, monet 10.0.0.2, 100 us apart, faults seeded with SEED), and
# ON_ARPA / ON_MONET (command prefixes) and ARPA / MONET (addresses); on the
# Linux kernel (UIPC_NATIVE=1) both hosts are this machine's 127.0.0.1.
uipc_setup_two_hosts() {
	UIPCD_CONF_TEXT="
seed $1
${2:-}
segment lan
	delay 100us
host arpa
	interface en0 segment lan address 10.0.0.1/24
host monet
	interface en0 segment lan address 10.0.0.2/24
"
	uipc_setup
	if [ "$UIPC_NATIVE" = 1 ]; then
		ON_ARPA=(); ON_MONET=(); MONET=127.0.0.1; ARPA=127.0.0.1
	else
		ON_ARPA=("$UIPC_BUILD/bin/uipc" run -H arpa --)
		ON_MONET=("$UIPC_BUILD/bin/uipc" run -H monet --)
		MONET=10.0.0.2; ARPA=10.0.0.1
	fi
}

# on_uipc CMD ARGS...: runs CMD as a program on uipc (natively: on Linux).
# UIPC_RUN is the same prefix as an array, for building command lines.
if [ "$UIPC_NATIVE" = 1 ]; then
	UIPC_RUN=()
else
	UIPC_RUN=("$UIPC_BUILD/bin/uipc" run --)
fi
on_uipc() {
	"${UIPC_RUN[@]}" "$@"
}

# _argv CMD ARGS...: the command line in _ARGV, with a leading on_uipc
# replaced by its prefix, so that timeout(1) can run it.
_argv() {
	if [ "$1" = on_uipc ]; then
		shift
		_ARGV=("${UIPC_RUN[@]}" "$@")
	else
		_ARGV=("$@")
	fi
	_PROG_DESC="$(basename "$1") ${2:-}"
}

# as_nobody CMD ARGS...: runs CMD as the unprivileged user nobody; the
# caller checks can_drop_privilege first.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
}

can_drop_privilege() {
	[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
		id nobody >/dev/null 2>&1 && getent group nogroup >/dev/null
}

# need CMD...: the whole test skips when a tool is missing.
need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_all "$c is not installed"
	done
}

# ---- uipc only -------------------------------------------------------------
# For tests of what exists only on uipc (uipc netstat, malformed control
# requests): they skip natively.

require_uipc() {
	[ "$UIPC_NATIVE" = 1 ] && skip_all "tests uipc itself; nothing to check on the Linux kernel"
	return 0
}

# uipc_cmd ARGS...: the uipc command (netstat, ifconfig, ...) against this
# test's uipcd.
uipc_cmd() {
	"$UIPC_BUILD/bin/uipc" "$@"
}

# ---- a namespace of the test's own -----------------------------------------

# in_own_netns: runs the rest of the test in a network namespace (and a
# mount namespace) of its own, with only lo, up: for tests whose programs
# might otherwise reach the machine's network (name resolution, rcmd).  Call
# it first, before uipc_setup: the script starts again inside, and uipcd
# and every program then run there.  Mounts made inside (a tmpfs over a
# home directory, say) are the test's own.  Skips when namespaces cannot be
# made here.
in_own_netns() {
	if [ "${_UIPC_OWN_NETNS:-0}" != 1 ]; then
		command -v unshare >/dev/null 2>&1 || skip_all "unshare is not installed"
		unshare -m -n true 2>/dev/null || skip_all "cannot make a network namespace here"
		_UIPC_OWN_NETNS=1 exec unshare -m -n -- "$BASH" "$0" "$@"
	fi
	ip link set lo up 2>/dev/null || python3 -c 'import fcntl,socket,struct
s=socket.socket(); f=fcntl.ioctl(s,0x8913,struct.pack("16sh14x",b"lo",0))
fl=struct.unpack("16sh14x",f)[1]|1; fcntl.ioctl(s,0x8914,struct.pack("16sh14x",b"lo",fl))'
}
