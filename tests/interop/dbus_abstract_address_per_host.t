#!/bin/bash
# Debian's dbus-daemon and dbus-send, unmodified, over a D-Bus address in
# Linux's abstract UNIX-domain namespace (unix:abstract=..., issue 10): the
# bus on arpa answers a client on arpa (EXTERNAL authentication, so
# SO_PEERCRED and the credentials byte), and a client on monet, another
# uipc host, does not find it: each host has its own abstract names, as
# each network namespace does on Linux (natively: the monet side runs in a
# network namespace of its own).
. "$(dirname "$0")/../system/lib.sh"
in_own_netns
need dbus-daemon dbus-send
uipc_setup_two_hosts 13
if [ "$UIPC_NATIVE" = 1 ]; then ON_MONET=(unshare -n --); fi
cat >"$T/bus.conf" <<EOC
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:abstract=/tmp/uipc-dbus-test-$$</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <!-- Debian's session.conf policy: everything allowed -->
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOC
bg 60 "$T/bus.err" "${ON_ARPA[@]}" sh -c 'exec dbus-daemon --config-file="$1" --nofork --print-address=3 3>"$2"' \
    sh "$T/bus.conf" "$T/bus.addr"
wait_for 30 test -s "$T/bus.addr" || fail "dbus-daemon on arpa printed its address" "$(cat "$T/bus.err")"
ADDR=$(head -1 "$T/bus.addr")
case $ADDR in
unix:abstract=/tmp/uipc-dbus-test-$$,*) pass "the bus listens on an abstract address: $ADDR" ;;
*) fail "the bus listens on an abstract address" "got: $ADDR" ;;
esac
rc=0
"${ON_ARPA[@]}" timeout 20 dbus-send --bus="$ADDR" --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.ListNames >"$T/names" 2>&1 || rc=$?
is "$rc" 0 "dbus-send on arpa: ListNames answered"
check "the bus names itself (org.freedesktop.DBus) among its names" grep -q '"org.freedesktop.DBus"' "$T/names"
rc=0
"${ON_MONET[@]}" timeout 20 dbus-send --bus="$ADDR" --print-reply --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.ListNames >"$T/names.monet" 2>&1 || rc=$?
check "dbus-send on monet, another host, does not reach arpa's bus" test "$rc" -ne 0
check "it says the connection was refused" grep -qi 'refused' "$T/names.monet"
done_testing
