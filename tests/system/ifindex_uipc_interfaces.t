#!/bin/bash
# if_nameindex, if_nametoindex and if_indextoname answer the interfaces of
# the process's uipc host (issue 9), from C and from python3, as
# getifaddrs does; natively, the machine's, consistently.
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 1
tap_from "${ON_MONET[@]}" "$P/ifindex"
c_list=$("${ON_MONET[@]}" "$P/ifindex" 2>&1 | sed -n 's/^list //p' | tr '\n' ' ')
py_list=$("${ON_MONET[@]}" "$PYTHON" -c '
import socket
print(" ".join("%d %s" % p for p in socket.if_nameindex()), end=" ")')
is "$py_list" "$c_list" "python3's socket.if_nameindex() is the C program's list"
if [ "$UIPC_NATIVE" = 1 ]; then
	skip "the list is uipc's host's" "natively it is the machine's"
	skip "python3: if_nametoindex('en0')" "natively the machine's"
else
	is "$c_list" "1 lo0 2 en0 " "the list is monet's interfaces: lo0 and en0"
	got=$("${ON_MONET[@]}" "$PYTHON" -c '
import socket
print(socket.if_nametoindex("en0"), socket.if_indextoname(2))')
	is "$got" "2 en0" "python3: if_nametoindex('en0') and if_indextoname(2)"
fi
done_testing
