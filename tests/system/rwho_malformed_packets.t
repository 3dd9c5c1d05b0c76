#!/bin/bash
# rwhod takes a status only as netkit's does (PROTOCOLS.md §1): from port
# 513, at least the 60-byte header, version 1 and type 1, a host name of
# printable characters without '/' (byte 31 forced to NUL).  Anything else
# is refused with a line in its log and nothing written, in the spool or
# anywhere else.  A crafted sender (progs/whosend.c) on a second host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/rwho_lib.sh"
rwho_native_reexec "$@"
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"

UIPCD_CONF_TEXT="
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
host evil
	interface en0 segment lan address 10.0.0.2/24
"
uipc_setup
rwho_hosts arpa=10.9.0.1 evil=10.9.0.2
if [ "$UIPC_NATIVE" = 1 ]; then A=10.9.0.1; else A=10.0.0.1; fi
LOG=$T/rwhod.arpa.log

rwhod_start arpa
wait_for 30 grep -q 'status of arpa' "$LOG" || fail "rwhod on arpa hears its own status" "$(cat "$LOG")"

# send CASE PORT NAME EXPECTED-LOG-LINE
send() {
	host_prefix evil
	tap_from "${ON_HOST[@]}" "$P/whosend" "$A" "$2" "$1" "$3"
	if wait_for 30 grep -qF -- "$4" "$LOG"; then
		pass "$1 from port $2: rwhod logs '$4'"
	else
		fail "$1 from port $2: rwhod logs '$4'" "$(cat "$LOG")"
	fi
}
send good 513 okhost "status of okhost from"
send good 1234 badport "1234: bad from port"
send short 513 short "short packet (59 bytes)"
send vers 513 vers "version 2 type 1"
send type 513 type "version 1 type 2"
send slash 513 escaped "malformed host name"
send high 513 crafted "malformed host name"
send blank 513 crafted "malformed host name"
send empty 513 crafted "malformed host name"
check "three names refused after the '/' one" \
	test "$(grep -c 'malformed host name' "$LOG")" = 4
# netkit forces byte 31 to NUL: 32 bytes of name are 31 of them.
send nonul 513 x "status of nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn from"

N31=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn
is "$(LC_ALL=C ls -A "$T/spool/arpa" | LC_ALL=C sort | tr '\n' ' ')" "whod.arpa whod.$N31 whod.okhost " \
	"the spool holds arpa, okhost and the 31-byte name, nothing else"
is "$(find "$T" -name '*escaped*' -o -name '*badport*' -o -name 'whod.short' | wc -l)" 0 \
	"nothing written outside the spool, nor for a refused packet"
is "$(stat -c %s "$T/spool/arpa/whod.okhost")" 108 "a status is stored as long as it came (header and two users)"
out=$(ruptime_on arpa -a)
diag "$out"
check "ruptime reads the stored status in host byte order" \
	grep -qE '^okhost        up       1:00,     2 users,  load +1\.23, +0\.00, +0\.00$' <<<"$out"
check "rwho -a lists okhost's users" \
	test "$(rwho_on arpa -a | grep -c ' okhost:')" = 2
done_testing
