#!/bin/bash
# Debian's rwhod on the Linux side of a TAP device and ours on the uipc
# host uhost (issue 13): each side's ruptime lists the other, the status
# packets crossing the wire between the Linux kernel and uipc's own stack
# as broadcasts to 10.99.0.255 (PROTOCOLS.md §1).
#
# Debian's rwhod and ruptime are unpacked from their packages (apt-get
# download, dpkg -x: never installed, so no service starts on the
# machine).  They run on Linux, in the test's own network and mount
# namespace (tap_setup), where the test's spool is bound on /var/spool;
# the daemon runs in a PID and UTS namespace of its own too, so that it is
# named "lhost" and ends with the test.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need unshare dpkg apt-get
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"

DEB=$UIPC_BUILD/debian-rwho
if [ ! -x "$DEB/usr/sbin/rwhod" ] || [ ! -x "$DEB/usr/bin/ruptime" ]; then
	mkdir -p "$DEB.dl" &&
	(cd "$DEB.dl" && apt-get download rwhod rwho >/dev/null 2>&1) &&
	for f in "$DEB.dl"/*.deb; do dpkg -x "$f" "$DEB"; done
	[ -x "$DEB/usr/sbin/rwhod" ] || skip_all "Debian's rwhod package cannot be fetched here"
fi

tap_setup 31 "
seed 31
host uhost
	interface en1 tap $TAPDEV address $UIPC/24
	uptime 1d2h3m30s
	load 2.25 1.50 0.75
	user carol console login 1h idle 3m
"
# Never outside the test's own mount namespace (in_own_netns, by
# tap_setup): the binds below must not reach the machine's /var/spool.
[ -n "$T" ] && [ -d "$T" ] &&
	[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ] ||
	{ skip_all "not in a mount namespace of the test's own"; exit 1; }
# rwhod sends to each interface's broadcast address: give the Linux side
# one (ip addr add, as tap_setup does it, sets none unless asked).
ip addr del "$LINUX/24" dev "$TAPDEV" &&
	ip addr add "$LINUX/24" broadcast + dev "$TAPDEV" ||
	fail "the Linux side of $TAPDEV has broadcast address 10.99.0.255"
export TZ=UTC
mkdir -p "$T/lspool/rwho" "$T/uspool"
chown nobody "$T/lspool/rwho" "$T/uspool"
# The test's mount namespace is its own (in_own_netns): /var/spool here is
# the test's, the machine's is untouched.
mount --bind "$T/lspool" /var/spool || skip_all "cannot bind a spool on /var/spool"

# Ours first on uhost, so that it hears Debian's first status (Debian's
# sends one at start, then every 3 minutes); ours every second.
bg 100 "$T/uhost.log" env RWHODIR="$T/uspool" "${ON_UIPC[@]}" "$UIPC_BUILD/bin/rwhod" -d -i 1
wait_for 30 grep -q 'status of uhost' "$T/uhost.log" ||
	fail "our rwhod on uhost runs" "$(cat "$T/uhost.log")"

bg 100 "$T/lhost.log" unshare -u -p -f --kill-child -- bash -c "
	hostname lhost || exit 1
	'$DEB/usr/sbin/rwhod' -u nobody || exit 1
	echo started; exec sleep 95"
wait_for 30 grep -q started "$T/lhost.log" ||
	fail "Debian's rwhod on Linux (lhost) started" "$(cat "$T/lhost.log")"

check "our rwhod on uhost took Debian's status from lhost over the TAP" \
	wait_for 60 test -f "$T/uspool/whod.lhost"
check "Debian's rwhod on Linux took ours from uhost over the TAP" \
	wait_for 60 test -f "$T/lspool/rwho/whod.uhost"

ours=$(RWHODIR=$T/uspool timeout 30 "${ON_UIPC[@]}" "$UIPC_BUILD/bin/ruptime")
diag "our ruptime on uhost:" "$ours"
check "our ruptime on uhost lists lhost (Linux) up" grep -qE '^lhost +up ' <<<"$ours"
debs=$(timeout 30 "$DEB/usr/bin/ruptime")
diag "Debian's ruptime on Linux:" "$debs"
check "Debian's ruptime on Linux lists uhost up 1+02:0x, 1 user, its load as uipc sent it" \
	grep -qE '^uhost +up +1\+02:0[3-9], +1 user, +load +2\.25, +1\.50, +0\.75$' <<<"$debs"
is "$(grep '^lhost' <<<"$ours" | sed 's/.*load//')" "$(grep '^lhost' <<<"$debs" | sed 's/.*load//')" \
	"our ruptime shows lhost's load as Debian's ruptime does (the same packet)"
w=$(RWHODIR=$T/uspool timeout 30 "${ON_UIPC[@]}" "$UIPC_BUILD/bin/rwho" -a)
diag "our rwho -a on uhost:" "$w"
dw=$(timeout 30 "$DEB/usr/bin/rwho" -a 2>/dev/null)
diag "Debian's rwho -a on Linux:" "$dw"
check "Debian's rwho on Linux lists carol on uhost from our status" \
	grep -q '^carol *uhost:console ' <<<"$dw"
done_testing
