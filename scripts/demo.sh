#!/bin/bash
# make demo: the primer's §4 programs on uipc, ending in its Figure 3.
#
# A private uipcd runs etc/figure3.conf: the eighteen hosts of Figure 3 on
# two virtual segments (cs, ee) joined by the router ucbvax, each with
# Figure 3's up time, users and load averages.  rwhod runs on every host
# (ucbvax's with -f, so status crosses the router; each finds where to
# send by asking for its interfaces).  The five hosts Figure 3 shows down
# stop one after another while the system's wall clock (`uipc clock`)
# moves on, so that at the end each has been silent for exactly its
# Figure 3 down time; then ruptime on arpa prints Figure 3, and the script
# compares it line by line.  Then rlogin from arpa into the Figure 2 style
# rlogind on monet, a command, an interrupt whose flush arrives as urgent
# data, and `uipc netstat` showing the connection.
#
#	scripts/demo.sh [--figure3-only]
#
# --figure3-only stops after the comparison (tests/system/demo_figure3.t).
# The exit status is 0 only when Figure 3 came out line for line (and,
# in the full demo, the rlogin session did what it shows).  Every wait is
# bounded; whatever the script started is stopped on every way out.
set -u
B=${UIPC_BUILD:-$(pwd)/build}
CONF=${FIGURE3_CONF:-etc/figure3.conf}
ONLY_FIG3=0
[ "${1:-}" = --figure3-only ] && ONLY_FIG3=1
export TZ=UTC

# Built by `make demo`; run by hand, build what is missing.
for f in bin/uipcd bin/uipc bin/rwhod bin/ruptime bin/rlogind bin/rlogin; do
	if [ ! -x "$B/$f" ]; then
		make -s -j2 all >/dev/null || { echo "demo: build failed" >&2; exit 1; }
		break
	fi
done

