#!/bin/bash
# Every socket-related symbol glibc exports is the preload shim's, or is
# listed with its reason in shim_symbols_unhandled beside this test (issue
# 9: "every socket call of a program on uipc is uipc's").  A symbol glibc
# adds, or one the shim stops exporting, fails here until it is decided.
#
# The selection (SELECT below), from libc.so.6's dynamic symbols, leaving
# out GLIBC_PRIVATE ones (no program can link those; only glibc's own
# libraries do):
#   - the socket calls: socket, socketpair, connect, bind, accept*, listen,
#     send*, recv*, getsockopt, setsockopt, getsockname, getpeername,
#     shutdown, sockatmark, isfdtype, and their __ aliases and _chk forms;
#   - data between descriptors that may be sockets: sendfile*, splice, tee,
#     vmsplice;
#   - interfaces: if_*, getifaddrs, freeifaddrs, *sourcefilter;
#   - the network database: getaddrinfo*, gai_*, freeaddrinfo, getnameinfo,
#     gethost*, sethostent, endhostent, getserv*, setservent, endservent,
#     getproto*, setprotoent, endprotoent, getnet*, setnetent, endnetent,
#     herror, hstrerror, h_errno and __h_errno*, ether_*;
#   - the r-commands: rcmd*, rresvport*, ruserok*, iruserok*, ruserpass,
#     rexec*, bindresvport;
#   - addresses: inet_*, inet6_*, __cmsg_nxthdr;
#   - the DNS resolver: res_*, __res_*, _res, dn_*, __dn_*.
. "$(dirname "$0")/lib.sh"
uipc_setup
need nm
SELECT='socket|socketpair|__socket|connect|__connect|bind|accept|accept4|listen'
SELECT+='|send|__send|sendto|sendmsg|sendmmsg|__sendmmsg|recv|__recv|recvfrom|recvmsg|recvmmsg'
SELECT+='|__recv_chk|__recvfrom_chk|getsockopt|setsockopt|getsockname|getpeername|shutdown'
SELECT+='|sockatmark|isfdtype|sendfile|sendfile64|splice|tee|vmsplice'
SELECT+='|if_[a-z_]+|getifaddrs|freeifaddrs|[a-z0-9]*sourcefilter'
SELECT+='|getaddrinfo.*|gai_[a-z_]+|freeaddrinfo|getnameinfo|gethost.*|sethostent|endhostent'
SELECT+='|getserv.*|setservent|endservent|getproto.*|setprotoent|endprotoent'
SELECT+='|getnet.*|setnetent|endnetent|herror|hstrerror|h_errno|__h_errno.*|ether_.*'
SELECT+='|rcmd.*|rresvport.*|ruserok.*|iruserok.*|ruserpass|rexec.*|bindresvport'
SELECT+='|inet_.*|inet6_.*|__cmsg_nxthdr|res_.*|__res_.*|_res|dn_.*|__dn_.*'
# gethostname is the host's identity, not the network: another issue's.
EXCLUDE='gethostname|gethostid'

LIBC=$(ldd /bin/sh | awk '$1 ~ /^libc\.so/ {print $3}')
SHIM=$UIPC_BUILD/lib/libuipc_preload.so
LIST=$(dirname "$0")/shim_symbols_unhandled
[ -r "$LIBC" ] || skip_all "libc.so.6 not found"

nm -D --defined-only "$LIBC" | awk '{print $3}' | grep -v '@GLIBC_PRIVATE$' |
	sed 's/@.*//' | sort -u | grep -Ex "$SELECT" | grep -Evx "$EXCLUDE" >"$T/selected"
nm -D --defined-only "$SHIM" | awk '$2 ~ /^[TWi]$/ {print $3}' | sed 's/@.*//' | sort -u >"$T/shim"
grep -v '^[[:space:]]*\(#\|$\)' "$LIST" >"$T/listed"

check "the selection finds libc's socket calls" grep -qx connect "$T/selected"
while IFS= read -r sym; do
	reason=$(awk -F'|' -v s="$sym" '$1 == s {print $2; exit}' "$T/listed")
	if grep -qx -- "$sym" "$T/shim"; then
		if [ -n "$reason" ]; then
			fail "$sym: the shim's" "but shim_symbols_unhandled lists it: $reason"
		else
			pass "$sym: the shim's"
		fi
	elif [ -n "$reason" ]; then
		pass "$sym: glibc's ($reason)"
	else
		fail "$sym: neither the shim's nor listed with a reason in shim_symbols_unhandled"
	fi
done <"$T/selected"
# A listed symbol glibc does not export (or the selection leaves out) is stale.
while IFS='|' read -r sym reason; do
	if grep -qx -- "$sym" "$T/selected"; then
		pass "listed $sym is one of the selected"
	else
		fail "listed $sym is one of the selected" "glibc exports no $sym, or the selection leaves it out"
	fi
done <"$T/listed"
done_testing
