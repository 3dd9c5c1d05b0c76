#!/bin/sh
# make demo: the most complete thing uipc does today (issue 2).  A private
# uipcd; the primer's Figure 2 server loop (a forked child per client, the
# §5.6 SIGCHLD reaper) bound to a UNIX-domain name; unrelated client
# processes, among them Debian's socat, finding it by that name; and
# `uipc netstat` listing the system's sockets while they talk.
set -e
B=${UIPC_BUILD:-$(pwd)/build}
T=$(mktemp -d /tmp/uipc-demo.XXXXXX)
export UIPC_SOCKET=$T/uipcd.sock
cleanup() { kill $SRV $UIPCD 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
"$B/bin/uipcd" -s "$UIPC_SOCKET" & UIPCD=$!
i=0; while [ ! -S "$UIPC_SOCKET" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
echo "== uipcd running at $UIPC_SOCKET"
echo "== Figure 2 server (fork per client, SIGCHLD reaper) bound to $T/server"
"$B/bin/uipc" run -- "$B/progs/fig2_server" "$T/server" 3 >"$T/server.out" 2>&1 & SRV=$!
i=0; while [ ! -S "$T/server" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
for n in 1 2 3; do
	"$B/bin/uipc" run -- "$B/progs/fig2_client" "$T/server" $n "$T/go" >"$T/client.$n" 2>&1 &
done
sleep 0.5
echo "== uipc netstat, while three clients are connected"
"$B/bin/uipc" netstat
touch "$T/go"
wait $SRV || true
for n in 1 2 3; do sed "s/^/client $n: /" "$T/client.$n"; done
sed 's/^/server: /' "$T/server.out"
echo "== Debian's socat meets a socat server through a UNIX-domain name on uipc"
"$B/bin/uipc" run -- socat UNIX-LISTEN:"$T/echo" EXEC:cat & E=$!
i=0; while [ ! -S "$T/echo" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
echo "hello from the primer" | "$B/bin/uipc" run -- socat - UNIX-CONNECT:"$T/echo"
wait $E 2>/dev/null || true
echo "== done"
