#!/bin/bash
# UDP-Lite (RFC 3828) sockets as Linux answers them (udplite(7)):
# send/recv with and without connect, a port space of their own beside
# UDP's (both bind one port number), UDPLITE_SEND_CSCOV/RECV_CSCOV read
# back like the kernel's, and a partly covered datagram refused by a
# socket asking more coverage; the same program natively (UIPC_NATIVE=1)
# gives the same results.  On uipc: the refusals counted in `uipc netstat
# -s` (udplite udps_lowcov), and `uipc netstat -a` naming the socket udplite.
. "$(dirname "$0")/lib.sh"
uipc_setup
tap_from on_uipc "$P/udplite_like_kernel"
if [ "$UIPC_NATIVE" != 1 ]; then
	is "$(uipc_cmd netstat -s | awk '$1 == "udplite" && $2 == "udps_lowcov" { print $3 }')" 2 \
	    "netstat -s: the two datagrams below a socket's coverage counted (udplite udps_lowcov)"
	# The holder's input is a fifo whose one writer is fd 7 (opened
	# read-write, so opening waits for no reader); closing it ends the holder.
	mkfifo "$T/in"
	exec 7<>"$T/in"
	bg 30 "$T/hold.out" on_uipc "$P/udplite_like_kernel" hold <"$T/in" 7>&-
	hold=$BG_PID
	if wait_for 20 grep -q '^ready' "$T/hold.out"; then
		port=$(awk '/^ready/ { print $2 }' "$T/hold.out")
		ns=$(uipc_cmd netstat -a)
		is "$(awk -v p=":$port" '$4 == "udplite" && index($6, p) { n++ } END { print n + 0 }' <<<"$ns")" 1 \
		    "netstat -a: the UDP-Lite socket on port $port is shown as udplite"
	else
		fail "the holding program said ready"
	fi
	exec 7>&-
	bg_wait "$hold"
fi
done_testing
