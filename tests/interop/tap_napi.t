#!/bin/bash
# The queue of a TAP device uipcd makes (src/net/if_tap_napi.c): attached
# with IFF_NAPI and put in threaded mode where the sysfs on /sys shows
# uipcd's own device, so that the Linux side takes what uipc writes through
# GRO on a kernel thread of its own; socat then moves data each way with
# equal sha256; its queue holds a whole window of TCP's.  Where /sys shows another namespace's device of the same
# name (a uipcd in a network namespace of its own, the mount namespace
# shared), that device is left as it was and uipcd's queue is a plain one.
# (A device that existed before uipcd is left plain too: tap_open.t.)
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need socat sha256sum unshare nsenter
tap_setup 13
PORT=7000
IFF_NAPI=$((0x10))

flags=$(cat /sys/class/net/$TAPDEV/tun_flags 2>/dev/null)
check "uipcd's $TAPDEV is attached with IFF_NAPI (tun_flags $flags)" test $((${flags:-0} & IFF_NAPI)) -ne 0
is "$(cat /sys/class/net/$TAPDEV/threaded 2>/dev/null)" 1 "and its NAPI runs threaded (/sys/class/net/$TAPDEV/threaded)"
# A whole autotuned receive window (6 MiB) of 1448-byte segments fits in
# its queue, so a clean link never drops what the window allowed
# (src/net/if_tap.c, TAP_TXQLEN).
is "$(cat /sys/class/net/$TAPDEV/tx_queue_len 2>/dev/null)" 4500 "its queue holds 4500 frames, a whole 6 MiB window"

# xfer DIR MB: DIR "up" is Linux -> uipc, "down" uipc -> Linux.
xfer() {
	local dir=$1 mb=$2 srv=() cli=() dst label rc want
	if [ "$dir" = up ]; then srv=("${ON_UIPC[@]}"); dst=$UIPC; label="Linux -> uipc"
	else cli=("${ON_UIPC[@]}"); dst=$LINUX; label="uipc -> Linux"; fi
	head -c $((mb << 20)) /dev/urandom >"$T/in"
	want=$(sha256sum <"$T/in")
	rm -f "$T/recv.rc"
	( timeout 120 "${srv[@]}" socat -u TCP4-LISTEN:$PORT,bind=$dst,reuseaddr STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
	local recv=$!; _bg_pids="$_bg_pids $recv"
	rc=0; timeout 120 "${cli[@]}" socat -u FILE:"$T/in" TCP4:$dst:$PORT,retry=50,interval=0.2 2>"$T/send.err" || rc=$?
	is "$rc" 0 "sending socat exited 0 ($label)"; [ "$rc" = 0 ] || diag "$(cat "$T/send.err")"
	bg_wait $recv
	is "$(cat "$T/recv.rc" 2>/dev/null)" 0 "receiving socat exited 0 at EOF ($label)"
	is "$(cat "$T/got")" "$want" "$mb MB arrived with equal sha256 through the threaded queue ($label)"
	rm -f "$T/in"
}
xfer up 64
xfer down 64

# A uipcd in a network namespace of its own, this mount namespace (so this
# /sys, which shows the test's $TAPDEV, not the one it makes there).
echo 0 >/sys/class/net/$TAPDEV/threaded
printf 'host nh\n\tinterface en1 tap %s address 10.98.0.2/24\n' "$TAPDEV" >"$T/n.conf"
bg 60 "$T/n.log" unshare -n -- "$UIPC_BUILD/bin/uipcd" -s "$T/n.sock" -f "$T/n.conf"
npid=
nested_up() {
	npid=$(pgrep -P "$BG_PID" -x uipcd) && [ -S "$T/n.sock" ] &&
	    nsenter -t "$npid" -n ip link show "$TAPDEV" >/dev/null 2>&1
}
if wait_for 20 nested_up; then
	pass "a second uipcd made $TAPDEV in a network namespace of its own"
	# Its device's flags, read through a sysfs of its namespace mounted in
	# a mount namespace made for the look.
	nflags=$(nsenter -t "$npid" -n unshare -m -- sh -c \
	    "mount -t sysfs uipc-test-sysfs2 /sys && cat /sys/class/net/$TAPDEV/tun_flags" 2>&1)
	check "its $TAPDEV has a plain queue, /sys here not being its namespace's (tun_flags $nflags)" \
	    test $((${nflags:-0} & IFF_NAPI)) -eq 0 -a -n "$nflags"
	is "$(cat /sys/class/net/$TAPDEV/threaded)" 0 "the test's $TAPDEV, which /sys shows under that name, was left unthreaded"
	kill "$npid"
else
	fail "a second uipcd made $TAPDEV in a network namespace of its own" "$(cat "$T/n.log")"
fi
bg_wait "$BG_PID"
done_testing
