#!/bin/bash
# UDP and ICMP across a router: three hosts on two segments (etc/routed.conf's
# shape, without loss): ping across the router, UDP echo, an 8 KiB datagram
# fragmented over a 1500-byte MTU, ECONNREFUSED after a port unreachable,
# ENETUNREACH, EACCES for broadcast and port 513, broadcast confined to its
# segment with the sender's address and port, clean pcap, unmodified programs.
. "$(dirname "$0")/lib.sh"
require_uipc
UIPCD_CONF_TEXT='
seed 7
segment net1
	delay 50us
	pcap @T@/net1.pcap
segment net2
	delay 200us
	pcap @T@/net2.pcap
host arpa
	interface en0 segment net1 address 10.0.1.2/24
	route default 10.0.1.1
host ucbvax
	forwarding yes
	interface en0 segment net1 address 10.0.1.1/24
	interface en1 segment net2 address 10.0.2.1/24
host monet
	interface en0 segment net2 address 10.0.2.2/24
	route default 10.0.2.1
host dali
	interface en0 segment net2 address 10.0.2.3/24
	route 10.0.1.0/24 10.0.2.1
'
uipc_setup
run() { local h=$1; shift; "$UIPC_BUILD/bin/uipc" run -H "$h" -- "$@"; }

# Names and interfaces come from uipc.
is "$(run monet hostname)" monet "hostname on monet says monet"
is "$(run arpa $PYTHON -c 'import os; print(os.uname().nodename)')" arpa "uname nodename on arpa"
out=$(uipc_cmd ifconfig -H ucbvax)
case $out in *"inet 10.0.2.1 netmask 255.255.255.0 broadcast 10.0.2.255"*) pass "uipc ifconfig shows ucbvax's en1" ;;
*) fail "uipc ifconfig shows ucbvax's en1" "$out" ;; esac
out=$(run dali $PYTHON -c '
import socket, fcntl, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r = fcntl.ioctl(s.fileno(), 0x8919, struct.pack("16s16x", b"en0"))  # SIOCGIFBRDADDR
print(socket.inet_ntoa(r[20:24]))')
is "$out" 10.0.2.255 "SIOCGIFBRDADDR from a program on dali"

# ping across the router.
out=$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "$UIPC_BUILD/bin/ping" -c 3 -i 0.1 10.0.2.2 2>&1)
case $out in *"3 packets transmitted, 3 packets received"*) pass "ping arpa -> monet across the router" ;;
*) fail "ping arpa -> monet across the router" "$out" ;; esac

# UDP echo across the router, small and 8 KiB (fragmented, reassembled).
bg 20 "$T/echo.out" "$UIPC_BUILD/bin/uipc" run -H monet -- "$P/inet_udp" echo-server 7000 2
wait_for 10 grep -q ready "$T/echo.out"
tap_from "$UIPC_BUILD/bin/uipc" run -H arpa -- "$P/inet_udp" echo 10.0.2.2 7000 64
tap_from "$UIPC_BUILD/bin/uipc" run -H arpa -- "$P/inet_udp" echo 10.0.2.2 7000 8192
bg_wait "$BG_PID"; ok_if $? "echo server ran to its end"
frags=$(uipc_cmd netstat -s -H monet | awk '$2 == "ips_reassembled" { print $3 }')
[ "${frags:-0}" -ge 1 ] && pass "monet reassembled the 8 KiB datagram" || fail "monet reassembled the 8 KiB datagram" "ips_reassembled=$frags"

# Errors.
tap_from "$UIPC_BUILD/bin/uipc" run -H arpa -- "$P/inet_udp" refused 10.0.2.3 9999
tap_from "$UIPC_BUILD/bin/uipc" run -H dali -- "$P/inet_udp" noroute 192.168.77.1
if can_drop_privilege; then
	tap_from setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$UIPC_BUILD/bin/uipc" run -H monet -- "$P/inet_udp" bcast-denied 10.0.2.255
	tap_from setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$UIPC_BUILD/bin/uipc" run -H monet -- "$P/inet_udp" bind513
else
	skip "not root" "EACCES checks as nobody"
fi

# rwho-style broadcast: every host on net2 hears it, arpa beyond the router does not.
for h in dali ucbvax arpa; do
	bg 20 "$T/rwho.$h" "$UIPC_BUILD/bin/uipc" run -H $h -- "$P/inet_udp" rwho-listen 5513 2
