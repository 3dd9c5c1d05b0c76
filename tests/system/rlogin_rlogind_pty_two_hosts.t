#!/bin/bash
# rlogin on arpa into rlogind on monet (primer §4.1, §4.2, §5.1, §5.3;
# RFC 1282), driven through a terminal multiplexer (tmux) as a user would:
# the Figure 2 server forks a child per connection, which runs root's shell
# on a pseudo terminal; the client came from a privileged port (the §5.4
# loop) and arpa is in the server's equivalence file, so no password is
# asked.  Commands run, the terminal type arrives, a full-screen program
# (less) draws on the remote pty, a resize of the client's window reaches
# the remote pty (stty size), an interrupt flushes output through urgent
# data (the client counts the flush it read at the mark), the remote
# stty -ixon makes the client pass ^S through (urgent 0x10), ~. leaves.  A
# client on an unprivileged port (run as nobody) gets a password prompt.
# Then inetd starts rlogind (-i) with the connection on descriptors 0-2.
# Natively: the same inside a network namespace of the test's own.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/netns.sh"
need tmux less
uipc_setup_two_hosts 17
B=$UIPC_BUILD/bin
if [ "$UIPC_NATIVE" = 1 ]; then SERVER=localhost; CLIENT=localhost; else SERVER=monet; CLIENT=arpa; fi
# The server trusts root and nobody of the client's host (by the name it
# resolves the client's address to); nobody is trusted only on a privileged port.
printf '%s root\n%s nobody\n' "$CLIENT" "$CLIENT" >"$T/equiv"
seq 1 200 >"$T/lines"

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
# screen_has WINDOW REGEX: the window's screen (and 500 lines of history) has a matching line.
screen_has() { "${TM[@]}" capture-pane -p -S -500 -t "$1" 2>/dev/null | grep -qE "$2"; }
# screen_now WINDOW REGEX: the visible screen only.
screen_now() { "${TM[@]}" capture-pane -p -t "$1" 2>/dev/null | grep -qE "$2"; }
keys() { "${TM[@]}" send-keys -t "$@"; }
# prompt_back WINDOW: the last line on the screen is the shell's prompt, no program runs.
prompt_back() { [ "$("${TM[@]}" capture-pane -p -t "$1" 2>/dev/null | grep -v '^$' | tail -1)" = 'rl-prompt$' ]; }
# start_client WINDOW CMD...: CMD (rlogin) in a new tmux window of 80 x 24;
# its stderr goes to $T/WINDOW.err.
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

bg 200 "$T/rlogind.log" "${ON_MONET[@]}" "$B/rlogind" -e "$T/equiv"
rlogind=$BG_PID
if wait_for 30 grep -q listening "$T/rlogind.log"; then pass "rlogind on monet listens at login/tcp (getservbyname)"; else
	fail "rlogind listens" "$(cat "$T/rlogind.log")"; done_testing; exit; fi

start_client s "${ON_ARPA[@]}" "$B/rlogin" -v "$SERVER"
# A prompt of our own: after an interrupt the test waits for it before typing
# on, as typeahead while the shell takes the terminal back may be dropped.
keys s "PS1='rl-prompt\$ '; echo MARK-\$((6*7))" Enter
if wait_until 30 screen_has s '^MARK-42'; then pass "a command runs in the remote shell, no password asked"; else
	fail "a command runs in the remote shell" "$("${TM[@]}" capture-pane -p -t s)" "$(cat "$T/s.err")"; fi
srv=$(pgrep -P "$rlogind" | head -1)
is "$(ps -o comm= -p "$srv" 2>/dev/null)" rlogind "the server process is rlogind"
[ "$(ps -o pid= --ppid "$srv" | wc -l)" -ge 1 ]; ok_if $? "a child of the server serves the session (Figure 2's fork)"
term=$("${TM[@]}" show -gv default-terminal)
keys s 'echo TERM-IS-$TERM' Enter
if wait_until 20 screen_has s "^TERM-IS-$term\$"; then pass "the terminal type reached the remote shell ($term)"; else fail "the terminal type reached the remote shell"; fi
keys s 'stty size' Enter
if wait_until 20 screen_has s '^24 80$'; then pass "the remote pty has the client's window size (24 80)"; else fail "the remote pty has the client's window size" "$("${TM[@]}" capture-pane -p -t s)"; fi
"${TM[@]}" resize-window -t s -x 100 -y 30
keys s 'clear; stty size' Enter
if wait_until 20 screen_now s '^30 100$'; then pass "a resize of the client's window reaches the remote pty (30 100)"; else fail "a resize reaches the remote pty" "$("${TM[@]}" capture-pane -p -t s)"; fi

keys s "clear; less $T/lines" Enter
if wait_until 20 screen_now s '^29$' && ! screen_now s '^30$'; then pass "a full-screen program (less) fills the remote pty's 29 lines and its prompt"; else
	fail "less fills the remote pty's window" "$("${TM[@]}" capture-pane -p -t s)"; fi
keys s G
if wait_until 20 screen_now s '^200$' && wait_until 10 screen_now s 'END'; then pass "less jumps to the end on a key (G)"; else fail "less jumps to the end" "$("${TM[@]}" capture-pane -p -t s)"; fi
keys s q
keys s 'clear; echo BACK-$((2+3))' Enter
if wait_until 20 screen_now s '^BACK-5$'; then pass "the shell is back after less"; else fail "the shell is back after less" "$("${TM[@]}" capture-pane -p -t s)"; fi

