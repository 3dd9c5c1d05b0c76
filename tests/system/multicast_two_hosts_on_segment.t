#!/bin/bash
# IP multicast between two hosts on one segment (RFC 1112, RFC 2236): a
# member on arpa hears monet's datagram to its group and, once it dropped
# the membership, no longer does; arpa's joining and leaving went out as
# IGMPv2 membership report and leave (with TTL 1 and Router Alert), and the
# group's datagram as an Ethernet frame to 01:00:5e plus the group's low
# 23 bits (the pcap of the segment says so).
. "$(dirname "$0")/lib.sh"
require_uipc
UIPCD_CONF_TEXT='
seed 5
segment lan
	delay 100us
	pcap @T@/lan.pcap
host arpa
	interface en0 segment lan address 10.0.0.1/24
host monet
	interface en0 segment lan address 10.0.0.2/24
'
uipc_setup
ON_ARPA=("$UIPC_BUILD/bin/uipc" run -H arpa --)
ON_MONET=("$UIPC_BUILD/bin/uipc" run -H monet --)
GROUP=239.5.6.7 PORT=5400	# not 5353, which tshark reads as mDNS

bg 40 "$T/recv.out" "${ON_ARPA[@]}" "$P/mcast" recv 10.0.0.1 $GROUP $PORT
RECV=$BG_PID
wait_for 20 grep -q ready "$T/recv.out"
tap_from "${ON_MONET[@]}" "$P/mcast" send 10.0.0.2 $GROUP $PORT
wait_for 20 grep -q dropped "$T/recv.out"
tap_from "${ON_MONET[@]}" "$P/mcast" send2 10.0.0.2 $GROUP $PORT 10.0.0.1
bg_wait $RECV; st=$?
tap_lines "$T/recv.out" $st "mcast recv on arpa"

if command -v tshark >/dev/null; then
	uipc_check_nothing_left		# before uipcd stops and the capture ends
	kill -TERM "$UIPCD_PID" 2>/dev/null; wait "$UIPCD_PID" 2>/dev/null; UIPCD_PID=
	igmp=$(tshark -r "$T/lan.pcap" -Y igmp -T fields -e ip.src -e ip.dst -e ip.ttl -e ip.opt.type -e igmp.type -e igmp.maddr 2>/dev/null)
	diag "IGMP on the segment:" "$igmp"
	case $igmp in *"10.0.0.1	$GROUP	1	"*"	0x16	$GROUP"*) pass "arpa's IGMPv2 membership report for $GROUP, to the group, TTL 1" ;;
	*) fail "arpa's IGMPv2 membership report for $GROUP, to the group, TTL 1" "$igmp" ;; esac
	case $igmp in *"10.0.0.1	224.0.0.2	1	"*"	0x17	$GROUP"*) pass "arpa's IGMPv2 leave for $GROUP, to 224.0.0.2" ;;
	*) fail "arpa's IGMPv2 leave for $GROUP, to 224.0.0.2" "$igmp" ;; esac
	n=$(tshark -r "$T/lan.pcap" -Y "igmp && ip.opt.type == 148" 2>/dev/null | wc -l)
	[ "$n" -ge 2 ] && pass "the IGMP messages carry Router Alert" || fail "the IGMP messages carry Router Alert" "$n"
	eth=$(tshark -r "$T/lan.pcap" -Y "udp && ip.dst == $GROUP" -T fields -e eth.dst 2>/dev/null | sort -u)
	is "$eth" "01:00:5e:05:06:07" "the group's datagrams went to Ethernet 01:00:5e:05:06:07 (RFC 1112 §6.4)"
	bad=$(tshark -r "$T/lan.pcap" -o ip.check_checksum:TRUE -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null | wc -l)
	is "$bad" 0 "the capture reads clean (checksums, no malformed frames)"
	[ "$bad" = 0 ] || diag "$(tshark -r "$T/lan.pcap" -o ip.check_checksum:TRUE -Y "_ws.malformed || _ws.expert.severity >= error" -V 2>/dev/null | grep -iE "expert|malformed|checksum|^Frame|Internet Protocol|Protocol:" | head -40)"
else
	skip "tshark is not installed" "pcap checks of IGMP and the Ethernet group address"
fi
done_testing
