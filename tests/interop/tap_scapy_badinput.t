#!/bin/bash
# Bad input from the Linux side over the TAP (issue 13): scapy writes
# malformed IPv4, ICMP, UDP and TCP into the TAP device (bad checksums,
# lengths that lie, truncated headers, IP options running past the header,
# SYN+FIN, overlapping fragments), RSTs and SYNs against an established
# connection (RFC 5961), and a SYN flood of 10,000 from random sources
# (RFC 4987), while a transfer from Linux to uhost runs beside it all.
# After each kind the drop counter `uipc netstat -s` names for it has grown
# by what was sent; the transfer ends with equal sha256; uhost still
# accepts a connection after the flood.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat sha256sum
SCAPY_PY=/usr/bin/python3
# Debian's scapy is a module of Debian's python3, not a command: installed
# as tap_need_pkg would (root, apt-get) when the import fails.
if ! "$SCAPY_PY" -c 'import scapy' 2>/dev/null && [ "$(id -u)" = 0 ] &&
    command -v apt-get >/dev/null 2>&1; then
	DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq \
	    --no-install-recommends python3-scapy >/dev/null 2>&1
fi
"$SCAPY_PY" -c 'import scapy' 2>/dev/null || skip_all "python3-scapy (Debian's, for $SCAPY_PY) is not installed"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=("$SCAPY_PY" "$HERE/tap_scapy_badinput.py")
# uhost routes the flood's random sources (198.18.0.0/15) back to Linux,
# which drops its answers: no ARP for thousands of addresses on the link.
tap_setup 13 "
seed 13
host uhost
	interface en1 tap uipc0 address 10.99.0.2/24
	route default 10.99.0.1
"
XPORT=7000 EPORT=7001 UPORT=7002

# stat PROTO NAME: one counter of uhost's `uipc netstat -s`.
stat() {
	uipc_cmd netstat -s 2>/dev/null | awk -v p="$1" -v n="$2" '$1 == p && $2 == n { print $3 }'
}

# The peers on uhost: an echo server (TCP and UDP) and the transfer's sink.
bg 300 "$T/echo.log" "${ON_UIPC[@]}" socat TCP4-LISTEN:$EPORT,bind=$UIPC,reuseaddr,fork EXEC:cat
bg 300 "$T/uecho.log" "${ON_UIPC[@]}" socat UDP4-LISTEN:$EPORT,bind=$UIPC,reuseaddr,fork EXEC:cat
rm -f "$T/recv.rc"
( timeout 280 "${ON_UIPC[@]}" socat -u TCP4-LISTEN:$XPORT,bind=$UIPC,reuseaddr STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) |
	sha256sum >"$T/got" &
recv=$!; _bg_pids="$_bg_pids $recv"
listening() { uipc_cmd netstat -a 2>/dev/null | grep LISTEN | grep -qE "[.:]$1( |\$)"; }
wait_for 20 listening $XPORT && wait_for 20 listening $EPORT ||
	diag "uhost's listeners did not appear:" "$(uipc_cmd netstat -a 2>&1)"

# uhost's MAC, for frames written at layer 2.
ping -n -c 1 -W 5 $UIPC >/dev/null 2>&1
UMAC=$(ip neigh show $UIPC dev $TAPDEV | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
[ -n "$UMAC" ] || { fail "Linux has uhost's MAC in its neighbour table" "$(ip neigh)"; done_testing; exit 1; }

# The transfer: Linux -> uhost, paced, until $T/stop appears (or 200 s).
STOPFILE=$T/stop timeout 260 "${PY[@]}" send $UIPC $XPORT 200 >"$T/sent" 2>"$T/send.err" &
sender=$!; _bg_pids="$_bg_pids $sender"
sending() { [ "$(stat tcp tcps_rcvbyte)" -gt 1000000 ]; }
wait_for 30 sending || diag "the transfer has not begun: $(cat "$T/send.err")"

# kind KIND PROTO COUNTER MIN WHAT: sends KIND; COUNTER grows by MIN or more.
kind() {
	local k=$1 proto=$2 c=$3 min=$4 what=$5 before after out
	before=$(stat "$proto" "$c")
	out=$(timeout 60 "${PY[@]}" "$k" $TAPDEV $UIPC "$UMAC" $EPORT 2>&1)
	# uipcd reads the TAP in its own time: wait for the count, bounded.
	wait_for 10 eval '[ $(( $(stat '"$proto $c"') - before )) -ge '"$min"' ]'
	after=$(stat "$proto" "$c")
	if [ $((after - before)) -ge "$min" ]; then
		pass "$what: $c grew by $((after - before))"
	else
		fail "$what: $c grew by $min or more" "$c $before -> $after" "$out" \
			"$TAPDEV: $(ip -s link show $TAPDEV | tail -n 4 | xargs)"
	fi
	grep -E '^(not )?ok - ' <<<"$out" | while read -r line; do echo "$line"; done >"$T/sub"
	while read -r line; do
		case $line in ok*) pass "${line#ok - }" ;; *) fail "${line#not ok - }" "$out" ;; esac
	done <"$T/sub"
}

