#!/usr/bin/env python3
"""Writes the seed corpus of fuzz_ctl (tests/fuzz/corpus/fuzz_ctl/).

Each seed is a little program in fuzz_ctl.c's input format (see the comment
before run_input() there): the steps a process takes to make sockets, bind,
listen, connect, accept, send, read options, ask for netstat and the host's
tables, and a few malformed requests.  The tables below mirror the ones in
fuzz_ctl.c (ops[], argvals[], the descriptor kinds); change both together.

    tests/fuzz/gen_ctl_corpus.py [DIR]
"""
import os
import struct
import sys

OPS = ["HELLO", "SOCKET", "SOCKETPAIR", "IDENTIFY", "BIND", "LISTEN", "ACCEPT_RETIRED",
       "CONNECT", "SHUTDOWN", "GETNAME", "SETOPT", "GETOPT", "IOCTL", "NETSTAT", "SENDTO",
       "SYNC", "IFIOCTL", "ROUTE", "ARP", "INETSTAT", "OP0", "OP17", "OP31", "OPMAX", "OPFFFF",
       "UTS"]
# Indices into fuzz_ctl.c's argvals[].
A = {"0": 0, "1": 1, "2": 2, "3": 3, "-1": 4, "5": 5, "16": 6, "64": 7, "256": 8,
     "AF_UNIX": 12, "AF_INET": 13, "AF_INET6": 14, "STREAM": 15, "DGRAM": 16,
     "SEQPACKET": 17, "RAW": 18, "TCP": 19, "UDP": 20, "ICMP": 21, "SOL_SOCKET": 22,
     "IPPROTO_IP": 23, "SO_REUSEADDR": 24, "SO_KEEPALIVE": 25, "SO_LINGER": 26,
     "SO_SNDBUF": 27, "SO_RCVBUF": 28, "SO_PASSCRED": 29, "SO_ERROR": 30, "SO_TYPE": 31,
     "SO_RCVTIMEO": 32, "SO_OOBINLINE": 34, "TCP_NODELAY": 36, "TCP_INFO": 38,
     "FIONREAD": 42, "SIOCSPGRP": 43, "SIOCGPGRP": 44, "SIOCGIFCONF": 46,
     "SIOCGIFFLAGS": 47, "SIOCSIFFLAGS": 48, "SIOCGIFADDR": 49, "RT_LIST": 54,
     "RT_ADD": 55, "RT_DELETE": 56, "MSG_OOB": 57}
# Descriptor kinds (enum fdkind).
CHAN_U, CHAN_P, POOL, DUP, HOSTPAIR, PEERLESS, PIPE, DEVNULL, NODE, DIR, EPOLL, CTLCONN = range(12)
STREAM_CH, SEQ_CH, DGRAM_CH = 0, 1, 2
# Internet addresses (inaddrs[]).
ARPA, MONET, LOOP, ANY, BCAST, NOBODY = range(6)


def args(*names):
    out = b""
    for n in (list(names) + ["0"] * 4)[:4]:
        if isinstance(n, int):
            out += bytes([0xc0]) + struct.pack("<i", n)
        else:
            out += bytes([A[n]])
    return out


def d_none():
    return b"\x00"


def d_raw(b):
    return bytes([1, len(b)]) + b


def a_unix(node, nul=False):
    return bytes([1 | (node << 2) | (0x10 if nul else 0)])


def a_inet(addr, port):
    return bytes([2 | (addr << 2)]) + struct.pack("<H", port)


def d_addr(a):
    return b"\x02" + a


def d_name(i):
    return bytes([4 | (i << 3)])


def d_int(name):
    return b"\x05" + bytes([A[name]])


def d_words(a, b):
    return b"\x06" + struct.pack("<qq", a, b)


def d_ifreq(name):
    return bytes([7 | (name << 3)])


def msg(addr=None, node=False, payload=b"hi", big=0):
    """big: a payload of big * 8 bytes (its first 64 from here, 'x' after)."""
    flags = (1 if addr is not None else 0) | (2 if node else 0) | (0x80 if big else 0)
    if big:
        return bytes([flags]) + (addr or b"") + struct.pack("<H", big) + payload[:64].ljust(min(64, big * 8), b"x")
    return bytes([flags]) + (addr or b"") + bytes([len(payload)]) + payload


def d_msg(**kw):
    return b"\x03" + msg(**kw)


