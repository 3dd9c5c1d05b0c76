#!/bin/bash
# Debian's nmap scanning a uipc host over the TAP (issue 13), from the
# Linux side of the test's own namespace:
#  - a SYN scan (-sS) finds exactly the TCP ports uhost listens on open, and
#    the others closed (a RST answers, RFC 793 §3.4), none filtered;
#  - a UDP scan (-sU) of a few ports finds the one with a server answering
#    open and one with nobody closed (ICMP port unreachable, RFC 1122
#    3.2.2.1); few ports and --max-rate keep under uipc's ICMP rate limit;
#  - an OS detection (-O) runs; its guess is printed, not asserted.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
tap_need_pkg nmap nmap
need socat
tap_setup 13

TCP_OPEN="2201 7001 8080"
TCP_CLOSED="2202 7002 9090"
UDP_OPEN=5353
UDP_CLOSED=5354

# listener PROTO PORT: a socat server on uhost, under uipc run.
listener() {
	bg 300 "$T/listener.$2" "${ON_UIPC[@]}" socat "$1-LISTEN:$2,bind=$UIPC,reuseaddr,fork" EXEC:cat
}
for p in $TCP_OPEN; do listener TCP4 "$p"; done
# A UDP server that answers whatever comes (nmap's probe for an unknown
# port is empty; socat's echo answers it with an empty datagram).
listener UDP4 "$UDP_OPEN"
tcp_listening() {
	local p
	for p in $TCP_OPEN; do
		uipc_cmd netstat -a 2>/dev/null | grep -E "LISTEN" | grep -qE "[.:]$p( |\$)" || return 1
	done
}
wait_for 20 tcp_listening || diag "listeners not seen in netstat:" "$(uipc_cmd netstat -a 2>&1)"

# ports STATE FILE: the ports nmap's grepable output (-oG) gives in STATE.
ports() {
	grep -o 'Ports: .*' "$2" | tr ',' '\n' |
		awk -F/ -v s="$1" '{gsub(/^ *(Ports: )?/, "", $1)} $2 == s {print $1}' | sort -n | xargs
}

all_tcp="$TCP_OPEN $TCP_CLOSED"
timeout 120 nmap -n -Pn -sS -p "${all_tcp// /,}" --max-retries 2 -oG "$T/sS.gnmap" $UIPC >"$T/sS.out" 2>&1
diag "$(grep -E '^[0-9]+/' "$T/sS.out")"
is "$(ports open "$T/sS.gnmap")" "$(xargs -n1 <<<"$TCP_OPEN" | sort -n | xargs)" \
	"nmap -sS: open TCP ports are exactly uhost's listeners"
is "$(ports closed "$T/sS.gnmap")" "$(xargs -n1 <<<"$TCP_CLOSED" | sort -n | xargs)" \
	"nmap -sS: the other ports are closed (RST), none filtered"

# A wider SYN scan: the listeners are the only open ports of 1-10000.
timeout 120 nmap -n -Pn -sS -p 1-10000 --max-retries 1 -oG "$T/sSall.gnmap" $UIPC >"$T/sSall.out" 2>&1
is "$(ports open "$T/sSall.gnmap")" "$(xargs -n1 <<<"$TCP_OPEN" | sort -n | xargs)" \
	"nmap -sS -p 1-10000: the listeners and nothing else are open"
if grep -q 'filtered' "$T/sSall.gnmap"; then
	fail "nmap -sS -p 1-10000: no port filtered" "$(grep -o 'Ports: .*' "$T/sSall.gnmap" | head -c 2000)"
else
	pass "nmap -sS -p 1-10000: no port filtered (every closed port answered with RST)"
fi

timeout 120 nmap -n -Pn -sU -p "$UDP_OPEN,$UDP_CLOSED" --max-rate 5 -oG "$T/sU.gnmap" $UIPC >"$T/sU.out" 2>&1
diag "$(grep -E '^[0-9]+/' "$T/sU.out")"
is "$(ports open "$T/sU.gnmap")" "$UDP_OPEN" "nmap -sU: the UDP port with a server answering is open"
is "$(ports closed "$T/sU.gnmap")" "$UDP_CLOSED" "nmap -sU: the UDP port with nobody is closed (ICMP port unreachable)"

timeout 120 nmap -n -Pn -O --osscan-guess -p "${all_tcp// /,}" $UIPC >"$T/O.out" 2>&1
rc=$?
is "$rc" 0 "nmap -O ran to its end against uhost"
diag "nmap -O's guess for uhost:" "$(grep -E '^(Device type|Running|OS details|Aggressive OS guesses|No exact OS|OS CPE|Network Distance)' "$T/O.out" | cut -c 1-300)"
done_testing
