#!/bin/bash
# ruserok and iruserok (issue 9) on monet, for users of arpa, by the rules
# of ~root/.rhosts, with arpa's name resolved through uipc's routines.  In
# a network and mount namespace of the test's own: /root is a tmpfs here,
# so the machine's files are never touched.
. "$(dirname "$0")/lib.sh"
in_own_netns
uipc_setup_two_hosts 5
[ "$(id -u)" = 0 ] || skip_all "needs uid 0 to write ~root/.rhosts"
mount -t tmpfs -o mode=0700 tmpfs /root || skip_all "cannot mount a tmpfs on /root"
if [ "$UIPC_NATIVE" = 1 ]; then CLIENT=localhost; else CLIENT=arpa; fi
upper=$(printf '%s' "$CLIENT" | tr a-z A-Z)
cat >/root/.rhosts <<EOT
# who on $CLIENT may be root here
$upper alice
10.9.9.9 carol
$ARPA dave
$CLIENT -frank
+ erin
$CLIENT
-$CLIENT
+ mallory
EOT
chmod 600 /root/.rhosts
tap_from "${ON_MONET[@]}" "$P/ruserok_check" "$CLIENT" "$ARPA" /root/.rhosts
done_testing
