#!/bin/bash
# rlogin both ways over a TAP device between the Linux kernel and the uipc
# host uhost (issue 13):
#   netkit's rlogin (Debian's rsh-client) on Linux logs in to our rlogind
#   on uhost;
#   our rlogin on uhost logs in to netkit's in.rlogind (Debian's
#   rsh-server) under Debian's openbsd-inetd on Linux, trusted by
#   hosts.equiv (pam_rhosts), so no password is asked.
# Each session is driven through tmux (no terminal of the test's own): a
# command typed in it is answered by the remote shell, and its answer is
# read back from the screen.
#
# Everything runs in the test's own network and mount namespace
# (tap_setup): the /etc files the Linux side needs (hosts, hosts.equiv, a
# user to log in as) are the test's copies bound over the machine's in that
# namespace only; the machine's own /etc is never changed.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need tmux netkit-rlogin
have_inetd() { [ -x /usr/sbin/in.rlogind ] && [ -x /usr/sbin/inetd ] && /usr/sbin/inetd -x 2>&1 | grep -q 'dEil'; }
tap_setup 32
# Never outside the test's own mount namespace (in_own_netns, by
# tap_setup): the binds below must not reach the machine's /etc.
[ -n "$T" ] && [ -d "$T" ] &&
	[ "$(readlink /proc/self/ns/mnt)" != "$(readlink /proc/1/ns/mnt)" ] ||
	{ skip_all "not in a mount namespace of the test's own"; exit 1; }
B=$UIPC_BUILD/bin

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
screen() { "${TM[@]}" capture-pane -p -S -200 -t "$1" 2>/dev/null | grep -v '^$'; }
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
# session_runs WINDOW NAME: a command typed in WINDOW is answered by a
# shell at the other end (the sum is made there, so the answer is not the
# echo of what was typed).  It stops waiting when the client has ended.
session_runs() {
	"${TM[@]}" send-keys -t "$1" "echo $2-\$((20+22))" Enter
	wait_until 30 screen_has "$1" "^$2-42|RLOGIN-ENDED"
	screen_has "$1" "^$2-42"
}

# 1. Linux's netkit rlogin into our rlogind on uhost, which trusts root of
# the Linux side by its address (an equivalence file of the test's own).
printf '%s root\n' "$LINUX" >"$T/equiv"
bg 100 "$T/rlogind.log" "${ON_UIPC[@]}" "$B/rlogind" -e "$T/equiv"
wait_for 30 grep -q listening "$T/rlogind.log" || diag "rlogind: $(cat "$T/rlogind.log")"
start_client netkit netkit-rlogin "$UIPC"
if session_runs netkit FROM-LINUX; then
	pass "netkit's rlogin on Linux logs in to our rlogind on uhost over the TAP; a command's output comes back"
else
	fail "netkit's rlogin on Linux logs in to our rlogind on uhost over the TAP; a command's output comes back" \
	    "$(screen netkit)" "$(cat "$T/netkit.err")" "$(cat "$T/rlogind.log")"
fi
"${TM[@]}" send-keys -t netkit "exit" Enter
if wait_until 30 screen_has netkit '^RLOGIN-ENDED'; then
	pass "netkit's rlogin ends when the uhost shell exits (it sees the connection close)"
else
	fail "netkit's rlogin ends when the uhost shell exits (it sees the connection close)" \
	    "$(screen netkit)" "$(cat "$T/netkit.err")" "$(cat "$T/rlogind.log")"
fi

# 2. Our rlogin on uhost into netkit's in.rlogind under openbsd-inetd on Linux.
if ! have_inetd; then
	skip "our rlogin into in.rlogind under openbsd-inetd" "rsh-server or openbsd-inetd is not installed"
	done_testing; exit
