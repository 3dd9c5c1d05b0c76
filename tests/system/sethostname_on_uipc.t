#!/bin/bash
# sethostname(2) and setdomainname(2) by a program on uipc set its uipc
# host's names (root only; EPERM otherwise), which gethostname, uname and
# getdomainname then answer in every process on that host; other hosts
# keep theirs, and the host's name in the network database stays
# (issue 10).  Natively the same program runs in a UTS namespace of its own.
. "$(dirname "$0")/lib.sh"
uipc_setup_two_hosts 1
[ "$(id -u)" = 0 ] || skip_all "needs root to set a host name"
if [ "$UIPC_NATIVE" = 1 ]; then
	unshare -u true 2>/dev/null || skip_all "cannot make a UTS namespace here"
	tap_from unshare -u -- "$P/sethost" set newname dom.example
else
	# In a UTS namespace of its own too: were a call to slip past uipc, it
	# would rename that namespace, never the machine.
	unshare -u true 2>/dev/null || skip_all "cannot make a UTS namespace here"
	UTS=(unshare -u --)
	tap_from "${UTS[@]}" "${ON_ARPA[@]}" "$P/sethost" rawset rawname raw.example
	# The kernel's name in that namespace, read off uipc after the raw calls.
	is "$("${UTS[@]}" bash -c 'h0=$(hostname); "$@" >/dev/null 2>&1; hostname | grep -qx "$h0" && echo kept' \
	    _ "${ON_ARPA[@]}" "$P/sethost" rawset other other.example)" kept \
		"the raw calls left the kernel's own host name alone"
	tap_from "${UTS[@]}" "${ON_ARPA[@]}" "$P/sethost" set newname dom.example
	is "$("${ON_ARPA[@]}" "$P/sethost" get)" "newname dom.example" \
		"a program started on arpa later sees the names set"
	is "$("${ON_ARPA[@]}" hostname)" "newname" "hostname(1) on arpa says the new name"
	is "$("${ON_MONET[@]}" "$P/sethost" get | cut -d' ' -f1)" "monet" "monet keeps its own name"
	is "$("${ON_MONET[@]}" getent hosts arpa | awk '{ print $1 }')" "$ARPA" \
		"arpa is still arpa in the network database"
fi
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)	# as_nobody, for tap_from
if can_drop_privilege; then
	if [ "$UIPC_NATIVE" = 1 ]; then
		tap_from "${NOBODY[@]}" "$P/sethost" eperm
	else
		tap_from "${NOBODY[@]}" "${ON_ARPA[@]}" "$P/sethost" eperm
	fi
else
	skip "unprivileged sethostname: EPERM" "cannot drop privilege here"
fi
done_testing
