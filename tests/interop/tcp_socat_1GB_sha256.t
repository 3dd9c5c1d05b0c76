#!/bin/bash
# socat, unmodified, at both ends of a TCP connection between two hosts
# (arpa -> monet): 1 GB of random data, equal sha256 at both ends (issue 4).
# Through uipc it moves about 300 MB/s on these machines, so the transfer
# takes a few seconds; most of the test's time is making and hashing the data.
. "$(dirname "$0")/../system/lib.sh"
need socat sha256sum
uipc_setup_two_hosts 21
PORT=$((40000 + $$ % 20000))
MB=1024
head -c $((MB << 20)) /dev/urandom >"$T/in"
want=$(sha256sum <"$T/in")
( timeout 150 "${ON_MONET[@]}" socat -u TCP4-LISTEN:$PORT,reuseaddr STDOUT 2>"$T/recv.err"; echo $? >"$T/recv.rc" ) | sha256sum >"$T/got" &
recv=$!; _bg_pids="$_bg_pids $recv"
# The sender retries its connect until the receiver listens.
t0=$(date +%s.%N)
rc=0; timeout 150 "${ON_ARPA[@]}" socat -u FILE:"$T/in" TCP4:$MONET:$PORT,retry=20,interval=0.2 2>"$T/send.err" || rc=$?
is "$rc" 0 "sending socat on arpa exited 0"; [ "$rc" = 0 ] || diag "$(cat "$T/send.err")"
bg_wait $recv
t1=$(date +%s.%N)
is "$(cat "$T/recv.rc")" 0 "receiving socat on monet exited 0 at EOF"
is "$(cat "$T/got")" "$want" "$MB MB arrived with equal sha256"
diag "$MB MB in $(echo "$t1 - $t0" | bc) s: $(echo "scale=1; $MB / ($t1 - $t0)" | bc) MB/s"
done_testing
