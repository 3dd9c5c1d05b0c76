#!/bin/sh
# make demo: the most complete thing uipc does today.  A private uipcd
# running the primer's LAN (etc/lan.conf: arpa, cad, ... on one virtual
# Ethernet); the primer's Figure 2 server loop (a forked child per client,
# the §5.6 SIGCHLD reaper) bound to a UNIX-domain name, with unrelated
# clients finding it by that name; then the Internet domain across the
# segment: ping, and Debian's curl on arpa fetching a page from python3's
# http.server on cad, by name, over uipc's own TCP; `uipc netstat` listing
# the system's sockets while they talk.
set -e
B=${UIPC_BUILD:-$(pwd)/build}
T=$(mktemp -d /tmp/uipc-demo.XXXXXX)
export UIPC_SOCKET=$T/uipcd.sock
cleanup() { kill $SRV $UIPCD 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT INT TERM
"$B/bin/uipcd" -s "$UIPC_SOCKET" -f etc/lan.conf & UIPCD=$!
i=0; while [ ! -S "$UIPC_SOCKET" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
echo "== uipcd running at $UIPC_SOCKET"
echo "== Figure 2 server (fork per client, SIGCHLD reaper) bound to $T/server"
"$B/bin/uipc" run -- "$B/progs/fig2_server" "$T/server" 3 >"$T/server.out" 2>&1 & SRV=$!
i=0; while [ ! -S "$T/server" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
for n in 1 2 3; do
	"$B/bin/uipc" run -- "$B/progs/fig2_client" "$T/server" $n "$T/go" >"$T/client.$n" 2>&1 &
done
sleep 0.5
echo "== uipc netstat -a (listeners too), while three clients are connected"
"$B/bin/uipc" netstat -a
touch "$T/go"
wait $SRV || true
for n in 1 2 3; do sed "s/^/client $n: /" "$T/client.$n"; done
sed 's/^/server: /' "$T/server.out"
echo "== Debian's socat meets a socat server through a UNIX-domain name on uipc"
"$B/bin/uipc" run -- socat UNIX-LISTEN:"$T/echo" EXEC:cat & E=$!
i=0; while [ ! -S "$T/echo" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
echo "hello from the primer" | "$B/bin/uipc" run -- socat - UNIX-CONNECT:"$T/echo"
wait $E 2>/dev/null || true
echo "== the Internet domain on the primer's LAN (etc/lan.conf)"
"$B/bin/uipc" run -H arpa -- "$B/bin/ping" -c 2 cad
mkdir "$T/www" && echo "hello from cad, over uipc's TCP" >"$T/www/index.html"
( cd "$T/www" && exec timeout 20 "$B/bin/uipc" run -H cad -- python3 -m http.server 8080 ) >/dev/null 2>&1 & H=$!
for i in $(seq 1 50); do
	out=$("$B/bin/uipc" run -H arpa -- curl -s http://cad:8080/ 2>/dev/null) && [ -n "$out" ] && break
	sleep 0.1
done
echo "arpa$ curl http://cad:8080/  ->  $out"
echo "== uipc netstat"
"$B/bin/uipc" netstat
kill $H 2>/dev/null || true
echo "== done"