T=$(mktemp -d /tmp/uipc-demo.XXXXXX)
# rwhod becomes nobody before it first reads the clock: it must reach the
# clock page beside the control socket (and the spools).
chmod 755 "$T"
export UIPC_SOCKET=$T/uipcd.sock
UIPC=$B/bin/uipc
TM=(tmux -S "$T/tmux.sock")
PIDS=()
UIPCD=
# kill_tree PID: PID and every process below it (rlogind's session
# children, a shell on its pty), children first.
kill_tree() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$c"; done
	kill "$1" 2>/dev/null
}
cleanup() {
	local p
	trap - EXIT INT TERM
	[ -S "$T/tmux.sock" ] && "${TM[@]}" kill-server 2>/dev/null
	for p in "${PIDS[@]}"; do kill_tree "$p"; done
	for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
	if [ -n "$UIPCD" ]; then kill "$UIPCD" 2>/dev/null; wait "$UIPCD" 2>/dev/null; fi
	# Anything uipcd said (a sanitizer's report under check-system-asan).
	[ -s "$T/uipcd.log" ] && sed 's/^/uipcd: /' "$T/uipcd.log" >&2
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# until_ok SECS CMD...: CMD until it succeeds, at most SECS seconds.
until_ok() {
	local end=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}
# die WHY: says why and stops (the EXIT trap cleans up).  DEMO_DEBUG=1
# (with rwhod -d) also shows arpa's spool: each status's send and receive time.
die() {
	echo "demo: $*" >&2
	if [ -n "${DEMO_DEBUG:-}" ]; then
		for f in "$T"/spool/arpa/whod.*; do echo "$f $(od -An -t d4 -j 4 -N 8 "$f")"; done
		tail -n 3 "$T"/rwhod.*.log
		"$UIPC" clock
	fi >&2
	exit 1
}
# secs DURATION: "20d", "19d15h37m", "17h4m" in seconds.
secs() { echo $(($(sed -e 's/d/*86400+/; s/h/*3600+/; s/m/*60+/; s/s/+/; s/+$//' <<<"$1"))); }
# Figure 3's "[D+]HH:MM" in seconds.
figsecs() {
	local d=0 hm=$1
	case $1 in *+*) d=${1%%+*}; hm=${1#*+} ;; esac
	echo $((d * 86400 + 10#${hm%%:*} * 3600 + 10#${hm##*:} * 60))
}

# The system's wall clock now, in seconds (the machine's plus uipc's offset).
OFFSET=0
systime() { echo $(($(date +%s) + OFFSET)); }
# move_to WHEN: move the system's clock forward to WHEN (seconds).
move_to() {
	local d=$(($1 - $(systime)))
	[ $d -gt 0 ] || die "the clock is already past $1"
	"$UIPC" clock +$d >/dev/null || die "uipc clock +$d failed"
	OFFSET=$("$UIPC" clock | awk '{print $2}')
	echo "  uipc clock +$d   ($(human $d) on; system time $(date -u -d @"$(systime)" '+%b %e %H:%M:%S'))"
	MOVES+=("$d")
}
human() { printf '%dd %02d:%02d:%02d' $(($1 / 86400)) $(($1 % 86400 / 3600)) $(($1 % 3600 / 60)) $(($1 % 60)); }

# Figure 3 of the primer (§4.3), as printed there.
FIGURE3='arpa	up	9:45,	5 users, load	1.15,	1.39,	1.31
cad	up	2+12:04,	8 users, load	4.67,	5.13,	4.59
calder	up	10:10,	0 users, load	0.27,	0.15,	0.14
dali	up	2+06:28,	9 users, load	1.04,	1.20,	1.65
degas	up	25+09:48,	0 users, load	1.49,	1.43,	1.41
ear	up	5+00:05,	0 users, load	1.51,	1.54,	1.56
ernie	down	0:24
esvax	down	17:04
ingres	down	0:26
kim	up	3+09:16,	8 users, load	2.03,	2.46,	3.11
matisse	up	3+06:18,	0 users, load	0.03,	0.03,	0.05
medea	up	3+09:39,	2 users, load	0.35,	0.37,	0.50
merlin	down	19+15:37
miro	up	1+07:20,	7 users, load	4.59,	3.28,	2.12
monet	up	1+00:43,	2 users, load	0.22,	0.09,	0.07
oz	down	16:09
statvax	up	2+15:57,	3 users, load	1.52,	1.81,	1.86
ucbvax	up	9:34,	2 users, load	6.08,	5.16,	3.28'
HOSTS=$(awk '{print $1}' <<<"$FIGURE3")
# The down hosts, the one down longest first: the order they stop in.
DOWN=$(awk '$2 == "down" {print $1, $3}' <<<"$FIGURE3" |
	while read -r h t; do echo "$(figsecs "$t") $h"; done | sort -rn | awk '{print $2}')
UP=$(awk '$2 == "up" {print $1}' <<<"$FIGURE3")
declare -A DOWNTIME RWHOD
for h in $DOWN; do DOWNTIME[$h]=$(figsecs "$(awk -v h="$h" '$1 == h {print $3}' <<<"$FIGURE3")"); done
MOVES=()

echo "== uipcd at $UIPC_SOCKET with the 18 hosts of Figure 3 ($CONF): segments cs and ee, router ucbvax"
"$B/bin/uipcd" -s "$UIPC_SOCKET" -f "$CONF" 2>"$T/uipcd.log" & UIPCD=$!
until_ok 20 test -S "$UIPC_SOCKET" -a -e "$UIPC_SOCKET.clock" || die "uipcd did not start: $(cat "$T/uipcd.log")"
# Figure 3's moment: the configuration's "ages at" after uipcd's start
# (the clock page is made at that start; its mtime is the machine's clock).
AGES=$(awk '$1 == "ages" && $2 == "at" {sub(/^\+/, "", $3); print $3}' "$CONF")
[ -n "$AGES" ] || die "$CONF has no 'ages at' line"
FIG3_AT=$(($(stat -c %Y "$UIPC_SOCKET.clock") + $(secs "$AGES")))
"$UIPC" ifconfig -H ucbvax | sed "s/^/  ucbvax: /"

echo "== rwhod on every host (ucbvax's with -f, to pass status between cs and ee)"
for h in $HOSTS; do
	mkdir -p "$T/spool/$h" && chown nobody "$T/spool/$h"
	f=; [ "$h" = ucbvax ] && f=-f
	RWHODIR=$T/spool/$h "$UIPC" run -H "$h" -- "$B/bin/rwhod" -i 1 ${DEMO_DEBUG:+-d} $f >"$T/rwhod.$h.log" 2>&1 &
	RWHOD[$h]=$!; PIDS+=($!)
done
SPOOL=$T/spool/arpa
heard_all() { [ "$(ls "$SPOOL" | grep -c '^whod\.')" -ge 18 ]; }
until_ok 40 heard_all || die "arpa heard only $(ls "$SPOOL" | tr '\n' ' ')"
echo "  arpa's spool holds the status of all 18 hosts: $(ls "$SPOOL" | sed 's/whod\.//' | tr '\n' ' ')"

# recvtime HOST: when arpa's rwhod received HOST's last status (the spool
# file is struct whod in the host's byte order; wd_recvtime at offset 8).
recvtime() { od -An -t d4 -j 8 -N 4 "$SPOOL/whod.$1" 2>/dev/null | tr -d ' '; }
sendtime() { od -An -t d4 -j 4 -N 4 "$SPOOL/whod.$1" 2>/dev/null | tr -d ' '; }
fresh() { local r; r=$(recvtime "$1"); [ -n "$r" ] && [ "$r" -ge "$2" ]; }
all_fresh() { local h; for h in $UP; do fresh "$h" "$1" || return 1; done; }
# all_sent_after WHEN: arpa has taken a status that each live host sent
# after WHEN.  Every status sent before then, queued at ucbvax or at
# arpa's rwhod, has been taken by now (each hop takes them in order).
all_sent_after() {
	local h s
	for h in $LIVE; do
		s=$(sendtime "$h")
		[ -n "$s" ] && [ "$s" -gt "$1" ] || return 1
	done
}

echo "== the five hosts of Figure 3 that are down stop, the longest down first"
LIVE=$HOSTS
# Each stops so that its last status arrives 28 s past (its down time
# before Figure 3's moment): ruptime rounds up to minutes, so a down time
# prints as Figure 3's for the next half minute either way.
for h in $DOWN; do
	at=$((FIG3_AT - DOWNTIME[$h] + 28))
	move_to "$at"
	until_ok 20 fresh "$h" "$at" || die "no status from $h after the clock moved"
	kill "${RWHOD[$h]}"; wait "${RWHOD[$h]}" 2>/dev/null
	# A status it sent just before may still wait in a queue: let it
	# arrive before the clock moves on, or it would be stamped late.
	LIVE=$(tr ' ' '\n' <<<"$LIVE" | grep -vx "$h")
	until_ok 20 all_sent_after "$(systime)" || die "the live hosts' status did not reach arpa"
	echo "  $h's rwhod stopped; its last status reached arpa at $(date -u -d @"$(recvtime "$h")" '+%b %e %H:%M:%S')"
done
echo "== on to Figure 3's moment; every live rwhod sends (each second, -i 1)"
at=$((FIG3_AT - 5))
move_to "$at"
until_ok 30 all_fresh "$at" || die "not every host sent after the last move"
RUPTIME=$(RWHODIR=$SPOOL "$UIPC" run -H arpa -- "$B/bin/ruptime")
echo "arpa\$ ruptime"
printf '%s\n' "$RUPTIME"

# Line by line, spacing aside (the primer's tabs against ruptime's columns).
norm() { sed -e 's/[[:space:]]\{1,\}/ /g' -e 's/ $//'; }
diff <(norm <<<"$FIGURE3") <(norm <<<"$RUPTIME") >"$T/fig3.diff"
same=$(paste -d '\n' <(norm <<<"$FIGURE3") <(norm <<<"$RUPTIME") | paste - - -d '|' |
	awk -F'|' '$1 == $2' | wc -l)
if [ ! -s "$T/fig3.diff" ]; then
	echo "Figure 3 reproduced: $same of 18 lines"
	FIG3_OK=1
else
	echo "Figure 3 NOT reproduced: $same of 18 lines the same; < Figure 3, > ruptime:"
	grep '^[<>]' "$T/fig3.diff"
	FIG3_OK=0
fi

by_hand() {
	local i=0 h
	echo "== the same system by hand (as root, at the top of the tree; uipc(1), uipc.conf(5)):"
	echo "  mkdir -m 755 /tmp/fig3; export UIPC_SOCKET=/tmp/fig3/uipcd.sock"
	echo "  build/bin/uipcd -s \$UIPC_SOCKET -f $CONF &"
	echo "  for h in $(tr '\n' ' ' <<<"$HOSTS" | sed 's/ $//'); do"
	echo "    mkdir -p /tmp/fig3/\$h; chown nobody /tmp/fig3/\$h; f=; [ \$h = ucbvax ] && f=-f"
	echo "    RWHODIR=/tmp/fig3/\$h build/bin/uipc run -H \$h -- build/bin/rwhod -i 1 \$f &"
	echo "    eval RWHOD_OF_\$h=\$!"
	echo "  done"
	echo "  # then, for each down host, longest down first: move the clock, let a"
	echo "  # status arrive, stop that host's rwhod (and let its last arrive).  This run's moves:"
	for h in $DOWN; do
		echo "  build/bin/uipc clock +${MOVES[$i]:-?}; sleep 2; kill \$RWHOD_OF_$h; sleep 2"
		i=$((i + 1))
	done
	echo "  build/bin/uipc clock +${MOVES[$i]:-?}; sleep 2   # Figure 3's moment: 20 days after uipcd's start"
	echo "  RWHODIR=/tmp/fig3/arpa build/bin/uipc run -H arpa -- build/bin/ruptime"
	echo "  echo 'arpa root' >/tmp/fig3/equiv"
	echo "  build/bin/uipc run -H monet -- build/bin/rlogind -e /tmp/fig3/equiv &"
	echo "  build/bin/uipc run -H arpa -- build/bin/rlogin -v monet      # ~. to leave"
	echo "  build/bin/uipc netstat"
	echo "  (the moves land where they should only when typed at once: the demo"
	echo "  computes each from Figure 3's moment, etc/figure3.conf's 'ages at +20d')"
}
if [ $ONLY_FIG3 = 1 ]; then
	[ $FIG3_OK = 1 ]; exit
fi

echo "== rlogin from arpa into rlogind on monet (Figure 2's server: a child per client)"
printf 'arpa root\n' >"$T/equiv"
"$UIPC" run -H monet -- "$B/bin/rlogind" -e "$T/equiv" >"$T/rlogind.log" 2>&1 & PIDS+=($!)
until_ok 20 grep -qs listening "$T/rlogind.log" || die "rlogind did not start: $(cat "$T/rlogind.log")"
command -v tmux >/dev/null || die "tmux is needed for the rlogin part (scripts/deps.sh)"
"${TM[@]}" new-session -d -s demo -x 80 -y 24 \
	"$UIPC run -H arpa -- $B/bin/rlogin -v monet 2>$T/rlogin.err; echo RLOGIN-ENDED; sleep 60"
screen() { "${TM[@]}" capture-pane -p -S -200 -t demo 2>/dev/null; }
has() { screen | grep -qE "$1"; }
last_is_prompt() { [ "$("${TM[@]}" capture-pane -p -t demo | grep -v '^$' | tail -1)" = 'monet#' ]; }
keys() { "${TM[@]}" send-keys -t demo "$@"; }
RL_OK=1
not_seen() { echo "  (demo: $*)"; RL_OK=0; }
keys "PS1='monet# '; clear; hostname; who; date; echo DONE-\$((6*7))" Enter
until_ok 20 has '^DONE-42' || not_seen "no answer from monet"
echo "-- arpa's terminal, logged in to monet without a password (arpa is in the equivalence file):"
screen | grep -v '^$' | grep -v DONE | sed 's/^/  | /'
echo "== uipc netstat, while logged in (the rlogin connection, arpa to monet)"
"$UIPC" netstat -S established
echo "== 'yes FLOOD' on monet, then ^C: the server flushes through urgent data"
keys "clear; yes FLOOD" Enter
until_ok 20 has '^FLOOD$' || not_seen "no FLOOD on the screen"
keys C-c
until_ok 30 last_is_prompt || not_seen "no prompt after ^C"
keys "echo AFTER-\$((1+1))" Enter
until_ok 20 has '^AFTER-2$' || not_seen "no answer after ^C"
screen | grep -v '^$' | tail -5 | sed 's/^/  | /'
keys Enter '~.'
until_ok 20 has RLOGIN-ENDED || not_seen "rlogin did not end at ~."
echo "-- rlogin -v on leaving:"
grep -v '^[[:space:]]*$' "$T/rlogin.err" | sed 's/^/  /'
grep -qE '^rlogin: [1-9][0-9]* urgent flush' "$T/rlogin.err" || not_seen "rlogin counted no urgent flush"
by_hand
echo "== done: stopping uipcd, the rwhods, rlogind and tmux"
[ $FIG3_OK = 1 ] && [ $RL_OK = 1 ]
