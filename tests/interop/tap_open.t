#!/bin/bash
# Opening a TAP device (issue 13): uipcd attaches to one that exists
# already (made persistent by `ip tuntap add`, as a user without
# CAP_NET_ADMIN would have it made), and pings cross it; its queue is the
# plain one (no IFF_NAPI: a device someone else made is left as they set
# it, src/net/if_tap_napi.c) of the length it had; the device stays when uipcd lets go.  A uipcd that may not open /dev/net/tun (as nobody)
# stops at once, naming the line and the reason.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
tap_need_pkg iputils-ping ping
mkdev() { ip tuntap add dev "$TAPDEV" mode tap; }
UIPCD_BEFORE_START=mkdev
tap_setup 13
out=$(timeout 30 ping -n -c 3 -W 5 $UIPC 2>&1)
check "Linux pings uhost over the TAP device that existed before uipcd" grep -q ' 3 received' <<<"$out"
flags=$(cat /sys/class/net/$TAPDEV/tun_flags 2>/dev/null)
check "uipcd attached to it with a plain queue (tun_flags $flags, no IFF_NAPI)" test -n "$flags" -a $((${flags:-0} & 0x10)) -eq 0
check "the device is persistent (ip -d link: persist on)" sh -c "ip -d link show $TAPDEV | grep -q 'type tap.*persist on'"
is "$(cat /sys/class/net/$TAPDEV/tx_queue_len 2>/dev/null)" 1000 "and its queue keeps the length it was made with (1000)"

if can_drop_privilege; then
	mkdir "$T/nb" && chown nobody "$T/nb"
	printf 'host h\n\tinterface en1 tap uipc7 address 10.99.1.2/24\n' >"$T/nb/x.conf"
	rc=0; out=$(cd "$T/nb" && as_nobody timeout 20 "$UIPC_BUILD/bin/uipcd" -s "$T/nb/u.sock" -f "$T/nb/x.conf" 2>&1) || rc=$?
	is "$rc" 1 "uipcd as nobody with a tap line it may not open exits 1"
	case $out in
	*"x.conf:2: en1: tap uipc7: "*) pass "it says which line and why: $out" ;;
	*) fail "it says which line and why" "$out" ;;
	esac
	check "and no device uipc7 was left" sh -c "! ip link show uipc7 >/dev/null 2>&1"
else
	skip "uipcd without the right to open /dev/net/tun" "cannot run as nobody here"
fi
done_testing