def req(op, a=(), data=None, fds=(), conn=0, form=0, version=b"", seq=b"", lie=b"", cut=b""):
    """form: 1 version follows, 0x20 sequence number follows, 2/4/6 cr_len lies (lie: its
    bytes), 8 header cut (cut: its byte), 0x10 more descriptors than CTL_MAXFDS."""
    out = bytes([0, conn, OPS.index(op), form]) + version + seq + args(*a) + (data or d_none()) + lie + cut
    out += bytes([len(fds)])
    for k, p in fds:
        out += bytes([k, p])
    return out


def turns(n, step):
    return bytes([1, n - 1, step])


def write(which, data=b"", flags=0):
    return bytes([2, which, flags, len(data)]) + data


def write_msg(which, **kw):
    return bytes([2, which, 1]) + msg(**kw)


def read(which, flags=0):
    return bytes([3, which, flags])


def close(which):
    return bytes([4, which])


def shut(which, how):
    return bytes([5, which, how])


def newconn():
    return bytes([6])


def repeat(n):
    return bytes([7, n - 1])


def sock(domain, typ, proto="0", ch=STREAM_CH, conn=0):
    return req("SOCKET", (domain, typ, proto), fds=((CHAN_U, ch), (CHAN_P, 0)), conn=conn)


SEEDS = {}

# UNIX stream: the primer's Figure 1 shape, by name in the file system.
SEEDS["unix_stream_accept"] = b"".join([
    req("HELLO", data=d_name(0)),
    sock("AF_UNIX", "STREAM"),                                   # pool 0
    req("BIND", data=d_addr(a_unix(0)), fds=((POOL, 0), (NODE, 0))),
    req("LISTEN", ("5",), fds=((POOL, 0),)),
    sock("AF_UNIX", "STREAM"),                                   # pool 1
    req("CONNECT", data=d_addr(a_unix(0)), fds=((POOL, 1), (NODE, 0))),
    turns(2, 2), read(0),                                        # the connection: pool 2
    write(1, b"hello"), turns(2, 2), read(2),
    req("GETNAME", ("1",), fds=((POOL, 1),)),
    req("IDENTIFY", fds=((POOL, 0),)),
    req("NETSTAT"),
    shut(1, 1), turns(2, 2), read(2),
    close(2), close(1), close(0), turns(2, 2),
])

# TCP across the segment: listener on arpa, client on monet (second connection).
SEEDS["tcp_two_hosts"] = b"".join([
    req("HELLO", data=d_name(0)),
    sock("AF_INET", "STREAM"),                                   # pool 0
    req("SETOPT", ("SOL_SOCKET", "SO_REUSEADDR"), d_int("1"), ((POOL, 0),)),
    req("BIND", data=d_addr(a_inet(ARPA, 7000)), fds=((POOL, 0),)),
    req("LISTEN", ("5",), fds=((POOL, 0),)),
    newconn(),
    req("HELLO", data=d_name(1), conn=1),
    sock("AF_INET", "STREAM", conn=1),                           # pool 1
    req("CONNECT", ("0",), d_addr(a_inet(ARPA, 7000)), ((POOL, 1),), conn=1),
    turns(8, 2), read(0),                                        # pool 2
    write(1, b"GET / HTTP/1.0\r\n\r\n"), turns(4, 2), read(2),
    write(2, b"!", flags=4), turns(4, 2), read(1, 0x10), read(1),
    req("GETOPT", ("TCP", "TCP_INFO", "256"), fds=((POOL, 1),)),
    req("SETOPT", ("SOL_SOCKET", "SO_LINGER"), d_words(1, 0), ((POOL, 2),)),
    req("IOCTL", ("FIONREAD",), fds=((POOL, 2),)),
    req("NETSTAT", conn=1),
    req("INETSTAT"),
    req("SHUTDOWN", ("1",), fds=((POOL, 1),), conn=1), shut(1, 1),
    turns(4, 2), close(2), close(1), close(0), turns(4, 5),
])

# UDP: a datagram from monet to arpa, errors from nobody.
SEEDS["udp_sendto"] = b"".join([
    req("HELLO", data=d_name(0)),
    sock("AF_INET", "DGRAM", ch=SEQ_CH),                         # pool 0
    req("BIND", data=d_addr(a_inet(ARPA, 53)), fds=((POOL, 0),)),
    newconn(),
    req("HELLO", data=d_name(1), conn=1),
    sock("AF_INET", "DGRAM", ch=SEQ_CH, conn=1),                 # pool 1
    req("SENDTO", ("0", "1"), d_msg(addr=a_inet(ARPA, 53), payload=b"query"), ((POOL, 1),), conn=1),
    turns(4, 2), read(0),
    req("SENDTO", ("0", "1"), d_msg(addr=a_inet(NOBODY, 9), payload=b"x"), ((POOL, 1),), conn=1),
    turns(8, 4), read(1),
    write_msg(1, addr=a_inet(ARPA, 53), payload=b"on the channel"), turns(4, 2), read(0),
    req("IOCTL", ("FIONREAD",), fds=((POOL, 0),)),
    req("CONNECT", ("1",), d_addr(a_inet(MONET, 99)), ((POOL, 0),)),
    req("SENDTO", ("0", "1"), d_msg(payload=b"back"), ((POOL, 0),)),
    turns(4, 2), read(0), read(1),
    req("ARP"), req("ROUTE", ("RT_LIST",)),
])

