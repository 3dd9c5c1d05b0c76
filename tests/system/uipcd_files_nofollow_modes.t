#!/bin/bash
# The files uipcd writes follow no symbolic link and show no one's traffic
# to others.  Links planted where a capture, the control socket and the
# database files will go are replaced, not written through: what they
# point at is untouched.  A capture is mode 0600 (whatever the umask),
# unless the configuration says pcap-mode; the control socket 0666; the
# database files 0644.  A database directory that is a link, or that
# others may write, is refused.
. "$(dirname "$0")/lib.sh"
require_uipc
plant() {
	printf victim >"$T/victim"; chmod 640 "$T/victim"
	printf victim >"$T/victim2"; chmod 600 "$T/victim2"
	printf victim >"$T/victim3"; printf victim >"$T/victim4"
	chmod 644 "$T/victim3" "$T/victim4"
	ln -s "$T/victim" "$T/cap.pcap"
	ln -s "$T/victim2" "$T/uipcd.sock"
	mkdir -m 755 "$T/etc"
	ln -s "$T/victim3" "$T/etc/hosts.new"
	ln -s "$T/victim4" "$T/etc/hosts"
}
UIPCD_BEFORE_START=plant
UIPCD_CONF_TEXT="
segment lan
	pcap @T@/cap.pcap
segment lan2
	pcap @T@/cap2.pcap
	pcap-mode 0640
host a
	interface en0 segment lan address 10.0.0.1/24
	interface en1 segment lan2 address 10.0.1.1/24
"
umask 000
uipc_setup
umask 022

same() { [ "$(cat "$1")" = victim ] && [ "$(stat -c %a "$1")" = "$2" ]; }
mode() { stat -c %a "$1"; }

check "the capture's link was replaced by a file" test -f "$T/cap.pcap" -a ! -L "$T/cap.pcap"
is "$(mode "$T/cap.pcap")" 600 "the capture is mode 0600 (uipcd's umask 000)"
check "what the capture's link named is untouched" same "$T/victim" 640
is "$(mode "$T/cap2.pcap")" 640 "pcap-mode 0640 gives mode 0640"
check "the control socket's link was replaced by the socket" test -S "$T/uipcd.sock" -a ! -L "$T/uipcd.sock"
is "$(mode "$T/uipcd.sock")" 666 "the control socket is mode 0666"
check "what the control socket's link named is untouched" same "$T/victim2" 600
check "hosts was written (a file, not through the link)" test -f "$T/etc/hosts" -a ! -L "$T/etc/hosts"
check "hosts names the configured host" grep -q '10.0.0.1.*a' "$T/etc/hosts"
is "$(mode "$T/etc/hosts")" 644 "hosts is mode 0644"
check "what hosts.new's link named is untouched" same "$T/victim3" 644
check "what hosts's link named is untouched" same "$T/victim4" 644
check "uipc run works beside it" "$UIPC_BUILD/bin/uipc" netstat -a

# A database directory that is a link, or that others may write, is refused.
mkdir -m 755 "$T/two" "$T/three" "$T/victimdir"
ln -s "$T/victimdir" "$T/two/etc"
mkdir -m 777 "$T/three/etc"
for d in two three; do
	"$UIPC_BUILD/bin/uipcd" -s "$T/$d/uipcd.sock" -H b >"$T/$d.log" 2>&1 &
	pid=$!
	wait_for 10 test -S "$T/$d/uipcd.sock"
	is "$?" 0 "uipcd in $d starts"
	kill -TERM "$pid"; wait "$pid"
done
check "no database file written through the etc link" test -z "$(ls -A "$T/victimdir")"
check "the refusal is logged" grep -q 'databases:.*Too many levels of symbolic links' "$T/two.log"
check "no database file written in an etc others may write" test ! -e "$T/three/etc/hosts"
check "that refusal is logged" grep -q 'databases:.*others may write' "$T/three.log"
done_testing
