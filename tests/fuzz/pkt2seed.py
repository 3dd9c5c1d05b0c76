#!/usr/bin/env python3
"""pkt2seed.py SCRIPT.pkt... OUTDIR: the scripted TCP tests (tests/tcp,
format in tests/tcp/README.md) as seed inputs for fuzz_tcp_input (format at
the top of tests/fuzz/fuzz_tcp_input.c).

Each segment the script injects becomes a record for the same connection
in the fuzz target's world, with its sequence and acknowledgment numbers
counted from the ISSs as the script counts them; a script that listens
talks to the target's listener (port 1100 + the script's peer port - 9000),
one that connects to the target's connection in SYN-SENT.  The script's
user commands become actions, its pauses time records.  What the script
expects (> lines, state, error, stat, tcb) is not carried over: the target
checks invariants, not answers.
"""
import os
import re
import struct
import sys

T_EST, T_SYNSENT, T_LISTEN, T_ACT = 0, 2, 3, 5
K_ISSREL = 0x08
ACT_ACCEPT, ACT_READ, ACT_WRITE, ACT_SHUT, ACT_CLOSE, ACT_SELECT, \
    ACT_OPT, ACT_ABORT, ACT_TIME = range(9)
SLOT_SYNSENT = 1		# the target's socks[]: 0 established, 1 SYN-SENT


def header(kind, flags, seq=0, ack=0, win=65535, opts=0, length=0, port=0):
    return struct.pack(">BBIIHBHB", kind, flags, seq & 0xffffffff,
                       ack & 0xffffffff, win, opts, length, port)


def time_record(dt):
    """Records that let dt seconds pass."""
    out = b""
    while dt > 1e-6:
        if dt < 0.256:
            n, cls, unit = min(255, round(dt * 1000)), 1, 0.001
        elif dt < 25.6:
            n, cls, unit = min(255, round(dt * 10)), 2, 0.1
        else:
            n, cls, unit = min(255, int(dt)), 3, 1.0
        if n == 0:
            break
        out += header(T_ACT | cls << 4, ACT_TIME) + bytes([n])
        dt -= n * unit
    return out


def segment(spec, target, port):
    opts_text = ""
    m = re.search(r"<(.*)>", spec)
    if m:
        opts_text = m.group(1)
        spec = spec[:m.start()]
    words = spec.split()
    flags = 0
    for c in words[0]:
        flags |= {"S": 0x02, "F": 0x01, "R": 0x04, "P": 0x08, "U": 0x20,
                  ".": 0x10}[c]
    a, b, n = re.match(r"(\d+):(\d+)\((\d+)\)", words[1]).groups()
    seq, length = int(a), int(n)
    fields = dict(zip(words[2::2], words[3::2]))
    ack = int(fields.get("ack", 0))
    win = int(fields.get("win", 65535))
    opts, extra, sacks = 0, b"", []
    mss = wscale = tsval = tsecr = None
    for o in (x.strip() for x in opts_text.split(",")):
        if o.startswith("mss "):
            mss = int(o[4:])
        elif o.startswith("wscale "):
            wscale = int(o[7:])
        elif o == "sackOK":
            opts |= 0x04
        elif o.startswith("TS val "):
            v, e = re.match(r"TS val (\S+) ecr (\S+)", o).groups()
            tsval = int(v) if v != "*" else 0
            tsecr = None if e == "*" else int(e)
        elif o.startswith("sack "):
            for blk in o[5:].split():
                s, e = blk.split(":")
                sacks.append((int(s), int(e)))
    if mss is not None:
        opts |= 0x01
        extra += struct.pack(">H", mss)
    if wscale is not None:
        opts |= 0x02
        extra += bytes([wscale])
    if tsval is not None:
        opts |= 0x08
        extra += struct.pack(">I", tsval)
        if tsecr is not None:
            opts |= 0x40
            extra += struct.pack(">I", tsecr)
    for i, (s, e) in enumerate(sacks[:2]):
        opts |= 0x10 | (0x20 if i else 0)
        extra += struct.pack(">HH", s & 0xffff, (e - s) & 0xffff)
    if "urg" in fields:
        opts |= 0x80
        flags |= 0x20
        extra += struct.pack(">H", int(fields["urg"]))
    return header(target | K_ISSREL, flags, seq, ack, win, opts, length,
                  port) + extra


def convert(path):
    config, out = 0, b""
    target, peerport, now = T_EST, 9000, 0.0
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        t, rest = line.split(None, 1)
        when = now + float(t[1:]) if t.startswith("+") else float(t)
        out += time_record(when - now)
        now = when
        words = rest.split()
        cmd, args = words[0], words[1:]
        port = (peerport - 9000) & 63
        if cmd == "<":
            out += segment(rest[1:], target, port)
        elif cmd == ">":
            continue
        elif cmd == "listen":
            target = T_LISTEN
        elif cmd == "connect":
            target = T_SYNSENT
            out += header(T_ACT, ACT_SELECT, port=SLOT_SYNSENT)
        elif cmd == "peerport":
            peerport = int(args[0])
        elif cmd == "accept":
            out += header(T_ACT, ACT_ACCEPT)
        elif cmd in ("write", "writeoob"):
            out += header(T_ACT, ACT_WRITE, length=int(args[0]),
                          port=1 if cmd == "writeoob" else 0)
        elif cmd in ("read", "readeof", "readoob"):
            n = int(args[0]) if args else 1
            out += header(T_ACT, ACT_READ, length=n,
                          port=1 if cmd == "readoob" else 0)
        elif cmd == "shutdown":
            out += header(T_ACT, ACT_SHUT)
        elif cmd == "close":
            out += header(T_ACT, ACT_CLOSE)
        elif cmd == "opt" and args[0] == "nodelay":
            out += header(T_ACT, ACT_OPT, port=1)
        elif cmd == "opt" and args[0] == "syncookies" and args[1] == "2":
            config |= 1
        elif cmd == "opt" and args[0] == "timestamps" and args[1] == "0":
            config |= 2
    return bytes([config]) + out


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: pkt2seed.py SCRIPT.pkt... OUTDIR")
    outdir = sys.argv[-1]
    os.makedirs(outdir, exist_ok=True)
    for path in sys.argv[1:-1]:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(convert(path))


if __name__ == "__main__":
    main()
