#!/bin/bash
# make install DESTDIR=... puts the embedding API where a program finds it
# with pkg-config (uipc.pc), and examples/embed_echo.c, built against that
# installed copy alone, runs: a TCP echo between two hosts of a stack inside
# the program, in virtual time (include/uipc/embed.h).  No uipcd is involved:
# the example is its own stack.
. "$(dirname "$0")/lib.sh"
uipc_setup
need make cc pkg-config
[ "$UIPC_NATIVE" = 1 ] && skip_all "the embedding API exists only on uipc"

SRC=$(cd "$_LIBDIR/../.." && pwd)
ROOT=$T/root
# Install from the build the test runs on when it is a whole build tree;
# otherwise (a copy of one, as check-system-asan makes) from the source's.
bdir=()
[ -d "$UIPC_BUILD/obj" ] && bdir=(B="$UIPC_BUILD")

check "make install DESTDIR=$ROOT PREFIX=/usr" \
	make -s -C "$SRC" "${bdir[@]}" install DESTDIR="$ROOT" PREFIX=/usr
for f in bin/uipcd bin/uipc lib/libuipc_core.a lib/libuipc.so lib/libuipc_preload.so \
    include/uipc/embed.h lib/pkgconfig/uipc.pc share/man/man1/uipc.1 share/man/man8/uipcd.8 \
    share/man/man3/uipc_embed.3; do
	check "installed $f" test -f "$ROOT/usr/$f"
done

# pkg-config as a user of the installed tree sees it (the sysroot prefixes
# its -I and -L), and nothing of the source tree on the command line.
flags=$(PKG_CONFIG_SYSROOT_DIR=$ROOT PKG_CONFIG_LIBDIR=$ROOT/usr/lib/pkgconfig \
	pkg-config --cflags --libs uipc)
is "$(printf '%s\n' $flags | grep -c "^-[IL]$ROOT/usr/")" 2 "pkg-config gives the installed include and lib directories"
cp "$SRC/examples/embed_echo.c" "$T/embed_echo.c"
# shellcheck disable=SC2086
check "the example builds against the installed copy" \
	cc -Wall -Wextra -Werror -o "$T/embed_echo" "$T/embed_echo.c" $flags

out=$(cd "$T" && timeout "$TEST_TIMEOUT" ./embed_echo 2>&1); rc=$?
is "$rc" 0 "the example exits 0"
is "$out" "beta accepted a connection from 192.0.2.1
alpha got back 18 bytes: hello through uipc" "the example's output: a connection from alpha, the message echoed whole"

done_testing