# socketpairs of each type, rights passed on a UNIX stream.
SEEDS["socketpair_rights"] = b"".join([
    req("SOCKETPAIR", ("AF_UNIX", "STREAM"), fds=((CHAN_U, STREAM_CH), (CHAN_P, 0), (CHAN_U, STREAM_CH), (CHAN_P, 0))),
    req("SOCKETPAIR", ("AF_UNIX", "DGRAM"), fds=((CHAN_U, SEQ_CH), (CHAN_P, 0), (CHAN_U, SEQ_CH), (CHAN_P, 0))),
    req("SOCKETPAIR", ("AF_UNIX", "SEQPACKET"), fds=((CHAN_U, SEQ_CH), (CHAN_P, 0), (CHAN_U, SEQ_CH), (CHAN_P, 0))),
    bytes([2, 0, 2 | 0x10, 3]) + b"abc" + bytes([PIPE, 0, DEVNULL, 0]),
    turns(2, 2), read(1), read(0),
    req("SETOPT", ("SOL_SOCKET", "SO_PASSCRED"), d_int("1"), ((POOL, 1),)),
    write(0, b"cred"), turns(2, 2), read(1),
    req("SENDTO", ("0", "1"), d_msg(payload=b"dgram"), ((POOL, 2), (PIPE, 1))),
    req("SYNC", fds=((POOL, 3),)),
    read(3), read(4), read(5),
    req("SHUTDOWN", ("2",), fds=((POOL, 4),)),
    close(0), close(2), close(4), turns(2, 2),
])

# UNIX datagrams by name, CM_NODE, a connect to a listener full up.
SEEDS["unix_dgram_node"] = b"".join([
    sock("AF_UNIX", "DGRAM", ch=SEQ_CH),                         # pool 0
    req("BIND", data=d_addr(a_unix(1)), fds=((POOL, 0), (NODE, 1))),
    sock("AF_UNIX", "DGRAM", ch=SEQ_CH),                         # pool 1
    req("SENDTO", ("0", "1"), d_msg(addr=a_unix(1), node=True, payload=b"to a name"), ((POOL, 1), (NODE, 1))),
    turns(2, 2), read(0),
    sock("AF_UNIX", "STREAM"),                                   # pool 2
    req("BIND", data=d_addr(a_unix(2)), fds=((POOL, 2), (NODE, 2))),
    req("LISTEN", ("0",), fds=((POOL, 2),)),
    sock("AF_UNIX", "STREAM"), sock("AF_UNIX", "STREAM"), sock("AF_UNIX", "STREAM"),
    req("CONNECT", ("0",), d_addr(a_unix(2)), ((POOL, 3), (NODE, 2))),
    req("CONNECT", ("0",), d_addr(a_unix(2)), ((POOL, 4), (NODE, 2))),
    req("CONNECT", ("1",), d_addr(a_unix(2)), ((POOL, 5), (NODE, 2))),
    turns(2, 2), read(2), turns(2, 2), read(2),
    close(2), turns(2, 2),
])

# The host's tables: interfaces, routes (uid 0 may change them).
SEEDS["ifops_routes"] = b"".join([
    req("HELLO", data=d_name(1)),
    req("IFIOCTL", ("SIOCGIFCONF", 2048)),
    req("IFIOCTL", ("SIOCGIFFLAGS",), d_ifreq(4)),
    req("IFIOCTL", ("SIOCGIFADDR",), d_ifreq(5)),
    req("IFIOCTL", ("SIOCSIFFLAGS",), d_ifreq(4)),
    req("ROUTE", ("RT_ADD", 0, 0, 0x0a000001)),
    req("ROUTE", ("RT_LIST",)),
    req("ROUTE", ("RT_DELETE", 0, 0, 0)),
    req("ARP"), req("INETSTAT"),
])