fi
# The namespace's /etc: uhost by name (in.rlogind looks the client up),
# a user rwtest to log in as, and hosts.equiv trusting uhost's root as any
# local user but root (ruserok's rule, which pam_rhosts follows).
mkdir -p "$T/etc" "$T/home/rwtest"
chmod 755 "$T" "$T/home"
{ cat /etc/hosts; printf '%s uhost\n%s lhost\n' "$UIPC" "$LINUX"; } >"$T/etc/hosts"
printf 'uhost root\n' >"$T/etc/hosts.equiv"
{ cat /etc/passwd; printf 'rwtest:x:4242:4242:rlogin test:%s:/bin/sh\n' "$T/home/rwtest"; } >"$T/etc/passwd"
{ cat /etc/shadow; printf 'rwtest:*:19000:0:99999:7:::\n'; } >"$T/etc/shadow"
{ cat /etc/group; printf 'rwtest:x:4242:\n'; } >"$T/etc/group"
chmod 644 "$T/etc/hosts" "$T/etc/hosts.equiv" "$T/etc/passwd" "$T/etc/group"
chmod 640 "$T/etc/shadow"
chown 4242:4242 "$T/home/rwtest"
# login (run by in.rlogind) keeps its records (lastlog, wtmp, utmp,
# motd.dynamic) and reaches syslog and logind under /var/log and /run: the
# namespace gets empty ones of its own, so nothing of the session is left
# on the machine (uipcd's socket and tmux's are in $T).
mount -t tmpfs -o mode=0755 uipc-test-log /var/log &&
	mount -t tmpfs -o mode=0755 uipc-test-run /run ||
	skip_all "cannot mount a tmpfs on /var/log and /run in the test's own mount namespace"
for f in hosts hosts.equiv passwd shadow group; do
	[ -e "/etc/$f" ] || skip_all "/etc/$f is missing here, so nothing can be bound on it"
	mount --bind "$T/etc/$f" "/etc/$f" || skip_all "cannot bind the test's /etc/$f in its own mount namespace"
done

printf 'login\tstream\ttcp4\tnowait\troot\t/usr/sbin/in.rlogind\tin.rlogind\n' >"$T/inetd.conf"
bg 100 "$T/inetd.log" /usr/sbin/inetd -d -i "$T/inetd.conf"
wait_for 30 grep -q 'ADD: login' "$T/inetd.log" || diag "inetd: $(cat "$T/inetd.log")"

start_client ours "${ON_UIPC[@]}" "$B/rlogin" -l rwtest "$LINUX"
wait_until 30 screen_has ours '\$ *$|^Password:|RLOGIN-ENDED'
if screen_has ours '^Password:|RLOGIN-ENDED'; then
	fail "in.rlogind trusts uhost's root by hosts.equiv (no password asked)" "$(screen ours)" "$(cat "$T/ours.err")"
else
	pass "in.rlogind trusts uhost's root by hosts.equiv (no password asked)"
fi
if session_runs ours FROM-UIPC; then
	pass "our rlogin on uhost logs in to netkit's in.rlogind under openbsd-inetd on Linux; a command's output comes back"
else
	fail "our rlogin on uhost logs in to netkit's in.rlogind under openbsd-inetd on Linux; a command's output comes back" \
	    "$(screen ours)" "$(cat "$T/ours.err")" "$(cat "$T/inetd.log")"
fi
"${TM[@]}" send-keys -t ours "id -un" Enter
check "the Linux shell is rwtest's" wait_until 30 screen_has ours '^rwtest$'
"${TM[@]}" send-keys -t ours "exit" Enter
if wait_until 30 screen_has ours '^RLOGIN-ENDED'; then
	pass "our rlogin ends when the Linux shell exits"
else
	fail "our rlogin ends when the Linux shell exits" "$(screen ours)" "$(cat "$T/ours.err")" \
	    "$(cat "$T/inetd.log")" "$(ps -ef | grep -E 'rlogin|login|sh$' | grep -v grep)"
fi
diag "our rlogin's session, as its screen showed it:" "$(screen ours)"
done_testing
