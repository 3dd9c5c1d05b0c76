#!/bin/bash
# rwhod on a point-to-point interface (primer §4.3: status "sent to the
# peer of each point-to-point one"): it finds the interface with
# SIOCGIFCONF and SIOCGIFFLAGS, its peer with SIOCGIFDSTADDR, and sends its
# status there by unicast, from port 513.  uipc has no point-to-point
# interface yet, so this runs on the Linux kernel only, in a network and
# UTS namespace of its own: a TUN device (IFF_POINTOPOINT) whose far end is
# this test, which reads what rwhod sends into it.
UIPC_NATIVE=1
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "rwhod binds port 513 and the test makes a namespace: root only"
[ -c /dev/net/tun ] || skip_all "no /dev/net/tun"
command -v unshare >/dev/null && command -v ip >/dev/null || skip_all "unshare and ip are needed"
id nobody >/dev/null 2>&1 || skip_all "rwhod runs as nobody"
if [ -z "${P2P_IN_NETNS:-}" ]; then
	P2P_IN_NETNS=1 exec unshare -n -u -- "$BASH" "$0" "$@"
fi
hostname p2phost
ip link set lo up
uipc_setup
mkdir -p "$T/spool" && chown nobody "$T/spool"
# The far end: a TUN device, its packets read here; the peer's address is
# 10.9.0.2, which nothing answers (rwhod only sends).
READER='import fcntl, os, struct, sys, time, socket
TUNSETIFF, IFF_TUN, IFF_NO_PI = 0x400454ca, 0x0001, 0x1000
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", b"tun0", IFF_TUN | IFF_NO_PI))
open(sys.argv[1] + ".up", "w").close()
os.set_blocking(fd, False)
end = time.time() + 30
while time.time() < end:
    try:
        p = os.read(fd, 65536)
    except BlockingIOError:
        time.sleep(0.02)
        continue
    if len(p) < 28 or p[0] >> 4 != 4 or p[9] != 17:
        continue
    ihl = (p[0] & 15) * 4
    src, dst = socket.inet_ntoa(p[12:16]), socket.inet_ntoa(p[16:20])
    sport, dport = struct.unpack("!HH", p[ihl:ihl + 4])
    w = p[ihl + 8:]
    name = w[12:44].split(b"\0")[0].decode("ascii", "replace")
    with open(sys.argv[1], "a") as f:
        f.write("%s:%d -> %s:%d vers %d type %d host %s len %d\n" % (src, sport, dst, dport, w[0], w[1], name, len(w)))
        f.flush()'
bg 40 "$T/reader.log" "$PYTHON" -c "$READER" "$T/pkts"
wait_for 10 test -e "$T/pkts.up" || { fail "the TUN device is made" "$(cat "$T/reader.log")"; done_testing; exit; }
ip addr add 10.9.0.1 peer 10.9.0.2 dev tun0 && ip link set tun0 up
check "tun0 is point-to-point, peer 10.9.0.2" sh -c "ip -4 addr show dev tun0 | grep -q 'peer 10.9.0.2' && ip link show tun0 | grep -q POINTOPOINT"
bg 30 "$T/rwhod.log" env RWHODIR="$T/spool" "$UIPC_BUILD/bin/rwhod" -i 1
check "rwhod sent its status to the peer of tun0" wait_for 15 grep -q -- '-> 10.9.0.2:513' "$T/pkts"
line=$(grep -m1 -- '-> 10.9.0.2:513' "$T/pkts")
case $line in
"10.9.0.1:513 -> 10.9.0.2:513 vers 1 type 1 host p2phost "*) pass "from port 513, whod version 1, type status, host p2phost ($line)" ;;
*) fail "from port 513, whod version 1, type status, host p2phost" "$line" ;;
esac
len=${line##* len }
[ "${len:-0}" -ge 60 ] && pass "a whole status packet (at least the 60-byte header: $len)" || fail "a whole status packet" "$line"
if grep -v -- '-> 10.9.0.2:513' "$T/pkts" | grep -q .; then
	fail "nothing else went into the point-to-point link" "$(cat "$T/pkts")"
else
	pass "nothing else went into the point-to-point link"
fi
done_testing
