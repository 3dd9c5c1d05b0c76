#!/bin/bash
# Closing a stream socket with data still in flight loses nothing: the
# writer writes and closes (and exits) at once; the reader, reading later,
# gets every byte (equal sha256).  Once with 64 KB that sits whole in the
# connection's buffers while the writer is already gone, once with 32 MB
# that the writer closes on as soon as its last write is taken.
. "$(dirname "$0")/lib.sh"
uipc_setup
need sha256sum

# 1. Small: all of it in flight when the writer's process is gone.
head -c 65536 /dev/urandom >"$T/small"
bg2 30 "$T/got1" "$T/recv1.err" on_uipc "$P/ustream" recv -w "$T/go" "$T/s1"
recv=$BG_PID
wait_socket "$T/s1" || fail "receiver bound $T/s1"
rc=0; timeout 30 "${UIPC_RUN[@]}" "$P/ustream" send "$T/s1" <"$T/small" 2>"$T/send1.err" || rc=$?
is "$rc:$(cat "$T/send1.err")" "0:eof" "64 KB: writer wrote everything, closed and exited before any was read"
touch "$T/go"
rc=0; bg_wait $recv || rc=$?
is "$rc:$(cat "$T/recv1.err")" "0:eof" "64 KB: reader read to EOF"
is "$(sha256sum <"$T/got1")" "$(sha256sum <"$T/small")" "64 KB: the reader got every byte (sha256)"

# 2. Large: the writer closes as soon as its last write returns.
head -c $((32 << 20)) /dev/urandom >"$T/big"
bg2 40 "$T/got2" "$T/recv2.err" on_uipc "$P/ustream" recv -d 300 "$T/s2"
recv=$BG_PID
wait_socket "$T/s2" || fail "receiver bound $T/s2"
rc=0; timeout 40 "${UIPC_RUN[@]}" "$P/ustream" send "$T/s2" <"$T/big" 2>"$T/send2.err" || rc=$?
is "$rc:$(cat "$T/send2.err")" "0:eof" "32 MB: writer wrote everything and closed at once"
rc=0; bg_wait $recv || rc=$?
is "$rc:$(cat "$T/recv2.err")" "0:eof" "32 MB: reader read to EOF"
is "$(sha256sum <"$T/got2")" "$(sha256sum <"$T/big")" "32 MB: the reader got every byte (sha256)"
done_testing
