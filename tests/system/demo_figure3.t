#!/bin/bash
# make demo (scripts/demo.sh) reproduces the primer's Figure 3 (§4.3) line
# for line: 18 hosts of etc/figure3.conf on two segments joined by the
# router ucbvax, rwhod on each, the five down hosts stopped while the
# system's wall clock moves so that each has been silent for its Figure 3
# down time; ruptime on arpa is compared with Figure 3 inside the script.
# Then (with tmux) the rest of the demo: rlogin arpa -> monet, an interrupt
# whose flush arrives as urgent data, `uipc netstat` showing the
# connection.  The demo's exit status is the verdict of its own checks;
# this test also checks that it leaves nothing running.  uipc only: the
# clock that moves and the hosts' settings are uipc's.
. "$(dirname "$0")/lib.sh"
[ "$UIPC_NATIVE" = 1 ] && skip_all "the demo's hosts, settings and clock are uipc's"
[ "$(id -u)" = 0 ] || skip_all "the demo runs rwhod and rlogind as root and moves the clock"
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/demo_figure3.XXXXXX)
trap 'rm -rf "$T"' EXIT
mode=
command -v tmux >/dev/null || mode=--figure3-only

(cd "$TOP" && UIPC_BUILD=$UIPC_BUILD timeout -k 5 150 scripts/demo.sh $mode) >"$T/out" 2>&1
rc=$?
diag "$(cat "$T/out")"
is "$rc" 0 "scripts/demo.sh${mode:+ $mode} succeeds (its own checks passed)"
check "ruptime prints Figure 3: 18 of 18 lines the same" grep -qx 'Figure 3 reproduced: 18 of 18 lines' "$T/out"
# The comparison is the demo's; a few lines checked here as well, as ruptime printed them.
check "merlin down 19+15:37" grep -qE '^merlin +down +19\+15:37$' "$T/out"
check "ernie down 0:24" grep -qE '^ernie +down +0:24$' "$T/out"
check "degas up 25+09:48, 0 users, its load" grep -qE '^degas +up +25\+09:48, +0 users, +load 1\.49, 1\.43, 1\.41$' "$T/out"
check "kim (on ee, its status forwarded by ucbvax) up 3+09:16, 8 users" grep -qE '^kim +up +3\+09:16, +8 users,' "$T/out"
if [ -z "$mode" ]; then
	check "netstat shows the rlogin connection monet:513 <-> arpa" \
		grep -qE 'monet +inet stream +ESTABLISHED +10\.0\.2\.7:513 +10\.0\.1\.2:' "$T/out"
	check "rlogin -v counted at least one urgent flush" grep -qE '^  rlogin: [1-9][0-9]* urgent flush' "$T/out"
else
	skip "the rlogin part" "no tmux"
fi
sock=$(sed -n 's/^== uipcd at \([^ ]*\) .*/\1/p' "$T/out")
check "the demo said where its uipcd listened" test -n "$sock"
check "the demo removed its directory" test ! -e "$(dirname "${sock:-/nonexistent/x}")"
left=$(pgrep -af "$(dirname "${sock:-/nonexistent/x}")" || true)
is "$left" "" "nothing the demo started is left running"
check "uipcd said nothing on leaving (no sanitizer report, no error)" \
	test -z "$(grep '^uipcd: ' "$T/out")"
done_testing
