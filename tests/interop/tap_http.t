#!/bin/bash
# HTTP across the TAP (issue 13), every program unmodified: curl on Linux
# fetches a 4 MB file from python3's http.server on uipc, and curl under
# `uipc run` fetches one from python3's http.server on Linux; each arrives
# with equal sha256.
. "$(dirname "$0")/../system/lib.sh"
. "$(dirname "$0")/tap_lib.sh"
need curl sha256sum
tap_setup 13
PORT=8000
mkdir "$T/www"
head -c $((4 << 20)) /dev/urandom >"$T/www/blob"
want=$(sha256sum <"$T/www/blob")

# The server on uipc, curl on Linux.
bg 90 "$T/http_u.out" "${ON_UIPC[@]}" $PYTHON -m http.server -d "$T/www" -b 0.0.0.0 $PORT
srv=$BG_PID
up() { curl -s -o /dev/null --max-time 2 http://$1:$PORT/; }
wait_for 30 up $UIPC || fail "http.server answers on uhost" "$(cat "$T/http_u.out")"
rc=0; timeout 60 curl -s -S -f --max-time 50 -o "$T/got1" http://$UIPC:$PORT/blob 2>"$T/curl1.err" || rc=$?
is "$rc" 0 "curl on Linux fetched http://$UIPC:$PORT/blob from uipc"; [ "$rc" = 0 ] || diag "$(cat "$T/curl1.err")"
is "$(sha256sum <"$T/got1" 2>/dev/null)" "$want" "4 MB from uipc with equal sha256"
code=$(timeout 20 curl -s -o /dev/null -w '%{http_code}' --max-time 10 http://$UIPC:$PORT/missing)
is "$code" 404 "a missing file on uipc: 404"
kill $srv 2>/dev/null; bg_wait $srv

# The server on Linux, curl on uipc.
bg 90 "$T/http_l.out" $PYTHON -m http.server -d "$T/www" -b $LINUX $PORT
wait_for 30 up $LINUX || fail "http.server answers on Linux" "$(cat "$T/http_l.out")"
rc=0; timeout 60 "${ON_UIPC[@]}" curl -s -S -f --max-time 50 -o "$T/got2" http://$LINUX:$PORT/blob 2>"$T/curl2.err" || rc=$?
is "$rc" 0 "curl on uipc fetched http://$LINUX:$PORT/blob from Linux"; [ "$rc" = 0 ] || diag "$(cat "$T/curl2.err")"
is "$(sha256sum <"$T/got2" 2>/dev/null)" "$want" "4 MB from Linux with equal sha256"
done_testing
