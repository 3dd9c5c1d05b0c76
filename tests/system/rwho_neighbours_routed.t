#!/bin/bash
# Status across networks without a broadcast path (primer §4.3): the
# routed layout of etc/routed.conf (arpa on net1; ucbvax, a router, on
# net1 and net2; monet and dali on net2).  A broadcast on net1 never
# reaches net2, so:
#  - a neighbour list (-N file on arpa, -n on monet) carries status between
#    arpa and monet by unicast through the router;
#  - dali, with no neighbours, hears arpa only once ucbvax's rwhod forwards
#    between its interfaces (-f), and the footnote's loops do not happen:
#    ucbvax never forwards its own status, never sends one back the way it
#    came, and forwards each (host, send time) once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rwho_lib.sh"
rwho_native_reexec "$@"
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"

UIPCD_CONF_TEXT="
seed 42
segment net1
	delay 50us
segment net2
	delay 2ms
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
"
uipc_setup
# Natively: the same addresses, inside the test's own network namespace.
rwho_hosts arpa=10.0.1.2@br1 ucbvax=10.0.1.1@br1 ucbvax=10.0.2.1@br2 \
	monet=10.0.2.2@br2 dali=10.0.2.3@br2
native_forwarding ucbvax
native_route arpa default via 10.0.1.1
native_route monet default via 10.0.2.1
native_route dali 10.0.1.0/24 via 10.0.2.1
# Neighbours by name on uipc (its hosts file); natively, by address.
if [ "$UIPC_NATIVE" = 1 ]; then MONET=10.0.2.2 ARPA=10.0.1.2; else MONET=monet ARPA=arpa; fi
printf '# arpa'"'"'s neighbours\n%s\n' "$MONET" >"$T/neighbours"

rwhod_start arpa -i 1 -N "$T/neighbours"
rwhod_start monet -i 1 -n "$ARPA"
rwhod_start dali -i 1
has() { test -f "$T/spool/$1/whod.$2"; }
check "monet hears arpa, its neighbour, through the router" wait_for 60 has monet arpa
check "arpa hears monet, its neighbour" wait_for 60 has arpa monet
check "dali hears monet by broadcast on net2" wait_for 60 has dali monet
check "dali does not hear arpa: no broadcast path, no forwarding yet" test ! -e "$T/spool/dali/whod.arpa"
check "arpa sends to net1's broadcast address and to monet" \
	grep -q "destination 10.0.2.2 (neighbour $MONET)" "$T/rwhod.arpa.log"

rwhod_start ucbvax -i 1 -f
check "dali hears arpa once ucbvax forwards" wait_for 60 has dali arpa
check "arpa hears dali once ucbvax forwards" wait_for 60 has arpa dali
check "ucbvax hears both networks" wait_for 60 has ucbvax dali
# Let a few rounds pass (each rwhod sends every second): wait for three
# forwardings of arpa's status.
three() { [ "$(grep -c 'forwarding status of arpa' "$T/rwhod.ucbvax.log")" -ge 3 ]; }
check "ucbvax forwards arpa's status round after round" wait_for 60 three
kill "${RWHOD_PID[ucbvax]}"; bg_wait "${RWHOD_PID[ucbvax]}"
L=$T/rwhod.ucbvax.log
is "$(grep -c 'forwarding status of ucbvax' "$L")" 0 "ucbvax never forwards its own status (it hears its own broadcasts)"
is "$(grep 'forwarding status of' "$L" | sort | uniq -d | wc -l)" 0 \
	"ucbvax forwards each host's status of a given send time once"
# What follows a forwarding line are its sends, up to the next other line.
back=$(awk '/forwarding status of (arpa|monet|dali)/ { h = $5; next }
	/^rwhod: forwarded/ && h == "arpa" && /10\.0\.1\.255/ { print "arpa back to net1" }
	/^rwhod: forwarded/ && (h == "monet" || h == "dali") && /10\.0\.2\.255/ { print h " back to net2" }
	!/^rwhod: forwarded/ { h = "" }' "$L" | sort -u)
is "$back" "" "no status is forwarded back onto the network it came from"
check "arpa's status forwarded onto net2" grep -q 'forwarded 60 bytes to 10.0.2.255' "$L"
check "no rwhod logged an error" \
	test -z "$(grep -hv -e 'sent ' -e 'status of ' -e destination -e forward "$T"/rwhod.*.log)"
done_testing