# Malformed requests: versions, lying lengths, a cut header, too many
# descriptors, unknown operations, every kind of descriptor as a socket.
SEEDS["malformed"] = b"".join([
    req("HELLO", form=1, version=b"\x07", data=d_name(0)),
    req("IDENTIFY", form=2, lie=b"\x05", fds=((DEVNULL, 0),)),
    req("NETSTAT", form=4, lie=b"\x03"),
    req("NETSTAT", form=6, lie=b"\xff\xff\xff\x7f"),
    req("NETSTAT", form=8, cut=b"\x0b"),
    req("IDENTIFY", form=0x10 | 0x40, fds=((DEVNULL, 0),)),
    req("SYNC", form=0x20, seq=b"\xff\xff\xff\xff", fds=((POOL, 0),)),
    req("OP0"), req("OP17"), req("OP31"), req("OPMAX"), req("OPFFFF"), req("ACCEPT_RETIRED"),
    req("IDENTIFY", fds=((HOSTPAIR, 0),)), req("IDENTIFY", fds=((PEERLESS, 1),)),
    req("IDENTIFY", fds=((PIPE, 0),)), req("IDENTIFY", fds=((NODE, 3),)),
    req("IDENTIFY", fds=((DIR, 0),)), req("IDENTIFY", fds=((EPOLL, 0),)),
    req("IDENTIFY", fds=((CTLCONN, 0),)), req("IDENTIFY"),
    req("SOCKET", ("AF_UNIX", "STREAM"), fds=((CHAN_U, SEQ_CH), (CHAN_P, 0))),
    req("SOCKET", ("AF_INET", "STREAM"), fds=((PIPE, 0), (CHAN_U, 0))),
    req("SOCKET", ("AF_INET6", "STREAM"), fds=((CHAN_U, 0), (CHAN_P, 0))),
    req("SOCKET", ("AF_INET", "RAW", "ICMP"), fds=((CHAN_U, SEQ_CH), (CHAN_P, 0))),
    req("SOCKETPAIR", ("AF_INET", "STREAM"), fds=((CHAN_U, 0), (CHAN_P, 0), (CHAN_U, 0), (CHAN_P, 0))),
    req("BIND", data=d_raw(b"\x01"), fds=((POOL, 0),)),
    req("CONNECT", data=d_addr(a_unix(3)), fds=((POOL, 0), (DEVNULL, 0))),
    req("SENDTO", data=d_raw(b"short"), fds=((POOL, 0),)),
    req("GETOPT", ("SOL_SOCKET", "SO_TYPE", "-1"), fds=((POOL, 0),)),
    req("SETOPT", ("SOL_SOCKET", "SO_RCVTIMEO"), d_raw(b"\x01\x02"), ((POOL, 0),)),
    req("SHUTDOWN", ("5",), fds=((POOL, 0),)),
    req("LISTEN", ("-1",), fds=((POOL, 0),)),
    req("HELLO", data=d_name(3)),
])

# A non-blocking TCP connect to nobody, then one to a closed port; time runs.
SEEDS["tcp_nonblocking"] = b"".join([
    sock("AF_INET", "STREAM"),
    req("CONNECT", ("1", "64"), d_addr(a_inet(NOBODY, 80)), ((POOL, 0),)),
    write(0, b"\x00" * 64),
    turns(8, 5), read(0),
    sock("AF_INET", "STREAM"),
    req("CONNECT", ("0",), d_addr(a_inet(MONET, 81)), ((POOL, 1),)),
    turns(4, 2),
    req("GETOPT", ("SOL_SOCKET", "SO_ERROR", "16"), fds=((POOL, 1),)),
    sock("AF_INET", "STREAM"),
    req("BIND", data=d_addr(a_inet(ANY, 0)), fds=((POOL, 2),)),
    req("LISTEN", ("1",), fds=((POOL, 2),)),
    req("GETNAME", ("0",), fds=((POOL, 2),)),
    close(2), close(1), turns(2, 7),
])

# Found by the fuzzer: an empty record (EOF to recvmsg) carrying a descriptor.
SEEDS["regress_empty_record_fd"] = b"".join([
    req("HELLO", form=8, cut=b"\x00", fds=((DEVNULL, 0),)),
    newconn(), req("NETSTAT", conn=1),
])

# Found by the fuzzer: an empty record on a message channel carrying descriptors.
SEEDS["regress_empty_message_fd"] = b"".join([
    req("SOCKETPAIR", ("AF_UNIX", "DGRAM"), fds=((CHAN_U, SEQ_CH), (CHAN_P, 0), (CHAN_U, SEQ_CH), (CHAN_P, 0))),
    bytes([2, 0, 0x02 | 0x10, 0]) + bytes([PIPE, 0, DEVNULL, 0]),
    turns(2, 2), read(1),
])

