#!/bin/bash
# The DNS responder's address rule (uipc.conf(5) "nameserver"): with no
# address on the line, uipcd serves the first nameserver of resolv.conf;
# a host that does not own that address gets it on lo0 as a /32 alias, so
# a query to it is answered on the host itself, whatever its routes (here
# a host with no route to it at all).  In a network namespace of the
# test's own, with a resolv.conf naming a documentation address (RFC 5737)
# that nothing outside uipc answers.
. "$(dirname "$0")/lib.sh"
require_uipc
need dig
in_own_netns "$@"
NS=198.51.100.53
UIPCD_BEFORE_START=private_resolv_conf
private_resolv_conf() {
	printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$NS" >"$T/resolv.conf"
	mount --bind "$T/resolv.conf" /etc/resolv.conf 2>/dev/null ||
		skip_all "cannot mount a resolv.conf of the test's own"
}
UIPCD_CONF_TEXT='segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
host cad
	interface en0 segment lan address 10.0.0.2/24
nameserver'
uipc_setup
DIG=(dig +time=5 +tries=2)

routes=$("$UIPC_BUILD/bin/uipc" route -H arpa 2>&1)
check "arpa: a host route (/32, printed whole) to the resolver's address on lo0 (its alias)" \
    grep -Eq '^198\.51\.100\.53/32 +[0-9.]+ +UH +lo0' <<<"$routes"
check "arpa: no default route (the alias alone delivers the query)" \
    bash -c '! grep -Eq "^(default|0\.0\.0\.0)" <<<"$1"' - "$routes"
ifs=$("$UIPC_BUILD/bin/uipc" ifconfig -H arpa 2>&1)
is "$(grep -c '^lo0:' <<<"$ifs")" 1 "uipc ifconfig lists lo0 once, with its alias"
check "uipc ifconfig: the alias with its own /32 netmask under lo0" \
    grep -q "inet $NS netmask 255.255.255.255\$" <<<"$ifs"
addrs=$("$UIPC_BUILD/bin/uipc" run -H arpa -- "$UIPC_BUILD/progs/ifaddrs_print" 2>&1)
check "getifaddrs: lo0's first address with its netmask" \
    grep -qx 'ifaddr lo0 127.0.0.1 255.0.0.0' <<<"$addrs"
check "getifaddrs: the alias with its own netmask (ifr_addr names it, as on Linux)" \
    grep -qx "ifaddr lo0 $NS 255.255.255.255" <<<"$addrs"
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "${DIG[@]}" +short cad 2>&1)" 10.0.0.2 \
    "dig cad from arpa (resolv.conf's $NS): cad's address"
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" +short arpa @"$NS" 2>&1)" 10.0.0.1 \
    "dig arpa @$NS from cad: arpa's address"
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" +short cad @127.0.0.1 2>&1 | grep -c 'reached\|timed out')" 1 \
    "127.0.0.1:53 is not served when resolv.conf names another address"
done_testing
