#!/bin/bash
# The primer's rlogin, rlogind and inetd with Debian's, all on uipc (monet
# the server, arpa the client), driven through tmux:
#   rsh-redone's rlogin and netkit's rlogin (rsh-client) into our rlogind;
#   our rlogin into netkit's in.rlogind under Debian's openbsd-inetd (it
#   answers with login's password prompt: root has no .rhosts here);
#   Debian's openbsd-inetd starting our rlogind -i.
# Everything runs inside a network namespace of the test's own, on uipc
# too: a call that slips past the shim (glibc's own rcmd, issue 9) then
# meets an empty namespace, never the machine's network.  Natively: the
# same programs on the kernel, the reference.
. "$(dirname "$0")/../system/lib.sh"
NETNS_ALWAYS=1 NETNS_PRIVATE_RUN=1 . "$(dirname "$0")/../system/netns.sh"
need tmux
# Each part needs its Debian package; scripts/deps.sh installs the clients
# (rsh-redone-client, rsh-client) but not the servers (rsh-server,
# openbsd-inetd), which would start a real inetd on a machine that starts
# services.
have() { command -v "$1" >/dev/null 2>&1; }
have_inetd() { [ -x /usr/sbin/in.rlogind ] && [ -x /usr/sbin/inetd ] && /usr/sbin/inetd -x 2>&1 | grep -q 'dEil'; }
have rsh-redone-rlogin || have netkit-rlogin || have_inetd || skip_all "none of rsh-redone-client, rsh-client, rsh-server with openbsd-inetd is installed"
uipc_setup_two_hosts 29
B=$UIPC_BUILD/bin
if [ "$UIPC_NATIVE" = 1 ]; then SERVER=localhost; CLIENT=localhost; else SERVER=monet; CLIENT=arpa; fi
printf '%s root\n' "$CLIENT" >"$T/equiv"

TM=(tmux -S "$T/tmux.sock")
# wait_until SECS CMD...: CMD until it succeeds, bounded by the wall clock
# (lib.sh's wait_for counts rounds of 20 ms, and each capture-pane costs more).
wait_until() {
	local end=$((SECONDS + $1)); shift
	until "$@"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}
screen_has() { "${TM[@]}" capture-pane -p -S -200 -t "$1" 2>/dev/null | grep -qE "$2"; }
screen() { "${TM[@]}" capture-pane -p -t "$1" 2>/dev/null | grep -v '^$'; }
start_client() {
	local w=$1; shift
	local cmd
	cmd="$(printf '%q ' "$@") 2>$T/$w.err; echo RLOGIN-ENDED; sleep 300"
	if [ -S "$T/tmux.sock" ]; then
		"${TM[@]}" new-window -d -n "$w" "$cmd"
	else
		"${TM[@]}" new-session -d -s rl -x 80 -y 24 -n "$w" "$cmd"
		_bg_pids="$_bg_pids $("${TM[@]}" display -p '#{pid}')"
	fi
}
# session_runs WINDOW NAME: a command typed in WINDOW is answered by a shell.
# It stops waiting when the client has ended (RLOGIN-ENDED).
session_runs() {
	"${TM[@]}" send-keys -t "$1" "echo $2-\$((20+22))" Enter
	wait_until 30 screen_has "$1" "^$2-42|RLOGIN-ENDED"
	screen_has "$1" "^$2-42"
}

bg 200 "$T/rlogind.log" "${ON_MONET[@]}" "$B/rlogind" -e "$T/equiv"
rlogind=$BG_PID
wait_for 30 grep -q listening "$T/rlogind.log" || diag "rlogind: $(cat "$T/rlogind.log")"

if have rsh-redone-rlogin; then
	start_client redone "${ON_ARPA[@]}" rsh-redone-rlogin "$SERVER"
	if session_runs redone REDONE; then pass "rsh-redone's rlogin logs in to our rlogind"; else
		fail "rsh-redone's rlogin logs in to our rlogind" "$(screen redone)" "$(cat "$T/redone.err")"; fi
else
	skip "rsh-redone's rlogin" "rsh-redone-client is not installed"
fi
if have netkit-rlogin; then
	start_client netkit "${ON_ARPA[@]}" netkit-rlogin "$SERVER"
	if session_runs netkit NETKIT; then pass "netkit's rlogin logs in to our rlogind"; else
		fail "netkit's rlogin logs in to our rlogind" "$(screen netkit)" "$(cat "$T/netkit.err")"; fi
else
	skip "netkit's rlogin" "rsh-client is not installed"
fi
kill "$rlogind"; bg_wait "$rlogind"
if ! have_inetd; then
	skip "in.rlogind under openbsd-inetd" "rsh-server or openbsd-inetd is not installed"
	skip "openbsd-inetd starting our rlogind" "openbsd-inetd is not installed"
	done_testing; exit
fi

printf 'login\tstream\ttcp4\tnowait\troot\t/usr/sbin/in.rlogind\tin.rlogind\n' >"$T/inetd.conf"
printf '2513\tstream\ttcp4\tnowait\troot\t%s\trlogind -i -e %s\n' "$B/rlogind" "$T/equiv" >>"$T/inetd.conf"
bg 200 "$T/inetd.log" "${ON_MONET[@]}" /usr/sbin/inetd -d -i "$T/inetd.conf"
wait_for 30 grep -q 'ADD: 2513' "$T/inetd.log" || diag "inetd: $(cat "$T/inetd.log")"

start_client netkitd "${ON_ARPA[@]}" "$B/rlogin" "$SERVER"
wait_until 30 screen_has netkitd '^Password:|RLOGIN-ENDED'
if screen_has netkitd '^Password:'; then pass "netkit's in.rlogind under openbsd-inetd takes our rlogin's request (login asks for the password)"; else
	fail "netkit's in.rlogind under openbsd-inetd takes our rlogin's request" "$(screen netkitd)" "$(cat "$T/netkitd.err")" "$(cat "$T/inetd.log")"; fi

start_client ours "${ON_ARPA[@]}" "$B/rlogin" -p 2513 "$SERVER"
if session_runs ours VIA-OPENBSD-INETD; then pass "openbsd-inetd starts our rlogind -i, which gives a shell"; else
	fail "openbsd-inetd starts our rlogind -i, which gives a shell" "$(screen ours)" "$(cat "$T/ours.err")"; fi
done_testing
