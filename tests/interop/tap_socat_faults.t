#!/bin/bash
# socat across a TAP whose uipc side has the fault stage a segment has
# (issue 13; uipc.conf(5), a tap interface line's fault settings): 5% loss,
# 20 ms + up to 10 ms delay, 1% duplication and 5% reordering of every
# frame uipc sends.  TAP_FAULT_MB (default 8) each way arrives with equal
# sha256; the Linux kernel's TCP copes with uipc's faults and uipc's with
# the losses of its own data.  This is the impaired run of tap_socat.t for
# kernels without netem (CONFIG_NET_SCH_NETEM), and on every kernel it
# shows the fault stage on a tap.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat sha256sum
tap_setup 13 "
seed 13
host uhost
	interface en1 tap uipc0 address 10.99.0.2/24 loss 5% delay 20ms jitter 10ms duplicate 1% reorder 5%
"
MB=${TAP_FAULT_MB:-8}
PORT=7000

xfer() {
	local dir=$1 srv=() cli=() dst label t0 t1 rc
	if [ "$dir" = up ]; then srv=("${ON_UIPC[@]}"); dst=$UIPC; label="Linux -> uipc"
	else cli=("${ON_UIPC[@]}"); dst=$LINUX; label="uipc -> Linux"; fi
	head -c $((MB << 20)) /dev/urandom >"$T/in"
	local want; want=$(sha256sum <"$T/in")
	rm -f "$T/recv.rc"
	( timeout 600 "${srv[@]}" socat -u TCP4-LISTEN:$PORT,bind=$dst,reuseaddr STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
	local recv=$!; _bg_pids="$_bg_pids $recv"
	t0=$(date +%s.%N)
	rc=0; timeout 600 "${cli[@]}" socat -u FILE:"$T/in" TCP4:$dst:$PORT,retry=50,interval=0.2 2>"$T/send.err" || rc=$?
	is "$rc" 0 "sending socat exited 0 ($label, faults)"; [ "$rc" = 0 ] || diag "$(cat "$T/send.err")"
	bg_wait $recv
	t1=$(date +%s.%N)
	is "$(cat "$T/recv.rc" 2>/dev/null)" 0 "receiving socat exited 0 at EOF ($label, faults)"
	is "$(cat "$T/got")" "$want" "$MB MB arrived with equal sha256 ($label, faults)"
	diag "$label with faults: $MB MB in $(echo "$t1 - $t0" | bc) s"
}
xfer up
xfer down
st=$(uipc_cmd netstat -s 2>&1)
diag "uhost's counters:" "$(grep -iE 'retransmit|sack|duplicate|out-of-order' <<<"$st" | head -n 14)"
done_testing
