#!/bin/bash
# uipcd's DNS responder (issue 9; uipc.conf(5) "nameserver", uipcd(8)):
# a query made anyway, by dig or by glibc's resolver, is answered on uipc's
# network for the configuration's names, and never leaves it.  Runs in a
# network namespace of its own (lo only, no route out) with a resolv.conf
# of its own naming 127.0.0.1, where a host listener on the namespace's
# real 127.0.0.1:53 would hear any query that leaked.
#
#   - dig @127.0.0.1 and plain dig (resolv.conf's nameserver) answer each
#     configured host's address, from another host, at once;
#   - an unknown name: NXDOMAIN; a known name's AAAA: NOERROR, no answer;
#   - reverse lookups (dig -x) answer the host's name;
#   - getent ahosts and python3's getaddrinfo answer every host's address;
#   - over TCP too (RFC 1035 §4.2.2), several queries on one connection;
#   - a malformed query is answered FORMERR and the responder goes on;
#   - the host listener heard nothing of all that (and does hear a native
#     dig, so it would have seen a leak).
. "$(dirname "$0")/lib.sh"
require_uipc
need dig getent
in_own_netns "$@"
UIPCD_BEFORE_START=private_resolv_conf
private_resolv_conf() {
	printf 'nameserver 127.0.0.1\noptions timeout:5 attempts:2\n' >"$T/resolv.conf"
	mount --bind "$T/resolv.conf" /etc/resolv.conf 2>/dev/null ||
		skip_all "cannot mount a resolv.conf of the test's own"
}
big_hosts() {
	private_resolv_conf
	for i in $(seq 1 40); do echo "10.0.9.$i big"; done >"$T/big.hosts"
}
UIPCD_BEFORE_START=big_hosts
UIPCD_CONF_TEXT='nameserver
database hosts @T@/big.hosts
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
host cad
	interface en0 segment lan address 10.0.0.2/24
host dali
	interface en0 segment lan address 10.0.0.4/24
host monet
	interface en0 segment lan address 10.0.0.10/24'
uipc_setup
declare -A ADDR=([arpa]=10.0.0.1 [cad]=10.0.0.2 [dali]=10.0.0.4 [monet]=10.0.0.10)
DIG=(dig +time=5 +tries=2)

# A UDP listener on the namespace's real 127.0.0.1:53 that logs each datagram.
LISTEN='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
open(sys.argv[1] + ".up", "w").close()
while True:
    d, a = s.recvfrom(2048)
    with open(sys.argv[1], "a") as f:
        f.write("query of %d bytes\n" % len(d))'
bg 120 "$T/hostdns.out" "$PYTHON" -c "$LISTEN" "$T/hostdns"
check "a host listener on the namespace's 127.0.0.1:53" wait_for 10 test -e "$T/hostdns.up"

# ---- dig -------------------------------------------------------------------
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "${DIG[@]}" +short cad @127.0.0.1 2>&1)" 10.0.0.2 \
    "dig +short cad @127.0.0.1 from arpa: cad's address"
for h in arpa cad dali monet; do
	is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H dali -- "${DIG[@]}" +short "$h" 2>&1)" "${ADDR[$h]}" \
	    "dig +short $h (resolv.conf's nameserver) from dali"
done
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "${DIG[@]}" +short CAD. 2>&1)" 10.0.0.2 \
    "names compare without case"
timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "${DIG[@]}" no-such-host.example >"$T/nx.out" 2>&1
check "an unknown name: NXDOMAIN" grep -q 'status: NXDOMAIN' "$T/nx.out"
check "the answer is authoritative (aa)" grep -q 'flags: qr aa' "$T/nx.out"
timeout 20 "$UIPC_BUILD/bin/uipc" run -H arpa -- "${DIG[@]}" cad AAAA >"$T/aaaa.out" 2>&1
check "cad's AAAA: NOERROR" grep -q 'status: NOERROR' "$T/aaaa.out"
check "cad's AAAA: no answer (NODATA)" grep -q 'ANSWER: 0,' "$T/aaaa.out"
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" +short -x 10.0.0.4 2>&1)" dali. \
    "dig -x 10.0.0.4: dali"
timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" -x 10.9.9.9 >"$T/nxrev.out" 2>&1
check "dig -x of an address no host has: NXDOMAIN" grep -q 'status: NXDOMAIN' "$T/nxrev.out"

# Over TCP: dig +tcp (which sets TCP_USER_TIMEOUT on its socket:
# isc_nm_tcpdnsconnect gave up when uipc refused it); then python3 with two
# length-prefixed queries on one connection, sent at once, answered in order.
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" +tcp +short dali 2>&1)" 10.0.0.4 \
    "dig +tcp +short dali: dali's address over TCP"
TCPQ='import socket, struct
def q(i, name):
    m = struct.pack(">HHHHHH", i, 0x0100, 1, 0, 0, 0)
    m += b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0\0\1\0\1"
    return struct.pack(">H", len(m)) + m
s = socket.create_connection(("127.0.0.1", 53), timeout=10)
s.sendall(q(1, "dali") + q(2, "no-such-host"))
for i in range(2):
    n = struct.unpack(">H", s.recv(2, socket.MSG_WAITALL))[0]
    d = s.recv(n, socket.MSG_WAITALL)
    an = struct.unpack(">H", d[6:8])[0]
    print("id %d rcode %d answers %d%s" % (d[1], d[3] & 15, an, " " + socket.inet_ntoa(d[-4:]) if an else ""))
