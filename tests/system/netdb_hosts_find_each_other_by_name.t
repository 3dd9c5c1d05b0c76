#!/bin/bash
# Programs on two hosts of one virtual network find each other by name
# only (primer §3, issue 5): uipcd writes hosts and networks for its
# configuration, `uipc run` points the network library routines at them,
# and unmodified getent, hostname, uname, python3 and curl use them.
. "$(dirname "$0")/lib.sh"
require_uipc
need getent curl python3
UIPCD_CONF_TEXT='database services @T@/services
database hosts @T@/hosts.extra
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
host cad
	interface en0 segment lan address 10.0.0.2/24'
# The configuration's own database files, made before uipcd starts.
make_databases() {
	printf 'uipcecho\t7007/tcp\t# only in the configuration\n' >"$T/services"
	printf '10.0.0.9\tmonet\n' >"$T/hosts.extra"
}
UIPCD_BEFORE_START=make_databases
uipc_setup
on_host() { local h=$1; shift; "$UIPC_BUILD/bin/uipc" run -H "$h" -- "$@"; }
is "$(on_host arpa getent hosts cad | awk '{print $1, $2}')" "10.0.0.2 cad" "getent hosts cad on arpa: cad's address on the segment"
is "$(on_host cad getent hosts arpa | awk '{print $1, $2}')" "10.0.0.1 arpa" "getent hosts arpa on cad"
is "$(on_host arpa getent networks localnet | awk '{print $2}')" "10.0.0.0" "getnetbyname(\"localnet\") is the segment's network (primer Figure 4)"
# The machine's own answer for localhost (127.0.0.1, or ::1 where /etc/hosts lists it first).
is "$(on_host arpa getent hosts localhost | awk '{print $1}')" "$(getent hosts localhost | awk '{print $1}')" \
	"a name uipcd does not know falls back to /etc/hosts"
is "$(on_host arpa getent services uipcecho | awk '{print $2}')" "7007/tcp" "a services file named by the configuration (database services)"
is "$(on_host arpa getent hosts monet | awk '{print $1}')" "10.0.0.9" "a hosts file named by the configuration adds to uipcd's own"
is "$(on_host arpa getent services login | awk '{print $2}')" "513/tcp" "services it does not name fall back to /etc/services"
is "$(on_host cad hostname)" "cad" "hostname on cad answers cad"
is "$(on_host arpa uname -n)" "arpa" "uname -n on arpa answers arpa"
mkdir "$T/www" && echo "served by cad" >"$T/www/index.html"
( cd "$T/www" && exec timeout 30 "$UIPC_BUILD/bin/uipc" run -H cad -- python3 -m http.server 8080 ) >"$T/http.log" 2>&1 &
_bg_pids="$_bg_pids $!"
got=""
for i in $(seq 1 50); do
	got=$(timeout 10 "$UIPC_BUILD/bin/uipc" run -H arpa -- curl -s http://cad:8080/ 2>/dev/null) && [ -n "$got" ] && break
	sleep 0.1
done
is "$got" "served by cad" "curl on arpa fetches http://cad:8080/ from the server on cad"
is "$(on_host arpa python3 -c 'import socket; print(socket.gethostbyname("cad"))')" "10.0.0.2" "python3's gethostbyname on arpa"
done_testing