done
for h in dali ucbvax arpa; do wait_for 10 grep -q ready "$T/rwho.$h"; done
tap_from "$UIPC_BUILD/bin/uipc" run -H monet -- "$P/inet_udp" rwho-send 10.0.2.255 5513
# Each listener prints its count once it has heard nothing for 2 s.
for h in dali ucbvax arpa; do wait_for 20 grep -q "count" "$T/rwho.$h"; done
grep -q "from 10.0.2.2 5513" "$T/rwho.dali" && pass "dali heard monet's broadcast from 10.0.2.2:5513" || fail "dali heard monet's broadcast" "$(cat "$T/rwho.dali")"
grep -q "from 10.0.2.2 5513" "$T/rwho.ucbvax" && pass "the router heard it on en1" || fail "the router heard it" "$(cat "$T/rwho.ucbvax")"
grep -q "count 0" "$T/rwho.arpa" && pass "arpa beyond the router did not" || fail "arpa beyond the router did not" "$(cat "$T/rwho.arpa")"

# Unmodified programs: socat and nc -u between hosts, python3 client and server.
# A datagram sent before its receiver has bound is lost (as on the host), so
# the sender repeats until the receiver shows it, a bounded number of times.
send_until() {	# send_until FILE TEXT CMD...: CMD reads TEXT on stdin
	local file=$1 text=$2 i j; shift 2
	for i in $(seq 1 50); do
		echo "$text" | timeout 5 "$@" >/dev/null 2>&1
		for j in $(seq 1 10); do
			grep -q "$text" "$file" 2>/dev/null && return 0
			sleep 0.02
		done
	done
	return 1
}
bg 20 "$T/socat.out" "$UIPC_BUILD/bin/uipc" run -H dali -- socat -u UDP4-RECV:6000 STDOUT
send_until "$T/socat.out" "via socat" "$UIPC_BUILD/bin/uipc" run -H arpa -- socat -u STDIN UDP4-SENDTO:10.0.2.3:6000
grep -q "via socat" "$T/socat.out" && pass "socat UDP arpa -> dali" || fail "socat UDP arpa -> dali" "$(cat "$T/socat.out")"
bg 20 "$T/nc.out" "$UIPC_BUILD/bin/uipc" run -H monet -- nc -u -l 6001
send_until "$T/nc.out" "via nc" "$UIPC_BUILD/bin/uipc" run -H arpa -- nc -u -q 0 10.0.2.2 6001
grep -q "via nc" "$T/nc.out" && pass "nc -u arpa -> monet" || fail "nc -u arpa -> monet" "$(cat "$T/nc.out")"
kill -0 "$UIPCD_PID" 2>/dev/null || { diag "uipcd is gone:"; diag "$(cat "$T/uipcd.log")"; }
bg 10 "$T/py.out" "$UIPC_BUILD/bin/uipc" run -H dali -- $PYTHON -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", 6002))
print("ready", flush=True)
d, a = s.recvfrom(100)
s.sendto(d.upper(), a)'
wait_for 10 grep -q ready "$T/py.out"
out=$(timeout 10 "$UIPC_BUILD/bin/uipc" run -H arpa -- $PYTHON -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b"python", ("10.0.2.3", 6002))
print(s.recvfrom(100)[0].decode())')
is "$out" PYTHON "python3 UDP client and server, arpa <-> dali"

# Bad input is counted, not fatal: counters are readable.
out=$(uipc_cmd netstat -s -H monet)
case $out in *"udp udps_badsum"*) pass "uipc netstat -s lists UDP drop counters" ;; *) fail "uipc netstat -s lists counters" "$out" ;; esac

# The captures read clean.
if command -v tshark >/dev/null; then
	uipc_check_nothing_left		# before uipcd stops
	kill -TERM "$UIPCD_PID" 2>/dev/null; wait "$UIPCD_PID" 2>/dev/null; UIPCD_PID=
	for s in net1 net2; do
		bad=$(tshark -r "$T/$s.pcap" -o udp.check_checksum:TRUE -o ip.check_checksum:TRUE \
		    -Y '_ws.malformed || _ws.expert.severity >= error' 2>/dev/null | wc -l)
		n=$(tshark -r "$T/$s.pcap" 2>/dev/null | wc -l)
		[ "$bad" = 0 ] && [ "$n" -gt 0 ] && pass "$s.pcap: $n frames, none malformed or with a bad checksum" ||
			fail "$s.pcap clean" "$(tshark -r "$T/$s.pcap" -o udp.check_checksum:TRUE -Y '_ws.malformed || _ws.expert.severity >= error' 2>&1 | head)"
	done
else
	skip "no tshark" "pcap check"
fi
done_testing
