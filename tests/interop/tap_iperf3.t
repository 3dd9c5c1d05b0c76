#!/bin/bash
# iperf3 across the TAP (issue 13), unmodified at both ends: TCP and UDP,
# uipc sending to Linux and Linux sending to uipc, each run completing; the
# receiver's rates are recorded as diagnostics (no test asserts a rate).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need iperf3
tap_setup 13
PORT=5201

# run WHERE_SRV SRV_ADDR PROTO: one 3-second iperf3 test, server first.
run() {
	local where=$1 addr=$2 proto=$3 cli=() srv=() udp=() what rc rate
	if [ "$where" = uipc ]; then srv=("${ON_UIPC[@]}"); what="Linux -> uipc"
	else cli=("${ON_UIPC[@]}"); what="uipc -> Linux"; fi
	# -b 200M: UDP sends at a rate both sides can take (its default is 1M).
	[ "$proto" = UDP ] && udp=(-u -b 200M)
	rm -f "$T/srv.out"
	bg 60 "$T/srv.out" "${srv[@]}" iperf3 -4 -s -1 --forceflush -B "$addr" -p $PORT
	local spid=$BG_PID
	wait_for 30 grep -q "Server listening" "$T/srv.out" ||
		fail "iperf3 -s listens ($what $proto)" "$(cat "$T/srv.out")"
	rc=0; timeout 40 "${cli[@]}" iperf3 -4 -c "$addr" -p $PORT "${udp[@]}" -t 3 -f M >"$T/cli.out" 2>&1 || rc=$?
	is "$rc" 0 "iperf3 $proto $what ran to its end"; [ "$rc" = 0 ] || diag "$(cat "$T/cli.out")"
	if [ "$proto" = UDP ]; then
		rate=$(awk '/receiver/ { print $7, $8, "lost", $11, $12 }' "$T/cli.out")
	else
		rate=$(awk '/receiver/ { print $7, $8 }' "$T/cli.out")
	fi
	case $rate in [0-9]*) pass "iperf3 $proto $what reported the receiver's rate" ;;
	*) fail "iperf3 $proto $what reported the receiver's rate" "$(cat "$T/cli.out")" ;; esac
	diag "iperf3 $proto $what: $rate"
	bg_wait $spid; ok_if $? "iperf3 -s -1 ($what $proto) exited 0 after its one test"
}
run uipc $UIPC TCP
run linux $LINUX TCP
run uipc $UIPC UDP
run linux $LINUX UDP
done_testing
