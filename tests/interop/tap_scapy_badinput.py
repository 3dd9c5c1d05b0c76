#!/usr/bin/python3
# The Linux side of tap_scapy_badinput.t (issue 13): writes malformed
# frames into the TAP device with scapy, one kind per run, and the
# transfer that runs beside them.  Frames go out at layer 2 (a packet
# socket on the TAP): a raw IP socket would have Linux fill in the total
# length and the header checksum (raw(7)), the very fields under test.
#
#   tap_scapy_badinput.py send HOST PORT SECS       the transfer (no scapy)
#   tap_scapy_badinput.py KIND IFACE UIPC_IP UIPC_MAC [PORT]
#
# Every kind prints what it sent; the rst kinds print "ok - ..." or
# "not ok - ..." lines of their own for what only they can see.
import hashlib
import os
import random
import socket
import struct
import sys
import time

N = 10          # frames of each malformed kind


def send_transfer(host, port, secs):
    """Sends pseudo-random data at a modest pace for SECS seconds or until
    the file named by $STOPFILE exists; prints the count and sha256."""
    stop = os.environ.get("STOPFILE", "")
    rnd = random.Random(13)
    h = hashlib.sha256()
    total = 0
    end = time.monotonic() + float(secs)
    s = socket.create_connection((host, int(port)), timeout=30)
    while time.monotonic() < end and not (stop and os.path.exists(stop)):
        chunk = rnd.randbytes(65536)
        s.sendall(chunk)
        h.update(chunk)
        total += len(chunk)
        time.sleep(0.02)
    s.shutdown(socket.SHUT_WR)
    s.settimeout(60)
    while s.recv(4096):
        pass
    s.close()
    print(total, h.hexdigest())


if sys.argv[1] == "send":
    send_transfer(*sys.argv[2:5])
    sys.exit(0)

from scapy.all import (AsyncSniffer, Ether, ICMP, IP, TCP, UDP, Raw,  # noqa: E402
                       conf, get_if_hwaddr, raw)
conf.verb = 0

KIND, IFACE, DST, DMAC = sys.argv[1:5]
PORT = int(sys.argv[5]) if len(sys.argv) > 5 else 7001
SRC = "10.99.0.1"
SMAC = get_if_hwaddr(IFACE)
L2 = conf.L2socket(iface=IFACE)


def cksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip_hdr(payload, proto, src=SRC, opts=b"", ihl=None, tot=None, csum=None,
           ident=0, off=0):
    """An IPv4 header built field by field, so any field can lie."""
    hl = ihl if ihl is not None else (20 + len(opts)) // 4
    tl = tot if tot is not None else 20 + len(opts) + len(payload)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | (hl & 0xf), 0, tl & 0xffff, ident,
                    off, 64, proto, 0, socket.inet_aton(src),
                    socket.inet_aton(DST)) + opts
    c = cksum(h) if csum is None else csum
    return h[:10] + struct.pack("!H", c) + h[12:]


def frame(ipbytes):
    return raw(Ether(src=SMAC, dst=DMAC, type=0x0800) / Raw(ipbytes))


def l4(pkt, src=SRC):
    """The transport header and data of scapy packet pkt (with its
    checksum computed over the pseudo-header of src -> DST unless pkt set
    one)."""
    return raw(IP(src=src, dst=DST) / pkt)[20:]


def emit(frames, what):
    for f in frames:
        L2.send(f)
    print("sent %d: %s" % (len(frames), what))


def ping_payload():
    return l4(ICMP(type=8, id=0x1313, seq=1) / Raw(b"x" * 16))


def kinds():
    p = ping_payload()
    u = l4(UDP(sport=4000, dport=PORT) / Raw(b"hello"))
    t = l4(TCP(sport=4001, dport=PORT, flags="S", seq=1000))
    return {
        "ip_badsum": [frame(ip_hdr(p, 1, csum=0x1313) + p)],
        "ip_tooshort": [frame(ip_hdr(p, 1)[:12])],
        "ip_badhlen": [frame(ip_hdr(p, 1, ihl=4)), frame(ip_hdr(b"", 1, ihl=15))],
        "ip_badlen": [frame(ip_hdr(p, 1, tot=12) + p)],
        "ip_truncated": [frame(ip_hdr(p, 1, tot=20 + len(p) + 400) + p)],
        # A Record Route option whose length (16) runs past the 4 bytes of
        # options the header has (RFC 791 §3.1).
        "ip_badoptions": [frame(ip_hdr(p, 1, opts=b"\x07\x10\x04\x00") + p)],
        "icmp_badsum": [frame(ip_hdr(q, 1) + q) for q in
                        [l4(ICMP(type=8, id=0x1313, seq=2, chksum=0x1313) / Raw(b"x" * 16))]],
        "icmp_tooshort": [frame(ip_hdr(b"\x08\x00\xf7", 1) + b"\x08\x00\xf7")],
        "udp_badsum": [frame(ip_hdr(q, 17) + q) for q in
                       [l4(UDP(sport=4000, dport=PORT, chksum=0x1313) / Raw(b"hello"))]],
        "udp_badlen": [frame(ip_hdr(q, 17) + q) for q in
                       [l4(UDP(sport=4000, dport=PORT, len=200) / Raw(b"hello")),
                        l4(UDP(sport=4000, dport=PORT, len=4) / Raw(b"hello"))]],
        "udp_short": [frame(ip_hdr(u[:5], 17) + u[:5])],
        "tcp_badsum": [frame(ip_hdr(q, 6) + q) for q in
                       [l4(TCP(sport=4001, dport=PORT, flags="S", seq=1000, chksum=0x1313))]],
        "tcp_badoff": [frame(ip_hdr(q, 6) + q) for q in
                       [l4(TCP(sport=4001, dport=PORT, flags="S", seq=1000, dataofs=15)),
                        l4(TCP(sport=4001, dport=PORT, flags="S", seq=1000, dataofs=3))]],
        "tcp_short": [frame(ip_hdr(t[:12], 6) + t[:12])],
        "synfin": [frame(ip_hdr(q, 6) + q) for q in
                   [l4(TCP(sport=4002, dport=PORT, flags="SF", seq=2000))]],
    }


