#!/bin/bash
# rwhod on five hosts of one segment fills every host's spool (primer
# §4.3); ruptime prints Figure 3's lines from the configured boot times,
# users and load averages (uipc.conf(5) host settings); rwho lists the
# users; a host whose rwhod stops turns "down" once the system's wall
# clock passes 11 minutes since its last status (moved with `uipc clock`,
# not waited for).  Natively: five network namespaces on a bridge, the
# same programs, the machine's own load and users; the clock is uipc's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rwho_lib.sh"
rwho_native_reexec "$@"
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"

UIPCD_CONF_TEXT="
seed 11
segment lan
	delay 100us
host arpa
	interface en0 segment lan address 10.0.0.1/24
	uptime 9h44m30s
	load 1.15 1.39 1.31
	user alice console login 2h idle 5m
	user bob ttyp0 login 3h idle 2h
host cad
	interface en0 segment lan address 10.0.0.2/24
	uptime 2d12h3m30s
	load 4.67 5.13 4.59
	users none
host calder
	interface en0 segment lan address 10.0.0.3/24
	uptime 10h9m30s
	load 0.27 0.15 0.14
	users none
host dali
	interface en0 segment lan address 10.0.0.4/24
host degas
	interface en0 segment lan address 10.0.0.5/24
"
uipc_setup
HOSTS="arpa cad calder dali degas"
rwho_hosts arpa=10.9.0.1 cad=10.9.0.2 calder=10.9.0.3 dali=10.9.0.4 degas=10.9.0.5

for h in $HOSTS; do
	rwhod_start "$h" -i 1
done
all_spools_full() {
	local h
	for h in $HOSTS; do spool_count "$h" 5 || return 1; done
}
if wait_for 60 all_spools_full; then
	pass "every host's spool holds the status of all five"
else
	fail "every host's spool holds the status of all five" "$(ls -R "$T/spool")" "$(tail -n 5 "$T"/rwhod.*.log)"
fi
is "$(ls "$T/spool/dali" | tr '\n' ' ')" "whod.arpa whod.cad whod.calder whod.dali whod.degas " \
	"one file a host, named whod.HOST, no half-written file left"
check "rwhod runs as nobody after binding port 513" \
	test "$(stat -c %U "$T/spool/cad/whod.arpa")" = nobody

out=$(ruptime_on dali)
diag "$out"
is "$(printf '%s\n' "$out" | awk '{print $1, $2}' | tr '\n' ' ')" \
	"arpa up cad up calder up dali up degas up " "ruptime on dali: five hosts, up, by name"
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "ruptime prints each host's configured settings" "host settings are uipc's"
	skip "rwho lists the configured users" "host settings are uipc's"
else
	# Uptimes grow while the test runs: the minutes may have moved on.
	check "ruptime: arpa up 9:45, 1 user (one idle over an hour), its load" \
		grep -qE '^arpa          up       9:4[5-9],     1 user,   load +1\.15, +1\.39, +1\.31$' <<<"$out"
	check "ruptime: cad up 2+12:04, 0 users, its load" \
		grep -qE '^cad           up    2\+12:0[4-9],     0 users,  load +4\.67, +5\.13, +4\.59$' <<<"$out"
	check "ruptime: calder up 10:10" \
		grep -qE '^calder        up      10:1[0-5],     0 users,  load +0\.27, +0\.15, +0\.14$' <<<"$out"
	check "ruptime -a counts idle users too" grep -qE '^arpa .* 2 users,' <<<"$(ruptime_on dali -a)"
	# The machine's own hosts (dali, degas) left out: their load is the machine's.
	order() { ruptime_on dali "$@" | awk '$1 ~ /^(arpa|cad|calder)$/ {print $1}' | tr '\n' ' '; }
	is "$(order -l)" "cad arpa calder " "ruptime -l: by load, the most loaded first"
	is "$(order -t)" "cad calder arpa " "ruptime -t: by up time, the longest first"
	is "$(order -u -r)" "cad calder arpa " "ruptime -u -r: by users, the fewest first"
	w=$(rwho_on cad | grep ' arpa:')
	diag "$w"
	check "rwho: alice on arpa:console, idle 5 minutes; bob (idle 2 hours) left out" \
		grep -qE '^alice    arpa:console [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}  ?:0[5-9]$' <<<"$w"
	wa=$(rwho_on cad -a | grep ' arpa:')
	check "rwho -a: bob too, idle 2:00" \
		grep -qE '^bob      arpa:ttyp0   [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}  2:0[0-5]$' <<<"$wa"
fi

# degas stops.  On uipc the clock moves: 10 minutes leave it up, 2 more down.
kill "${RWHOD_PID[degas]}"
bg_wait "${RWHOD_PID[degas]}"
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "degas still up 10 minutes after its last status" "the wall clock moves only on uipc"
	skip "degas down 12 minutes after its last status" "the wall clock moves only on uipc"
else
	uipc_cmd clock +10m >/dev/null
	check "degas still up 10 minutes after its last status" \
		grep -qE '^degas +up ' <<<"$(ruptime_on dali)"
	uipc_cmd clock +2m >/dev/null
	four_up_degas_down() {
		local o
		o=$(ruptime_on dali)
		grep -qE '^degas       down       0:1[23]$' <<<"$o" &&
			[ "$(grep -c ' up ' <<<"$o")" = 4 ]
	}
	if wait_for 60 four_up_degas_down; then
		pass "degas down 12 minutes after its last status; the four others up"
	else
		fail "degas down 12 minutes after its last status; the four others up" "$(ruptime_on dali)"
	fi
	check "rwho leaves out the users of a host that is down" \
		test -z "$(rwho_on dali -a | grep ' degas:')"
fi
check "no rwhod logged an error" test -z "$(grep -hv -e 'sent ' -e 'status of ' -e destination "$T"/rwhod.*.log)"
done_testing
