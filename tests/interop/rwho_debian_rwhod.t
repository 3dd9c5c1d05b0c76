#!/bin/bash
# Debian's rwhod and ours on one segment, under `uipc run`: each host's
# ruptime lists the other (PROTOCOLS.md §1: the same packet, the same spool
# files).  Debian's rwhod, ruptime and rwho are unpacked from their
# packages (apt-get download, dpkg -x: never installed, so no service
# starts on the machine); Debian's programs read /var/spool/rwho, so they
# run in a mount namespace of their own where the test's spool is bound
# there, and in a PID namespace, so that its daemon ends with the test.
. "$(dirname "$0")/../system/lib.sh"
require_uipc
need unshare dpkg apt-get
can_drop_privilege || skip_all "rwhod starts as root and becomes nobody"

DEB=$UIPC_BUILD/debian-rwho
if [ ! -x "$DEB/usr/sbin/rwhod" ] || [ ! -x "$DEB/usr/bin/ruptime" ]; then
	mkdir -p "$DEB.dl" &&
	(cd "$DEB.dl" && apt-get download rwhod rwho >/dev/null 2>&1) &&
	for f in "$DEB.dl"/*.deb; do dpkg -x "$f" "$DEB"; done
	[ -x "$DEB/usr/sbin/rwhod" ] || skip_all "Debian's rwhod package cannot be fetched here"
fi

UIPCD_CONF_TEXT="
segment lan
host arpa
	interface en0 segment lan address 10.0.0.1/24
	load 1.15 1.39 1.31
	user alice console login 2h idle 5m
host cad
	interface en0 segment lan address 10.0.0.2/24
	uptime 2d12h3m30s
	load 4.67 5.13 4.59
	users none
"
uipc_setup
export TZ=UTC
mkdir -p "$T/arpa/rwho" "$T/cad"
chown nobody "$T/arpa/rwho" "$T/cad"
RUN=$UIPC_BUILD/bin/uipc

# Ours first on cad, so that it hears Debian's first status (Debian's
# sends one at start, then every 3 minutes).
bg 120 "$T/cad.log" env RWHODIR="$T/cad" "$RUN" run -H cad -- "$UIPC_BUILD/bin/rwhod" -d -i 1
wait_for 30 grep -q 'status of cad' "$T/cad.log" || fail "our rwhod on cad runs" "$(cat "$T/cad.log")"

# Debian's on arpa, in its own namespaces; it keeps the namespace's spool
# for the test's life (ruptime is run in there too, by `nsenter`).
bg 120 "$T/arpa.log" unshare -m -p -f --kill-child -- bash -c "
	mount --bind '$T/arpa' /var/spool || exit 1
	'$RUN' run -H arpa -- '$DEB/usr/sbin/rwhod' -u nobody || exit 1
	echo started; exec sleep 110"
wait_for 30 grep -q started "$T/arpa.log" || fail "Debian's rwhod on arpa started" "$(cat "$T/arpa.log")"

check "our rwhod on cad took Debian's status from arpa" wait_for 60 test -f "$T/cad/whod.arpa"
check "Debian's rwhod on arpa took ours from cad" wait_for 60 test -f "$T/arpa/rwho/whod.cad"
ours=$(RWHODIR=$T/cad "$RUN" run -H cad -- "$UIPC_BUILD/bin/ruptime")
diag "our ruptime on cad:" "$ours"
check "our ruptime lists arpa up, with its user and load (Debian's rwhod reads the host settings)" \
	grep -qE '^arpa +up .*  1 user,   load +1\.1[45], +1\.3[89], +1\.3[01]$' <<<"$ours"
debs=$(unshare -m -- bash -c "mount --bind '$T/arpa' /var/spool && '$RUN' run -H arpa -- '$DEB/usr/bin/ruptime'")
diag "Debian's ruptime on arpa:" "$debs"
check "Debian's ruptime lists cad up 2+12:04, as ours sent it" \
	grep -qE '^cad           up    2\+12:0[4-9],     0 users,  load +4\.67, +5\.13, +4\.59$' <<<"$debs"
ourview=$(RWHODIR=$T/arpa/rwho "$UIPC_BUILD/bin/ruptime")
is "$(grep '^cad' <<<"$debs")" "$(grep '^cad' <<<"$ourview")" \
	"our ruptime reads Debian's spool file of cad as Debian's ruptime does"
w=$(RWHODIR=$T/cad "$RUN" run -H cad -- "$UIPC_BUILD/bin/rwho" -a)
diag "$w"
check "our rwho lists alice on arpa from Debian's status" grep -q '^alice    arpa:console ' <<<"$w"
done_testing
