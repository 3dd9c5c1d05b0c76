#!/bin/bash
# socat, unmodified, moving data across the TAP each way with equal sha256
# (issue 13): 1 GB each way on a clean link, then again through Linux's
# netem on the TAP device (5% loss, 20 ms +- 10 ms delay, 1% duplication,
# reordering).  netem shapes what Linux sends into the TAP: the data of the
# Linux -> uipc transfer, the ACKs of the uipc -> Linux one.
#
# Under netem the transfers are TAP_NETEM_MB each (default 8), not 1 GB: at
# 5% loss and ~40 ms round trips, TCP's rate for any sender is of the order
# of MSS/RTT * 1.22/sqrt(p) (Mathis et al. 1997), some 200-400 kB/s, and
# 1 GB would take the better part of an hour.  TAP_CLEAN_MB sets the clean
# size (default 1024).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat sha256sum tc
tap_setup 13
CLEAN_MB=${TAP_CLEAN_MB:-1024}
NETEM_MB=${TAP_NETEM_MB:-8}
PORT=7000

# xfer DIR MB LIMIT LABEL: DIR "up" is Linux -> uipc, "down" uipc -> Linux.
xfer() {
	local dir=$1 mb=$2 limit=$3 label=$4 srv=() cli=() dst t0 t1 rc
	if [ "$dir" = up ]; then srv=("${ON_UIPC[@]}"); dst=$UIPC; label="Linux -> uipc, $label"
	else cli=("${ON_UIPC[@]}"); dst=$LINUX; label="uipc -> Linux, $label"; fi
	head -c $((mb << 20)) /dev/urandom >"$T/in"
	local want; want=$(sha256sum <"$T/in")
	rm -f "$T/recv.rc"
	( timeout "$limit" "${srv[@]}" socat -u TCP4-LISTEN:$PORT,bind=$dst,reuseaddr STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
	local recv=$!; _bg_pids="$_bg_pids $recv"
	t0=$(date +%s.%N)
	rc=0; timeout "$limit" "${cli[@]}" socat -u FILE:"$T/in" TCP4:$dst:$PORT,retry=50,interval=0.2 2>"$T/send.err" || rc=$?
	is "$rc" 0 "sending socat exited 0 ($label)"; [ "$rc" = 0 ] || diag "$(cat "$T/send.err")"
	bg_wait $recv
	t1=$(date +%s.%N)
	is "$(cat "$T/recv.rc" 2>/dev/null)" 0 "receiving socat exited 0 at EOF ($label)"
	[ "$(cat "$T/recv.rc" 2>/dev/null)" = 0 ] || diag "$(cat "$T/recv.err")"
	is "$(cat "$T/got")" "$want" "$mb MB arrived with equal sha256 ($label)"
	diag "$label: $mb MB in $(echo "$t1 - $t0" | bc) s: $(echo "scale=2; $mb / ($t1 - $t0)" | bc) MB/s"
	rm -f "$T/in"
}

xfer up "$CLEAN_MB" 300 "clean"
xfer down "$CLEAN_MB" 300 "clean"
if tc qdisc add dev $TAPDEV root netem loss 5% delay 20ms 10ms duplicate 1% reorder 25% 50% 2>"$T/tc.err"; then
	pass "netem on $TAPDEV: $(tc qdisc show dev $TAPDEV | head -n 1)"
	xfer up "$NETEM_MB" 600 "netem"
	xfer down "$NETEM_MB" 600 "netem"
	diag "uhost's TCP counters after netem:" "$(uipc_cmd netstat -s 2>&1 | grep -iE 'retransmit|sack|duplicate|out-of-order' | head -n 12)"
else
	skip "transfers through netem" "tc cannot add netem here: $(cat "$T/tc.err")"
fi
done_testing
