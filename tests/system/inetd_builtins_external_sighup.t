#!/bin/bash
# inetd, the primer's service server (§4: "a single contact point for all
# services"), on monet with clients on arpa: the internal echo, discard,
# chargen, daytime and time services on TCP and UDP (RFC 862-868); an
# external program (stream nowait) run as the line's user with the
# connection on descriptors 0-2; 100 clients of echo at once, each served
# by a child of its own; clients that connect and vanish; a second reading
# of the configuration on SIGHUP (a service added, one removed); and the
# rate limit that shuts a service started too often in a minute; a dgram
# wait server given inetd's own socket.
# Natively: the same inside a network namespace of the test's own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netns.sh"
uipc_setup_two_hosts 23
B=$UIPC_BUILD/bin
if [ "$UIPC_NATIVE" = 1 ]; then SERVER=localhost; else SERVER=monet; fi
USER_EXT=root
can_drop_privilege && USER_EXT=nobody

# The external program: says who it runs as, reads a line from 0, answers on 1.
cat >"$T/whoami.sh" <<'SH'
#!/bin/sh
id -un
read line
echo "got $line"
SH
printf '#!/bin/sh\necho added-by-sighup\n' >"$T/added.sh"
printf '#!/bin/sh\nexit 0\n' >"$T/quick.sh"
chmod 755 "$T/whoami.sh" "$T/added.sh" "$T/quick.sh"
conf() {
	cat <<CONF
# internal services (RFC 862-868)
echo	stream	tcp	nowait	root	internal
echo	dgram	udp	wait	root	internal
discard	stream	tcp	nowait	root	internal
discard	dgram	udp	wait	root	internal
chargen	stream	tcp	nowait	root	internal
chargen	dgram	udp	wait	root	internal
time	stream	tcp	nowait	root	internal
time	dgram	udp	wait	root	internal
daytime	dgram	udp	wait	root	internal
4242	stream	tcp	nowait	$USER_EXT	$T/whoami.sh	whoami.sh
4444	stream	tcp	nowait.3	root	$T/quick.sh	quick.sh
4545	dgram	udp	wait	root	$P/dgram_wait_server	dgram_wait_server
CONF
}
{
	conf
	printf 'daytime\tstream\ttcp\tnowait\troot\tinternal\n'
	printf 'bogus line\n'
	printf 'no-such-service stream tcp nowait root internal\n'
	printf 'echo stream tcp6 nowait root internal\n'
	printf '7001 stream tcp nowait no-such-user /bin/true true\n'
	printf '7002 stream tcp nowait root bin/true true\n'
	printf '7003 stream tcp maybe root /bin/true true\n'
	printf '7004 stream udp nowait root /bin/true true\n'
} >"$T/inetd.conf"

bg 200 "$T/inetd.log" "${ON_MONET[@]}" "$B/inetd" -d "$T/inetd.conf"
inetd=$BG_PID
if wait_for 30 grep -q '4545/udp: listening' "$T/inetd.log"; then pass "inetd on monet listens at every service of its configuration"; else
	fail "inetd listens" "$(cat "$T/inetd.log")"; done_testing; exit; fi
grep -q 'line 15: too few fields' "$T/inetd.log"; ok_if $? "a malformed line is reported with its number and skipped"
for want in 'line 16: no-such-service/tcp: unknown service' 'line 17: tcp6: IPv6 is not served' \
    'line 18: no-such-user: no such user' 'line 19: bin/true: the program needs a full path' \
    'line 20: maybe: neither wait nor nowait' 'line 21: udp does not carry stream'; do
	grep -qF "$want" "$T/inetd.log"; ok_if $? "configuration error reported: $want"
done
grep -q 'listening on port 700' "$T/inetd.log"; [ $? -ne 0 ]; ok_if $? "no service of a line in error is opened"

tap_from "${ON_ARPA[@]}" "$P/inetd_client" builtins "$SERVER"

out=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 4242 ping)
is "$out" "$USER_EXT
got ping" "an external program serves a connection on descriptors 0-2 as the line's user ($USER_EXT)"

# dgram wait: the server gets inetd's own socket; inetd takes it back when the server exits.
a1=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" ask "$SERVER" 4545 first)
a2=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" ask "$SERVER" 4545 second)
case $a1 in "pid "*" port 4545: first") pass "dgram wait: the server answers on inetd's own socket (port 4545 on descriptor 0)" ;; *) fail "dgram wait: the server answers on inetd's socket" "got '$a1'" ;; esac
case $a2 in "pid "*" port 4545: second") pass "dgram wait: after the server exits, inetd serves the next datagram" ;; *) fail "dgram wait: inetd serves the next datagram" "got '$a2'" ;; esac
[ "${a1%%:*}" != "${a2%%:*}" ]; ok_if $? "dgram wait: each datagram found no server running, so a new one ran"

tap_from "${ON_ARPA[@]}" "$P/inetd_client" many "$SERVER" 100
tap_from "${ON_ARPA[@]}" "$P/inetd_client" vanish "$SERVER"
check "inetd is still running after clients that vanished" kill -0 "$inetd"

# SIGHUP: daytime/tcp removed, port 4343 added.
{ conf; printf '4343\tstream\ttcp\tnowait\troot\t%s\tadded.sh\n' "$T/added.sh"; } >"$T/inetd.conf"
d=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 13)
[ -n "$d" ] && [ "$d" != refused ]; ok_if $? "daytime/tcp answers before SIGHUP"
pkill -HUP -P "$inetd" -x inetd 2>/dev/null || pkill -HUP -P "$(pgrep -P "$inetd" | head -1)" -x inetd
added() { [ "$(timeout 10 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 4343)" = added-by-sighup ]; }
if wait_for 30 added; then pass "after SIGHUP the added service answers"; else fail "after SIGHUP the added service answers" "$(cat "$T/inetd.log")"; fi
gone() { [ "$(timeout 10 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 13)" = refused ]; }
if wait_for 30 gone; then pass "after SIGHUP the removed service (daytime/tcp) is refused"; else fail "after SIGHUP the removed service is refused"; fi
out=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 7 same-socket)
is "$out" "same-socket" "echo/tcp, kept across SIGHUP, still answers"

# The rate limit: quick.sh may start 3 times a minute; the 4th request shuts the service.
for i in 1 2 3 4; do timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 4444 >/dev/null; done
if wait_for 20 grep -q '4444/tcp server failing (looping), service terminated' "$T/inetd.log"; then pass "a service started more than its limit a minute is shut (looping)"; else
	fail "a looping service is shut" "$(cat "$T/inetd.log")"; fi
out=$(timeout 30 "${ON_ARPA[@]}" "$P/inetd_client" talk "$SERVER" 4444)
is "$out" refused "the shut service refuses connections"
check "inetd still runs" kill -0 "$inetd"
done_testing