# Flow control: the remote stty -ixon comes to the client as urgent 0x10, and
# it stops handling ^S itself, so ^S reaches the remote cat (shown as ^S).
keys s 'clear; stty -ixon; echo IXOFF-$((4+4)); cat -v' Enter
wait_until 20 screen_now s '^IXOFF-8$' || diag "no IXOFF-8 on the screen"
keys s C-s x Enter
if wait_until 20 screen_now s '^\^Sx$'; then pass "after the remote stty -ixon, ^S passes through the client to the remote program"; else
	fail "after the remote stty -ixon, ^S reaches the remote program" "$("${TM[@]}" capture-pane -p -t s)"; fi
keys s C-c
wait_until 20 prompt_back s || diag "no prompt after ^C: $("${TM[@]}" capture-pane -p -t s)"
keys s 'clear; stty ixon; echo IXON-$((5+5))' Enter
if wait_until 20 screen_now s '^IXON-10$'; then pass "the shell answers after stty ixon"; else
	fail "the shell answers after stty ixon" "$("${TM[@]}" capture-pane -p -t s)"; fi

keys s 'yes FLOOD' Enter
wait_until 20 screen_now s '^FLOOD$' || diag "no FLOOD on the screen"
keys s C-c
if wait_until 30 prompt_back s; then pass "an interrupt (^C) stops the remote output: the shell's prompt is back"; else
	fail "an interrupt stops the remote output" "$("${TM[@]}" capture-pane -p -t s)"; fi
keys s 'clear; echo AFTER-$((1+1))' Enter
if wait_until 30 screen_now s '^AFTER-2$'; then pass "the shell answers after the interrupt"; else fail "the shell answers after the interrupt" "$("${TM[@]}" capture-pane -p -t s)"; fi
keys s Enter '~.'
if wait_until 20 screen_has s 'RLOGIN-ENDED'; then pass "~. leaves the session"; else fail "~. leaves the session" "$("${TM[@]}" capture-pane -p -t s)"; fi
grep -q 'closed by ~\.' "$T/s.err" 2>/dev/null; ok_if $? "rlogin said it closed by ~."
flushes=$(sed -n 's/^rlogin: \([0-9]*\) urgent flushes, \([0-9]*\) bytes discarded/\1/p' "$T/s.err")
discarded=$(sed -n 's/^rlogin: \([0-9]*\) urgent flushes, \([0-9]*\) bytes discarded/\2/p' "$T/s.err")
if [ "${flushes:-0}" -ge 1 ]; then pass "the interrupt's flush came as urgent data, read at the mark ($flushes flush, $discarded bytes discarded)"; else
	fail "the interrupt's flush came as urgent data" "$(cat "$T/s.err")"; fi

# A client that cannot bind a privileged port (nobody): a password prompt, though equiv lists nobody.
if can_drop_privilege; then
	start_client u setpriv --reuid=nobody --regid=nogroup --clear-groups -- "${ON_ARPA[@]}" "$B/rlogin" -l root "$SERVER"
	if wait_until 30 screen_has u '^Password:'; then pass "a client on an unprivileged port is asked for a password"; else
		fail "a client on an unprivileged port is asked for a password" "$("${TM[@]}" capture-pane -p -t u)" "$(cat "$T/u.err")"; fi
	grep -q 'not on a privileged port' "$T/u.err" 2>/dev/null; ok_if $? "rlogin as nobody said it is not on a privileged port"
	keys u 'wrong-password' Enter
	if wait_until 30 screen_has u '^Login incorrect'; then pass "a wrong password is refused"; else fail "a wrong password is refused" "$("${TM[@]}" capture-pane -p -t u)"; fi
	keys u Enter '~.'
	wait_until 20 screen_has u 'RLOGIN-ENDED'; ok_if $? "the untrusted client leaves with ~."
else
	skip "untrusted client" "cannot run as nobody here"
fi

# The reaper (§5.6): the server's children are gone once the sessions end.
no_zombies() { [ -n "$srv" ] && ! ps -o stat= --ppid "$srv" | grep -q Z && [ "$(ps -o pid= --ppid "$srv" | wc -l)" = 0 ]; }
if wait_for 20 no_zombies; then pass "the server reaped its children (SIGCHLD reaper)"; else fail "the server reaped its children" "$(ps -o pid,stat,args --ppid "$srv")"; fi
kill "$rlogind"; bg_wait "$rlogind"

# inetd starts rlogind with the connection on descriptors 0-2.
printf 'login stream tcp nowait root %s rlogind -i -e %s\n' "$B/rlogind" "$T/equiv" >"$T/inetd.conf"
bg 200 "$T/inetd.log" "${ON_MONET[@]}" "$B/inetd" -d "$T/inetd.conf"
if wait_for 30 grep -q 'login/tcp' "$T/inetd.log"; then pass "inetd on monet listens at login/tcp"; else fail "inetd listens at login/tcp" "$(cat "$T/inetd.log")"; fi
start_client i "${ON_ARPA[@]}" "$B/rlogin" "$SERVER"
keys i 'echo VIA-INETD-$((3*3))' Enter
if wait_until 30 screen_has i '^VIA-INETD-9'; then pass "rlogind -i run by inetd gives a shell"; else
	fail "rlogind -i run by inetd gives a shell" "$("${TM[@]}" capture-pane -p -t i)" "$(cat "$T/i.err" "$T/inetd.log")"; fi
keys i Enter '~.'
wait_until 20 screen_has i 'RLOGIN-ENDED'; ok_if $? "the session through inetd ends with ~."
done_testing
