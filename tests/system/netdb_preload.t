#!/bin/bash
# The network library routines of primer §3 under the preload shim: the
# unmodified Debian getent, with libuipc_preload.so preloaded and UIPC_ETC
# naming the example database directory etc/ (hosts cad and arpa that the
# machine does not know), answers from uipc's files, falls back to the
# host's /etc for what they lack (localhost), and without UIPC_ETC is the
# plain getent.
#
# Env: UIPC_BUILD, the absolute build directory (default: build/ here).
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${UIPC_BUILD:-$here/build}
shim=$build/lib/libuipc_preload.so
etc=$here/etc

echo "1..14"
n=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}
# Runs getent under the shim on uipc's files; prints its output.
ug() { UIPC_ETC=$etc LD_PRELOAD=$shim getent "$@"; }
# Checks that the output of a command matches an extended regular expression.
match() {
	local re=$1 out; shift
	out=$("$@" 2>&1)
	if printf '%s\n' "$out" | grep -Eq -- "$re"; then
		return 0
	fi
	printf '%s\n' "$out" | sed 's/^/# got: /'
	return 1
}

if [ ! -f "$shim" ] || ! command -v getent >/dev/null; then
	for i in $(seq 1 14); do echo "ok $i # SKIP no shim or getent"; done
	exit 0
fi

match '^10\.0\.1\.1 +cad cad\.berkeley\.edu$' ug hosts cad
ok $? "getent hosts cad: gethostbyname2 from uipc's hosts"
match '^10\.0\.1\.3 +arpa arpa-gw$' ug hosts arpa
ok $? "getent hosts arpa"
match '^10\.0\.1\.2 +monet monet\.berkeley\.edu ucbmonet$' ug hosts UCBMONET
ok $? "an alias, in another case, finds the entry"
match '^(127\.0\.0\.1|::1) +localhost' ug hosts localhost
ok $? "localhost, only in /etc/hosts, resolves through the fallback"
match '^10\.0\.1\.4 +ucbvax vax$' ug hosts 10.0.1.4
ok $? "getent hosts ADDRESS: gethostbyaddr"
match '^10\.0\.1\.1 +STREAM cad$' ug ahosts cad
ok $? "getent ahosts cad: getaddrinfo"
match '^login +513/tcp$' ug services login
ok $? "getent services login: getservbyname"
match '^who +513/udp whod$' ug services 513/udp
ok $? "getent services 513/udp: getservbyport with a protocol"
match '^tcp +6 TCP$' ug protocols tcp
ok $? "getent protocols tcp: getprotobyname"
match '^raw +255 RAW$' ug protocols 255
ok $? "getent protocols 255: getprotobynumber, only in uipc's file"
match '^uipc-seg +10\.0\.1\.0 seg0$' ug networks seg0
ok $? "getent networks seg0: getnetbyname"
out=$(ug hosts)
first=$(printf '%s\n' "$out" | head -1)
printf '%s\n' "$out" | grep -q localhost && [ "${first%% *}" = 10.0.1.1 ]
ok $? "getent hosts: gethostent walks uipc's file, then /etc/hosts"
LD_PRELOAD=$shim getent hosts cad >/dev/null 2>&1
[ $? = 2 ]
ok $? "without UIPC_ETC the shim passes through: cad is unknown"
a=$(getent services telnet)
b=$(LD_PRELOAD=$shim getent services telnet)
[ -n "$a" ] && [ "$a" = "$b" ]
ok $? "without UIPC_ETC the shim answers as libc does"
