#!/bin/bash
# socat across a TAP whose uipc side has the fault stage a segment has
# (issue 13; uipc.conf(5), a tap interface line's fault settings): 5% loss,
# 20 ms + up to 10 ms delay, 1% duplication and 5% reordering of every
# frame uipc sends.  TAP_FAULT_MB (default 8) each way arrives with equal
# sha256.  Then Linux sends as much to "far", a uipc host behind uhost on a
# segment losing 5% of its frames (Linux drops of its own, by nftables or
# a qdisc, are no holes on the wire: its TCP sees them and sends again at
# once).  uipc's capture of the tap shows SACK blocks (RFC 2018) sent by
# both kernels: Linux's for uhost's losses, far's for the segment's.  This is the impaired run of tap_socat.t for
# kernels without netem (CONFIG_NET_SCH_NETEM), and on every kernel it
# shows the fault stage on a tap.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat sha256sum tshark
tap_setup 13 "
seed 13
segment lossy
	loss 5%
host uhost
	forwarding yes
	interface en1 tap uipc0 address 10.99.0.2/24 loss 5% delay 20ms jitter 10ms duplicate 1% reorder 5% pcap @T@/tap.pcap
	interface en0 segment lossy address 10.98.0.1/24
host far
	interface en0 segment lossy address 10.98.0.2/24
	route default 10.98.0.1
"
MB=${TAP_FAULT_MB:-8}
FAR=10.98.0.2
ip route add 10.98.0.0/24 via $UIPC
PORT=7000

# xfer up|down|far: Linux -> uhost, uhost -> Linux, Linux -> far.
xfer() {
	local dir=$1 srv=() cli=() dst label t0 t1 rc
	case $dir in
	up)	srv=("${ON_UIPC[@]}"); dst=$UIPC; label="Linux -> uipc" ;;
	down)	cli=("${ON_UIPC[@]}"); dst=$LINUX; label="uipc -> Linux" ;;
	far)	srv=("$UIPC_BUILD/bin/uipc" run -H far --); dst=$FAR; label="Linux -> far through uhost" ;;
	esac
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
xfer far
for who in "$LINUX:Linux" "$FAR:far"; do
	n=$(tshark -n -r "$T/tap.pcap" -d tcp.port==$PORT,data -Y "ip.src == ${who%%:*} && tcp.options.sack_le" 2>/dev/null | wc -l)
	check "${who#*:} sent SACK blocks across the tap ($n segments with them)" test "$n" -gt 0
done
st=$(uipc_cmd netstat -s 2>&1)
diag "uhost's counters:" "$(grep -iE 'retransmit|sack|duplicate|out-of-order' <<<"$st" | head -n 14)"
done_testing
