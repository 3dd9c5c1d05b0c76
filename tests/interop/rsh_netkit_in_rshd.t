#!/bin/bash
# netkit's rsh client against netkit's in.rshd, unmodified, between two
# uipc hosts (issue 9): rsh's rcmd and in.rshd's rresvport, getnameinfo and
# (through PAM's pam_rhosts) ruserok are the shim's; ~root/.rhosts on monet
# trusts arpa's root and no one else.  in.rshd has no standalone mode: socat
# accepts and execs it on the connection (fd 0, 1 and 2), as inetd would.
# In a network and mount namespace of the test's own (/root a tmpfs).
. "$(dirname "$0")/../system/lib.sh"
in_own_netns
need socat netkit-rsh /usr/sbin/in.rshd
uipc_setup_two_hosts 11
[ "$(id -u)" = 0 ] || skip_all "rsh needs reserved ports: uid 0"
mount -t tmpfs -o mode=0700 tmpfs /root || skip_all "cannot mount a tmpfs on /root"
if [ "$UIPC_NATIVE" = 1 ]; then CLIENT=localhost; SERVER=127.0.0.1; else CLIENT=arpa; SERVER=monet; fi
printf '%s root\n' "$CLIENT" >/root/.rhosts
chmod 600 /root/.rhosts
printf '#!/bin/sh\nexec /usr/sbin/in.rshd 2>&0\n' >"$T/rshd.sh"
chmod 755 "$T/rshd.sh"
bg 60 "$T/socat.out" "${ON_MONET[@]}" socat TCP-LISTEN:514,reuseaddr,fork EXEC:"$T/rshd.sh",nofork
# rcmd itself tries again while the connection is refused (1, 2, 4 ... s).
rc=0
"${ON_ARPA[@]}" timeout 40 netkit-rsh -l root "$SERVER" 'echo out; echo err >&2' \
    >"$T/out" 2>"$T/err" || rc=$?
is "$rc" 0 "rsh -l root: exit status 0"
is "$(cat "$T/out")" "out" "the command's standard output comes on the connection"
is "$(cat "$T/err")" "err" "its standard error on the second connection, made back to rsh"
rc=0
"${ON_ARPA[@]}" timeout 40 netkit-rsh -l nobody "$SERVER" true >"$T/out2" 2>"$T/err2" || rc=$?
check "rsh -l nobody (not in .rhosts): refused" test "$rc" -ne 0
is "$(cat "$T/err2")" "Permission denied." "in.rshd's refusal reaches rsh's standard error"
done_testing
