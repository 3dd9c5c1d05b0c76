#!/bin/bash
# Per-user limits (uipc.conf(5) "limit"): the unprivileged user nobody takes
# sockets, then descriptors in flight, then buffer bytes until uipcd
# refuses it, and gets the errno a host would give (EMFILE; ETOOMANYREFS;
# ENOBUFS),
# while root's transfer beside it, through a UNIX-domain name, goes on and
# arrives whole.  Once nobody lets go, it may take again.  (Root is not
# limited, uipc.conf(5); its transfer shows nobody's limits hold nobody only.)
. "$(dirname "$0")/lib.sh"
require_uipc
need socat cmp
can_drop_privilege || skip_all "needs root, setpriv and the user nobody"
UIPCD_CONF_TEXT="
limit sockets 40
limit descriptors 40
limit buffers 2m
host uipc
"
uipc_setup
mkdir -m 1777 "$T/n"

# root_transfer TAG: 4 MB through a UNIX stream name, both ends root's.
root_transfer() {
	local tag=$1 srv rc=0
	head -c 4000000 /dev/urandom >"$T/in.$tag"
	bg 60 "$T/srv.$tag.log" on_uipc socat -u UNIX-LISTEN:"$T/r.$tag" OPEN:"$T/out.$tag",creat,trunc
	srv=$BG_PID
	wait_socket "$T/r.$tag"
	timeout -k 3 60 "${UIPC_RUN[@]}" socat -u OPEN:"$T/in.$tag" UNIX-CONNECT:"$T/r.$tag" || rc=$?
	bg_wait "$srv" || rc=$?
	[ $rc -eq 0 ] && cmp -s "$T/in.$tag" "$T/out.$tag"
}

for what in sockets descriptors buffers; do
	rel=$T/n/release.$what
	bg 90 "$T/hog.$what" setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
	    "$UIPC_BUILD/bin/uipc" run -- "$P/limits_hog" "$what" "$rel"
	hog=$BG_PID
	if wait_for 60 test -e "$rel.held"; then
		pass "nobody reached its $what limit"
	else
		fail "nobody reached its $what limit" "$(cat "$T/hog.$what")"
	fi
	root_transfer "$what"
	ok_if $? "root's 4 MB transfer beside nobody at its $what limit arrives whole"
	touch "$rel"
	rc=0; bg_wait "$hog" || rc=$?
	tap_lines "$T/hog.$what" $rc "limits_hog $what"
done
done_testing