# Found by the fuzzer: a socket's own channel end passed as its bind node.
SEEDS["regress_bind_node_self"] = b"".join([
    sock("AF_UNIX", "STREAM"),
    req("BIND", data=d_addr(a_unix(0)), fds=((POOL, 0), (POOL, 0))),
    sock("AF_UNIX", "STREAM"),
    req("LISTEN", ("0",), fds=((POOL, 1),)),
    close(0), turns(2, 2),
])

# Found by the fuzzer: a connect claiming more filling than the channel holds, then a close.
SEEDS["regress_connect_filling_short"] = b"".join([
    sock("AF_INET", "DGRAM", ch=SEQ_CH),
    req("CONNECT", ("1", "64"), d_addr(a_inet(MONET, 9)), ((POOL, 0),)),
    write(0, b"x"), close(0), turns(2, 2),
])

# Blocking sends to a full UNIX datagram receiver park (ctl_send.c), then the receiver reads.
SEEDS["unix_dgram_full_receiver"] = b"".join([
    sock("AF_UNIX", "DGRAM", ch=SEQ_CH),                         # pool 0
    req("SETOPT", ("SOL_SOCKET", "SO_RCVBUF"), d_int("256"), ((POOL, 0),)),
    req("BIND", data=d_addr(a_unix(1)), fds=((POOL, 0), (NODE, 1))),
    sock("AF_UNIX", "DGRAM", ch=SEQ_CH),                         # pool 1
    req("SENDTO", ("0", "0"), d_msg(addr=a_unix(1), node=True, payload=b"big", big=4096), ((POOL, 1), (NODE, 1))),
    repeat(64), repeat(64),
    read(0, 7), turns(2, 2), read(0, 7),
    close(1), turns(2, 2), read(0, 7),
])

# Found by the fuzzer: both ends of one host socketpair given as uipcd's ends of a socketpair's
# two channels (the process ends unrelated sockets); data then went round inside uipcd forever.
SEEDS["regress_crossed_channel_ends"] = b"".join([
    req("SOCKETPAIR", ("AF_UNIX", "STREAM"), fds=((CHAN_U, STREAM_CH), (HOSTPAIR, 0), (CHAN_P, 0), (HOSTPAIR, 0))),
    req("SOCKETPAIR", ("AF_UNIX", "STREAM"), fds=((CHAN_U, STREAM_CH), (CHAN_P, 0), (CHAN_U, STREAM_CH), (CHAN_P, 0))),
    write(1, b"data"), write(2, b"more"), turns(2, 2),
])

# Found by the fuzzer: a process holds one end of a pair whose other end it closed; uipcd
# shut the held channel's input again each turn, which woke epoll each turn (a spin).
SEEDS["regress_refused_input_spin"] = b"".join([
    req("SOCKETPAIR", ("AF_UNIX", "STREAM"), fds=((CHAN_U, STREAM_CH), (CHAN_P, 0), (CHAN_U, STREAM_CH), (CHAN_P, 0))),
    close(0), turns(4, 2),
])

# Found by the fuzzer: an Internet socket bound with a node descriptor besides its address.
SEEDS["regress_inet_bind_node"] = b"".join([
    sock("AF_INET", "DGRAM", ch=SEQ_CH),
    req("BIND", data=d_addr(a_inet(ARPA, 5353)), fds=((POOL, 0), (NODE, 2))),
    close(0), turns(2, 2),
])

# Found by the fuzzer: a connected TCP socket's connect claiming filling, then an urgent byte
# written and the socket closed; draining the filling read past the mark, after which uipcd
# read for the urgent byte forever (the end of the channel taken for "nothing yet").
SEEDS["regress_connect_filling_oob"] = b"".join([
    sock("AF_INET", "STREAM"),
    req("BIND", data=d_addr(a_inet(ARPA, 7001)), fds=((POOL, 0),)),
    req("LISTEN", ("5",), fds=((POOL, 0),)),
    sock("AF_INET", "STREAM"),
    req("CONNECT", ("0",), d_addr(a_inet(ARPA, 7001)), ((POOL, 1),)),
    turns(4, 2), read(0),
    req("CONNECT", ("1", "256"), d_addr(a_inet(ARPA, 7001)), ((POOL, 1),)),
    write(1, b"u", flags=4), close(1), turns(4, 2),
])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "fuzz_ctl")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