kind ip_badsum      ip   ips_badsum      10 "IP header checksum wrong"
kind ip_tooshort    ip   ips_tooshort    10 "IP header cut at 12 bytes"
kind ip_badhlen     ip   ips_badhlen     20 "IP header length under 20 or past the frame"
kind ip_badlen      ip   ips_badlen      10 "IP total length shorter than its header"
kind ip_truncated   ip   ips_truncated   10 "IP total length longer than the frame"
kind ip_badoptions  ip   ips_badoptions  10 "IP option running past the header"
kind icmp_badsum    icmp icps_checksum   10 "ICMP checksum wrong"
kind icmp_tooshort  icmp icps_tooshort   10 "ICMP message of 3 bytes"
kind udp_badsum     udp  udps_badsum     10 "UDP checksum wrong"
kind udp_badlen     udp  udps_badlen     20 "UDP length longer than the datagram, and under 8"
kind udp_short      udp  udps_hdrops     10 "UDP header cut at 5 bytes"
kind tcp_badsum     tcp  tcps_rcvbadsum  10 "TCP checksum wrong"
kind tcp_badoff     tcp  tcps_rcvbadoff  20 "TCP data offset past the segment, and under 5"
kind tcp_short      tcp  tcps_rcvshort   10 "TCP header cut at 12 bytes"
kind synfin         tcp  tcps_badsyn     10 "SYN+FIN to a listener"
kind frag_overlap   ip   ips_fragdropped 10 "overlapping fragments"

# RFC 5961 on a connection of Linux's own to the echo server.
ca0=$(stat tcp tcps_challengeack)
kind rst_outwin     tcp  tcps_badrst     400 "400 RSTs outside the window ignored"
is "$(stat tcp tcps_challengeack)" "$ca0" "out-of-window RSTs are dropped silently: no challenge ACK (RFC 5961 §3.2)"
kind rst_inwin      tcp  tcps_challengeack 100 "100 RSTs in the window, not at rcv_nxt: challenge ACKs (RFC 5961 §3.2)"
kind syn_estab      tcp  tcps_challengeack 20 "20 SYNs on an established connection: challenge ACKs (RFC 5961 §4.2)"
kind rst_exact      tcp  tcps_rcvrst     1 "an RST at exactly rcv_nxt is taken"

# RFC 4987 §3.6: SYN cookies once the listener's queue of half-open
# connections is full.
kind synflood       tcp  tcps_sc_sendcookie 1 "10,000 SYNs from random sources: SYN cookies sent"
rc0=$(stat tcp tcps_sc_recvcookie)
# "After": once uipcd has read the flood off the TAP, that is once the
# cookies sent stop growing between two looks (bounded); under load it
# reads the 10,000 frames well after scapy has written them.
LAST=-1
flood_read() { local n; n=$(stat tcp tcps_sc_sendcookie); [ "$n" = "$LAST" ] && return 0; LAST=$n; sleep 0.5; return 1; }
wait_for 60 flood_read || diag "the SYN cookie count still grew after 60 s"
out=$(timeout 40 socat -T 10 - TCP4:$UIPC:$EPORT,connect-timeout=20 <<<"still here" 2>&1)
is "$out" "still here" "after the flood a new connection to the flooded listener is served"
# The flood's half-open connections still fill the listener's queue for
# TCP_KEEPINIT: the new one was made by its cookie.
rc1=$(stat tcp tcps_sc_recvcookie)
[ $((rc1 - rc0)) -ge 1 ]; ok_if $? "the new connection came through a SYN cookie (tcps_sc_recvcookie $rc0 -> $rc1)"
diag "after the flood: $(uipc_cmd netstat -s 2>/dev/null | awk '$1 == "tcp" && $2 ~ /^tcps_(sc_|listendrop|accepts)/ { printf "%s=%s ", $2, $3 }')"

touch "$T/stop"
bg_wait $sender; rc=$?
is "$rc" 0 "the transfer's sender ended cleanly"
bg_wait $recv
is "$(cat "$T/recv.rc" 2>/dev/null)" 0 "the transfer's receiver on uhost exited 0 at EOF"
read -r bytes sum <"$T/sent"
is "$(awk '{ print $1 }' "$T/got")" "$sum" "the transfer beside it all arrived intact: ${bytes:-0} bytes, equal sha256"
done_testing
