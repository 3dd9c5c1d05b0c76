#!/bin/bash
# curl against python3's http.server, both unmodified, between two hosts:
# a 4 MB file fetched from monet by arpa arrives with equal sha256, and a
# missing one gives 404.
. "$(dirname "$0")/../system/lib.sh"
need curl sha256sum
uipc_setup_two_hosts 21
PORT=$((40000 + $$ % 20000))
mkdir "$T/www"
head -c $((4 << 20)) /dev/urandom >"$T/www/blob"
want=$(sha256sum <"$T/www/blob")
bg 60 "$T/http.out" "${ON_MONET[@]}" $PYTHON -m http.server -d "$T/www" -b 0.0.0.0 $PORT
up() { "${ON_ARPA[@]}" curl -s -o /dev/null --max-time 2 http://$MONET:$PORT/; }
wait_for 20 up || fail "http.server answers on monet" "$(cat "$T/http.out")"
rc=0; timeout 60 "${ON_ARPA[@]}" curl -s -S -f --max-time 50 -o "$T/got" http://$MONET:$PORT/blob 2>"$T/curl.err" || rc=$?
is "$rc" 0 "curl on arpa fetched http://$MONET:$PORT/blob"; [ "$rc" = 0 ] || diag "$(cat "$T/curl.err")"
is "$(sha256sum <"$T/got" 2>/dev/null)" "$want" "4 MB with equal sha256"
code=$(timeout 20 "${ON_ARPA[@]}" curl -s -o /dev/null -w '%{http_code}' --max-time 10 http://$MONET:$PORT/missing)
is "$code" 404 "a missing file: 404"
done_testing
