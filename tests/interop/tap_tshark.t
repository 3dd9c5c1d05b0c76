#!/bin/bash
# What crossed the TAP, as tshark reads uipc's capture of it (issue 13; the
# capture stage of a tap interface line): TCP connections opened each way
# between the Linux kernel and uipc negotiate MSS, window scaling,
# timestamps and SACK-permitted (RFC 9293 §3.7.1, RFC 7323, RFC 2018) in
# both SYNs; the capture holds no malformed packet and no bad IPv4, TCP,
# UDP or ICMP checksum (tshark checking every one); and the clean link
# needed no more than a handful of retransmissions.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat tshark sha256sum
tap_setup 13 "
seed 13
host uhost
	interface en1 tap uipc0 address 10.99.0.2/24 pcap @T@/tap.pcap
"
MB=${TAP_TSHARK_MB:-16}
PORT=7000
PCAP=$T/tap.pcap

# xfer DIR: MB across one connection; DIR "up" is Linux -> uipc.
xfer() {
	local srv=() cli=() dst label rc
	if [ "$1" = up ]; then srv=("${ON_UIPC[@]}"); dst=$UIPC; label="Linux -> uipc"
	else cli=("${ON_UIPC[@]}"); dst=$LINUX; label="uipc -> Linux"; fi
	head -c $((MB << 20)) /dev/urandom >"$T/in"
	local want; want=$(sha256sum <"$T/in")
	( timeout 120 "${srv[@]}" socat -u TCP4-LISTEN:$PORT,bind=$dst,reuseaddr STDOUT 2>"$T/recv.err" ) | sha256sum >"$T/got" &
	local recv=$!; _bg_pids="$_bg_pids $recv"
	rc=0; timeout 120 "${cli[@]}" socat -u FILE:"$T/in" TCP4:$dst:$PORT,retry=50,interval=0.2 2>"$T/send.err" || rc=$?
	bg_wait $recv
	is "$rc:$(cat "$T/got")" "0:$want" "$MB MB $label with equal sha256"
}
xfer up
xfer down
ping -n -c 3 -W 5 $UIPC >/dev/null 2>&1
check "uipc's capture of the tap exists and is not empty" test -s "$PCAP"

# The transfers' random bytes are data, not whatever protocol tshark knows
# by the port (7000 is Gryphon's: random bytes read as it are "malformed").
TS=(tshark -n -r "$PCAP" -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE
    -o udp.check_checksum:TRUE -d tcp.port==$PORT,data)
syns=$("${TS[@]}" -Y 'tcp.flags.syn == 1' -T fields -e ip.src -e tcp.flags.ack \
    -e tcp.options.mss_val -e tcp.options.wscale.shift -e tcp.options.timestamp.tsval \
    -e tcp.options.sack_perm 2>/dev/null)
diag "SYNs (source, ACK, MSS, window shift, TSval, SACK-permitted):" "$syns"
# Each connection: a SYN from its client and a SYN-ACK from its server, with
# every option; one connection's client is Linux, the other's uipc.
for who in "$LINUX 0" "$UIPC 1" "$UIPC 0" "$LINUX 1"; do
	set -- $who
	what="SYN$([ "$2" = 1 ] && echo -ACK) from $1"
	line=$(awk -F'\t' -v s="$1" -v a="$2" '$1 == s && $2 == a' <<<"$syns" | head -n 1)
	IFS=$'\t' read -r _ _ mss ws tsv sack <<<"$line"
	if [ -n "$mss" ] && [ -n "$ws" ] && [ -n "$tsv" ] && [ -n "$sack" ]; then
		pass "$what carries MSS $mss, window shift $ws, timestamps and SACK-permitted"
	else
		fail "$what carries MSS, window shift, timestamps and SACK-permitted" "got: '$line'"
	fi
done
n=$("${TS[@]}" -Y '_ws.malformed' 2>/dev/null | wc -l)
is "$n" 0 "no malformed packet in the capture"
BAD='ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || icmp.checksum.status == 0'
n=$("${TS[@]}" -Y "$BAD" 2>/dev/null | wc -l)
is "$n" 0 "no bad checksum in the capture"
# Which, when there are: the first few, whole, to tell whose they are.
[ "$n" -gt 0 ] && "${TS[@]}" -Y "$BAD" -V -c 3 2>/dev/null | head -120 | sed 's/^/# /' >&2
n=$("${TS[@]}" -Y 'tcp.checksum.status == 1' 2>/dev/null | wc -l)
check "tshark verified TCP checksums ($n good)" test "$n" -gt 1000
# Linux's tail-loss probes (RFC 8985 §7) resend a segment when ACKs are late,
# as they are when other work delays uipcd on a loaded machine; tshark marks
# those whose original had arrived as spurious.  The rest stand for loss.
n=$("${TS[@]}" -Y 'tcp.analysis.retransmission || tcp.analysis.fast_retransmission' 2>/dev/null | wc -l)
sp=$("${TS[@]}" -Y 'tcp.analysis.spurious_retransmission' 2>/dev/null | wc -l)
diag "retransmissions on the clean link: $n, of which spurious: $sp"
check "no more than a handful (5) of retransmissions on the clean link but spurious ones ($((n - sp)))" test $((n - sp)) -le 5
done_testing