def frag_overlap():
    """A UDP datagram in two fragments whose data overlap with different
    bytes (the teardrop shape, RFC 1858 §3): the second starts at 8 inside
    the first's 24 bytes."""
    out = []
    for i in range(N):
        payload = l4(UDP(sport=4003, dport=PORT) / Raw(b"A" * 40))
        ident = 0x4000 + i
        first = payload[:24]
        second = b"B" * (len(payload) - 8)
        out.append(frame(ip_hdr(first, 17, ident=ident, off=0x2000 | 0)
                         + first))
        out.append(frame(ip_hdr(second, 17, ident=ident, off=1,
                                tot=20 + len(second)) + second))
    emit(out, "overlapping fragment pairs")


def tap_ok(ok, what):
    print("%s - %s" % ("ok" if ok else "not ok", what))


def echo_alive(s, word):
    try:
        s.sendall(word)
        got = b""
        while len(got) < len(word):
            b = s.recv(len(word) - len(got))
            if not b:
                return False
            got += b
        return got == word
    except OSError:
        return False


def rst_kinds():
    """RFC 5961 against an established connection of Linux's own, whose
    sequence numbers the test learns from a capture of the TAP."""
    import threading
    seen = []
    started = threading.Event()

    def mine(pk):
        return (TCP in pk and IP in pk and pk[IP].src == DST and
                pk[TCP].sport == PORT)
    sn = AsyncSniffer(iface=IFACE, lfilter=mine, prn=seen.append, store=False,
                      started_callback=started.set)
    sn.start()
    started.wait(10)
    s = socket.create_connection((DST, PORT), timeout=10)
    lport = s.getsockname()[1]
    alive = echo_alive(s, b"first")
    tap_ok(alive, "an echo connection from Linux to uhost works")

    def echoed():
        return [pk for pk in list(seen) if pk[TCP].dport == lport and
                bytes(pk[TCP].payload).startswith(b"first")]
    end = time.monotonic() + 10
    while not echoed() and time.monotonic() < end:
        time.sleep(0.02)
    sn.stop()
    if not echoed():
        tap_ok(False, "the echo's segment from uhost was seen on the TAP")
        return
    last = echoed()[-1][TCP]
    rcv_nxt, snd_nxt = last.ack, last.seq + len(bytes(last.payload))

    def rst(seq, n, flags="R"):
        q = l4(TCP(sport=lport, dport=PORT, flags=flags, seq=seq & 0xffffffff,
                   ack=snd_nxt if "A" in flags else 0, window=0))
        return [frame(ip_hdr(q, 6) + q)] * n

    mode = KIND
    if mode == "rst_outwin":
        # RFC 5961 §3.2: outside the window, silently dropped.
        emit(rst(rcv_nxt + 0x40000000, 200) + rst(rcv_nxt - 0x40000000, 200),
             "out-of-window RSTs")
        tap_ok(echo_alive(s, b"after-out"), "the connection survives 400 out-of-window RSTs")
    elif mode == "rst_inwin":
        # RFC 5961 §3.2: inside but not rcv_nxt, a challenge ACK.
        emit(rst(rcv_nxt + 1000, 100), "in-window, not exact RSTs")
        tap_ok(echo_alive(s, b"after-in"), "the connection survives 100 in-window inexact RSTs")
    elif mode == "syn_estab":
        # RFC 5961 §4.2: a SYN on a synchronized connection, a challenge ACK.
        emit(rst(rcv_nxt + 7, 20, flags="S"), "SYNs on the established connection")
        tap_ok(echo_alive(s, b"after-syn"), "the connection survives 20 SYNs in its state")
    elif mode == "rst_exact":
        # The control: at exactly rcv_nxt the RST resets (RFC 5961 §3.2),
        # which shows the sequence numbers above were the connection's.
        emit(rst(rcv_nxt, 1), "an exact RST")
        tap_ok(not echo_alive(s, b"after-exact"), "an RST at exactly rcv_nxt resets the connection")
    s.close()


def syn_flood():
    """10,000 SYNs from random sources in 198.18.0.0/15 (RFC 2544's
    benchmarking block; uhost routes it back to Linux, which drops the
    answers)."""
    rnd = random.Random(4987)
    out = []
    for i in range(10000):
        src = "198.%d.%d.%d" % (18 + rnd.randrange(2), rnd.randrange(256),
                                1 + rnd.randrange(254))
        q = l4(TCP(sport=1024 + rnd.randrange(60000), dport=PORT, flags="S",
                   seq=rnd.randrange(1 << 32), window=64240), src=src)
        out.append(frame(ip_hdr(q, 6, src=src) + q))
    emit(out, "SYNs from random sources")


if KIND == "frag_overlap":
    frag_overlap()
elif KIND in ("rst_outwin", "rst_inwin", "syn_estab", "rst_exact"):
    rst_kinds()
elif KIND == "synflood":
    syn_flood()
else:
    emit(kinds()[KIND] * N, KIND)