s.close()'
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "$PYTHON" -c "$TCPQ" 2>&1)" \
    "$(printf 'id 1 rcode 0 answers 1 10.0.0.4\nid 2 rcode 3 answers 0')" \
    "over TCP: two queries on one connection, answered in order"

# A name with 40 addresses (the configuration's hosts database): over UDP
# what fits in 512 bytes and TC (RFC 1035 §4.2.1), over TCP all of them.
timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "${DIG[@]}" +ignore +noedns big >"$T/big.out" 2>&1
check "40 addresses over UDP: truncated (tc)" grep -q 'flags: qr aa tc' "$T/big.out"
n=$(grep -c '^big\..*IN.A.10\.0\.9\.' "$T/big.out")
check "40 addresses over UDP: as many as fit in 512 bytes ($n)" test "$n" -ge 25 -a "$n" -lt 40
BIGQ='import socket, struct
m = struct.pack(">HHHHHH", 7, 0x0100, 1, 0, 0, 0) + b"\3big\0\0\1\0\1"
s = socket.create_connection(("127.0.0.1", 53), timeout=10)
s.sendall(struct.pack(">H", len(m)) + m)
n = struct.unpack(">H", s.recv(2, socket.MSG_WAITALL))[0]
d = s.recv(n, socket.MSG_WAITALL)
print("tc %d answers %d" % ((d[2] >> 1) & 1, struct.unpack(">H", d[6:8])[0]))'
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "$PYTHON" -c "$BIGQ" 2>&1)" "tc 0 answers 40" \
    "40 addresses over TCP: all of them, not truncated"

# glibc's resolver itself (res_query, inside libc): an answer for cad; for
# big, a truncated UDP answer and then the question again over TCP.
# 37 bytes: header 12, question 9, one A record 16; 661: 40 records, more
# than UDP's 512, so they came over TCP.
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "$P/res_query" cad 2>&1)" "answer of 37 bytes" \
    "res_query cad (glibc's resolver): one A record"
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "$P/res_query" big 2>&1)" "answer of 661 bytes" \
    "res_query big: all 40 records, over TCP after a truncated UDP answer"

# ---- a malformed query -----------------------------------------------------
BAD='import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
# A header saying one question, then a compression pointer where the name
# should be (RFC 1035 §4.1.4: nothing earlier to point at).
s.sendto(bytes.fromhex("1234 0100 0001 0000 0000 0000 c00c 0001 0001".replace(" ", "")), ("127.0.0.1", 53))
d, a = s.recvfrom(2048)
print("id %02x%02x rcode %d qr %d" % (d[0], d[1], d[3] & 15, d[2] >> 7))
s.sendto(b"\x00", ("127.0.0.1", 53))        # shorter than a header: no answer
s.sendto(bytes.fromhex("abcd01000001000000000000036361640000010001"), ("127.0.0.1", 53))
d, a = s.recvfrom(2048)
print("id %02x%02x rcode %d answers %d" % (d[0], d[1], d[3] & 15, d[7]))'
is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H monet -- "$PYTHON" -c "$BAD" 2>&1)" \
    "$(printf 'id 1234 rcode 1 qr 1\nid abcd rcode 0 answers 1')" \
    "a malformed query: FORMERR; a runt: nothing; the next query: answered"

stats=$("$UIPC_BUILD/bin/uipc" netstat -s -H monet 2>&1)
is "$(awk '$1 == "dns" && $2 == "ds_queries" { print $3 }' <<<"$stats")" 3 "netstat -s -H monet: 3 DNS queries"
is "$(awk '$1 == "dns" && $2 == "ds_errors" { print $3 }' <<<"$stats")" 1 "netstat -s -H monet: 1 answered with an error"
is "$(awk '$1 == "dns" && $2 == "ds_dropped" { print $3 }' <<<"$stats")" 1 "netstat -s -H monet: 1 dropped"

# ---- the library routines --------------------------------------------------
for h in arpa cad dali monet; do
	is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- getent ahosts "$h" 2>&1 | awk 'NR == 1 { print $1 }')" \
	    "${ADDR[$h]}" "getent ahosts $h"
	is "$(timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- "$PYTHON" -c \
	    'import socket, sys; print(socket.getaddrinfo(sys.argv[1], 80, socket.AF_INET)[0][4][0])' "$h" 2>&1)" \
	    "${ADDR[$h]}" "python3 socket.getaddrinfo($h)"
done
timeout 20 "$UIPC_BUILD/bin/uipc" run -H cad -- getent ahosts no-such-host.example >/dev/null 2>&1
is "$?" 2 "getent ahosts of an unknown name: not found"

# ---- nothing left uipc -------------------------------------------------------
is "$(cat "$T/hostdns" 2>/dev/null)" "" "the namespace's real 127.0.0.1:53 received nothing"
timeout 20 dig +time=1 +tries=1 cad >/dev/null 2>&1	# unanswered: wait no longer
check "a native dig does reach that listener (so it would have seen a leak)" wait_for 10 test -s "$T/hostdns"
done_testing
