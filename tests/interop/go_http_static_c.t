#!/bin/bash
# Static programs on uipc, built here: a Go HTTP server (net/http) on monet
# and a Go client on arpa (Go links statically with CGO_ENABLED=0 and calls
# the kernel directly), and a C client built with `cc -static`.  None loads
# the preload shim; `uipc run` serves their socket calls as their
# supervisor (docs/DESIGN.md, "A net under the shim").  Go's resolver reads
# /etc/hosts itself and then asks DNS: uipcd's responder answers it.
. "$(dirname "$0")/../system/lib.sh"
need go cc sha256sum
in_own_netns
# uipcd's DNS responder answers Go's own resolver (it asks resolv.conf's
# nameserver over UDP, on uipc's network: the responder's address).
uipc_setup_two_hosts 21 nameserver
SRC=$(cd "$(dirname "$0")" && pwd)
# Only the standard library and no network: no modules, no proxy; caches
# in $T so the build leaves nothing behind.
export GOCACHE=$T/gocache GOPATH=$T/gopath GO111MODULE=off GOPROXY=off \
	CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=
check "go build of go_http.go (static, standard library only)" \
	timeout 100 go build -o "$T/go_http" "$SRC/go_http.go"
check "cc -static static_post.c" \
	cc -static -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$T/static_post" "$SRC/static_post.c"
for b in go_http static_post; do
	file -b "$T/$b" 2>/dev/null | grep -q 'statically linked' && pass "$b is statically linked" ||
		fail "$b is statically linked" "$(file "$T/$b" 2>&1)"
done
PORT=8080
mkdir "$T/www"
head -c $((4 << 20)) /dev/urandom >"$T/www/blob"
want=$(sha256sum <"$T/www/blob" | awk '{print $1}')
bg 100 "$T/srv.out" "${ON_MONET[@]}" "$T/go_http" serve "$MONET:$PORT" "$T/www"
SRV=$BG_PID
up() { timeout 10 "${ON_ARPA[@]}" "$T/go_http" get "http://$MONET:$PORT/" >/dev/null; }
if wait_for 30 up; then pass "the Go server answers the Go client on arpa"
else fail "the Go server answers the Go client on arpa" "$(cat "$T/srv.out")"; fi

got=$(timeout 30 "${ON_ARPA[@]}" "$T/go_http" get "http://$MONET:$PORT/blob" 2>"$T/get.err")
is "$got" "200 $((4 << 20)) $want" "Go client on arpa by address: 4 MB with equal sha256"
[ -s "$T/get.err" ] && diag "$(cat "$T/get.err")"

# By name: a static Go program resolves with its own resolver: the
# machine's /etc/hosts knows no monet, so it asks the nameserver of
# /etc/resolv.conf, and uipcd's responder answers on uipc's network.
if [ "$UIPC_NATIVE" = 1 ]; then HOST=localhost; else HOST=monet; fi
got=$(timeout 30 "${ON_ARPA[@]}" "$T/go_http" get "http://$HOST:$PORT/blob" 2>"$T/get.err")
is "$got" "200 $((4 << 20)) $want" "Go client on arpa by name ($HOST): 4 MB with equal sha256"
[ -s "$T/get.err" ] && diag "$(cat "$T/get.err")"

head -c $((3 << 20)) /dev/urandom >"$T/post"
postsum=$(sha256sum <"$T/post" | awk '{print $1}')
rc=0; timeout 30 "${ON_ARPA[@]}" "$T/static_post" "$MONET" $PORT /sum <"$T/post" >"$T/post.out" 2>&1 || rc=$?
is "$rc" 0 "static C client on arpa posted 3 MB to the Go server"
is "$(tail -1 "$T/post.out")" "$((3 << 20)) $postsum" "the Go server received the 3 MB whole (its sha256)"
[ "$rc" = 0 ] || diag "$(cat "$T/post.out")"

kill -TERM $SRV 2>/dev/null
st=0; bg_wait $SRV || st=$?
is "$st" 0 "the Go server ended cleanly on SIGTERM"
done_testing
