#!/bin/bash
# Numeric IPv6 through getaddrinfo, getnameinfo and inet_pton, as glibc
# answers them (issue 9: PostgreSQL's pg_hba.conf has "::1/128"), from C
# and from python3; names under AF_UNSPEC stay IPv4 on uipc, and an
# AF_INET6 socket is still refused there.  Nothing here should ask DNS
# (numeric nodes only natively; uipc's routines read files only), but the
# test runs in a network namespace of its own all the same.
. "$(dirname "$0")/lib.sh"
in_own_netns
uipc_setup
tap_from on_uipc "$P/gai6"

out=$(on_uipc "$PYTHON" -c '
import socket
r = socket.getaddrinfo("::1", 80, flags=socket.AI_NUMERICHOST)
print(sorted(set((a[0].name, a[4][0], a[4][1]) for a in r)))
print(socket.getnameinfo(("::1", 80, 0, 0), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))
print(socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, "::1")))
' 2>&1)
is "$out" "[('AF_INET6', '::1', 80)]
('::1', '80')
::1" "python3: getaddrinfo('::1', AI_NUMERICHOST), getnameinfo and inet_pton of ::1"

if [ "$UIPC_NATIVE" = 1 ]; then
	skip "uipc: names under AF_UNSPEC are IPv4" "names depend on the machine's files natively"
	skip "uipc: AF_INET6 socket refused" "Linux makes one"
else
	fams=$(on_uipc "$PYTHON" -c '
import socket
print(sorted(set(a[0].name for a in socket.getaddrinfo("localhost", 80))))' 2>&1)
	is "$fams" "['AF_INET']" "uipc: getaddrinfo('localhost', AF_UNSPEC) answers IPv4 only"
	err=$(on_uipc "$PYTHON" -c '
import socket
try:
    socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    print("made")
except OSError as e:
    print(e.errno == __import__("errno").EAFNOSUPPORT)' 2>&1)
	is "$err" "True" "uipc: an AF_INET6 socket is refused with EAFNOSUPPORT"
fi
done_testing
