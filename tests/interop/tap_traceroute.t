#!/bin/bash
# A uipc host routing between a TAP and a segment (issue 13): "router" has
# en1 on TAP device uipc0 (10.99.0.2) and en0 on segment lan (10.98.0.1),
# forwarding on; "far" is on lan only (10.98.0.2), its default route via
# router.  Linux, routing 10.98.0.0/24 via router, pings far and far pings
# Linux; Linux's traceroute (UDP, ICMP and TCP probes) shows router as the
# first hop (its ICMP time exceeded, RFC 792) and far as the second (its
# port unreachable, echo reply, or RST to a SYN for a closed port).
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
tap_need_pkg iputils-ping ping
tap_need_pkg traceroute traceroute
tap_setup 13 "
seed 13
segment lan
	delay 100us
host router
	interface en1 tap uipc0 address 10.99.0.2/24
	interface en0 segment lan address 10.98.0.1/24
	forwarding yes
host far
	interface en0 segment lan address 10.98.0.2/24
	route default 10.98.0.1
"
FAR=10.98.0.2
ON_FAR=("$UIPC_BUILD/bin/uipc" run -H far --)
check "Linux routes 10.98.0.0/24 via router" ip route add 10.98.0.0/24 via $UIPC
out=$(timeout 30 ping -n -c 3 -W 5 $FAR 2>&1)
check "Linux pings far ($FAR) through router: 3 of 3 answered" grep -q ' 3 received' <<<"$out"
out=$(timeout 30 "${ON_FAR[@]}" ping -n -c 3 -W 5 $LINUX 2>&1)
check "far pings Linux through router: 3 of 3 answered" grep -q ' 3 received' <<<"$out"
for probe in "UDP:" "ICMP:-I" "TCP:-T -p 7001"; do
	name=${probe%%:*} opts=${probe#*:}
	out=$(timeout 60 traceroute -n -q 1 -w 3 -m 5 $opts $FAR 2>&1)
	hops=$(awk 'NR > 1 { print $1, $2 }' <<<"$out" | tr '\n' ',')
	is "$hops" "1 $UIPC,2 $FAR," "traceroute ($name probes): router ($UIPC), then far ($FAR)"
	[ "$hops" = "1 $UIPC,2 $FAR," ] || diag "$out"
done
done_testing
