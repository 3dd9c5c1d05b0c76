#!/bin/bash
# rlogind's side of RFC 1282 byte by byte, seen from a client program on
# arpa (progs/rlogind_wire.c): the zero byte, the window-size request as
# urgent data (0x80), window messages taken out of the input (whole and
# split), an interrupt's flush as urgent data (0x02) with SIOCATMARK at the
# mark, exit, and bad requests (first byte not zero, a user name too long,
# a client on an unprivileged port asked for a password).  Natively: the
# same inside a network namespace of the test's own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netns.sh"
uipc_setup_two_hosts 31
if [ "$UIPC_NATIVE" = 1 ]; then SERVER=localhost; CLIENT=localhost; else SERVER=monet; CLIENT=arpa; fi
printf '%s wire\n' "$CLIENT" >"$T/equiv"
bg 200 "$T/rlogind.log" "${ON_MONET[@]}" "$UIPC_BUILD/bin/rlogind" -e "$T/equiv"
if wait_for 30 grep -q listening "$T/rlogind.log"; then pass "rlogind listens on monet"; else
	fail "rlogind listens on monet" "$(cat "$T/rlogind.log")"; done_testing; exit; fi
tap_from "${ON_ARPA[@]}" "$P/rlogind_wire" "$SERVER" wire
# Our rlogin shows a refusal (byte 1 and the reason) and exits 1.
long=$(printf 'x%.0s' $(seq 1 40))
rc=0; err=$(timeout 30 "${ON_ARPA[@]}" "$UIPC_BUILD/bin/rlogin" -l "$long" "$SERVER" </dev/null 2>&1) || rc=$?
is "$rc/$(printf '%s' "$err" | tr -d '\r')" "1/rlogind: locuser too long." "rlogin prints the server's refusal and exits 1"
rc=0; err=$(timeout 30 "${ON_ARPA[@]}" "$UIPC_BUILD/bin/rlogin" no-such-host </dev/null 2>&1) || rc=$?
is "$rc/$err" "2/rlogin: no-such-host: unknown host" "rlogin names an unknown host and exits 2"
done_testing
