#!/bin/bash
# IP multicast on one host, as Linux answers it: the options' defaults,
# round trips and errnos (IP_MULTICAST_TTL/LOOP/IF, IP_ADD_MEMBERSHIP and
# IP_DROP_MEMBERSHIP with ip_mreq and ip_mreqn), and a member on the
# sending host hearing a send to its group with IP_MULTICAST_LOOP on, not
# with it off.  On uipc: a host with one Ethernet interface.  On the
# kernel: inside a network namespace of the test's own, with one end of a
# veth pair (its peer in the same namespace, joined to nothing) holding
# the address and the multicast route: nothing leaves the namespace.
. "$(dirname "$0")/lib.sh"
if [ "$UIPC_NATIVE" = 1 ] && [ -z "${UIPC_IN_NETNS:-}" ]; then
	[ "$(id -u)" = 0 ] || skip_all "needs root for a network namespace"
	command -v unshare >/dev/null || skip_all "unshare is not installed"
	export UIPC_IN_NETNS=1
	exec unshare -n -- bash -c 'ip link set lo up &&
	    ip link add v0 type veth peer name v1 && ip addr add 10.9.0.1/24 dev v0 &&
	    ip link set v1 up && ip link set v0 up && ip route add 224.0.0.0/4 dev v0 &&
	    exec bash "$0" "$@"' "$0" "$@"
fi
UIPCD_CONF_TEXT='
seed 3
segment lan
host arpa
	interface en0 segment lan address 10.9.0.1/24
'
uipc_setup
if [ "$UIPC_NATIVE" = 1 ]; then ON=(); else ON=("$UIPC_BUILD/bin/uipc" run -H arpa --); fi
tap_from "${ON[@]}" "$P/mcast" options 10.9.0.1
tap_from "${ON[@]}" "$P/mcast" loop 10.9.0.1 239.1.1.1
done_testing
