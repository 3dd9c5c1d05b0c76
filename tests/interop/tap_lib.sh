# tap_lib.sh: sourced by the tests/interop/tap_*.t tests (after lib.sh).
# A uipc host on a Linux TAP device, the Linux kernel of a network
# namespace of the test's own as its peer (issue 13):
#
#   tap_setup SEED [CONF]   skips unless root with /dev/net/tun; re-runs the
#                           script in its own network namespace (in_own_netns),
#                           with a sysfs of that namespace on /sys in its own
#                           mount namespace (so that uipcd may put the TAP's
#                           NAPI in threaded mode, src/net/if_tap_napi.c);
#                           starts uipcd with host "uhost" on TAP device
#                           uipc0 at 10.99.0.2/24 (CONF: the configuration
#                           instead, @T@ for $T); gives the Linux side of
#                           uipc0 10.99.0.1/24 and brings it up.
#
# Then LINUX=10.99.0.1, UIPC=10.99.0.2, and ON_UIPC runs a program on uhost.
# Everything, uipcd and the real programs of both sides, runs inside the
# namespace, which goes (with the TAP device uipcd made) when the test ends.

LINUX=10.99.0.1
UIPC=10.99.0.2
TAPDEV=uipc0

# _tap_cannot: why a TAP test cannot run here, or nothing.
_tap_cannot() {
	[ "$(id -u)" = 0 ] || { echo "not root: a TAP device needs CAP_NET_ADMIN"; return; }
	[ -c /dev/net/tun ] || { echo "no /dev/net/tun"; return; }
	command -v ip >/dev/null 2>&1 || { echo "ip (iproute2) is not installed"; return; }
	[ "$UIPC_NATIVE" = 1 ] && { echo "a uipc host is the test's subject; nothing to run natively"; return; }
}

_tap_there() { ip link show "$TAPDEV" >/dev/null 2>&1; }

tap_setup() {
	local why
	why=$(_tap_cannot)
	[ -n "$why" ] && skip_all "$why"
	in_own_netns
	# /sys shows the namespace that mounted it: the test's own from here on
	# (the mount namespace is the test's too, in_own_netns).
	mount -t sysfs uipc-test-sysfs /sys 2>/dev/null
	UIPCD_CONF_TEXT=${2:-"
seed $1
host uhost
	interface en1 tap $TAPDEV address $UIPC/24
"}
	uipc_setup
	wait_for 10 _tap_there || {
		fail "uipcd made TAP device $TAPDEV" "$(cat "$T/uipcd.log")"
		done_testing; exit 1
	}
	# No IPv6 on the link: its router solicitations are noise to uipc.
	sysctl -q -w "net.ipv6.conf.$TAPDEV.disable_ipv6=1" 2>/dev/null
	ip addr add "$LINUX/24" dev "$TAPDEV" &&
	ip link set "$TAPDEV" up || {
		fail "the Linux side of $TAPDEV has $LINUX/24 and is up"
		done_testing; exit 1
	}
	ON_UIPC=("$UIPC_BUILD/bin/uipc" run --)
}

# tap_need_pkg PKG CMD: installs Debian package PKG when CMD is missing and
# we may (as scripts/deps.sh would); the test skips if CMD is still missing.
tap_need_pkg() {
	if ! command -v "$2" >/dev/null 2>&1 && [ "$(id -u)" = 0 ] &&
	    command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq \
		    --no-install-recommends "$1" >/dev/null 2>&1
	fi
	need "$2"
}
