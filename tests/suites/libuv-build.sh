#!/bin/bash
# libuv-build.sh DIR: fetches Debian's libuv1 source package (apt-get source,
# with a deb-src entry of its own for the release and mirror this machine
# already uses) and builds libuv's own test runner with cmake into DIR.
# Prints the runner's path.  Does nothing the second time: DIR is the cache.
set -eu
dir=$1
runner=$dir/build/uv_run_tests_a
if [ -x "$runner" ]; then echo "$runner"; exit 0; fi
mkdir -p "$dir"
cd "$dir"
if ! ls -d libuv1-*/ >/dev/null 2>&1; then
	if ! apt-get source --download-only libuv1 >/dev/null 2>&1; then
		# No deb-src yet: one of ours, in a file of its own, for the
		# same release(s) and mirror(s) as the machine's deb entries.
		[ "$(id -u)" = 0 ] || { echo "libuv-build: need root to add a deb-src entry" >&2; exit 1; }
		src=/etc/apt/sources.list.d/uipc-deb-src.sources
		if [ ! -e "$src" ]; then
			: >"$src.tmp"
			for f in /etc/apt/sources.list.d/*.sources; do
				[ -f "$f" ] && [ "$f" != "$src" ] || continue
				# Deb822 stanzas of Types: deb, as deb-src.
				awk 'BEGIN { RS = ""; ORS = "\n\n" }
				     /(^|\n)Types:[ \t]*deb([ \t]|\n|$)/ { sub(/Types:[ \t]*deb/, "Types: deb-src"); print }' "$f" >>"$src.tmp"
			done
			# One-line format (sources.list): deb-src lines in a .list beside.
			grep -hE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
				sed 's/^[[:space:]]*deb[[:space:]]/deb-src /' >/etc/apt/sources.list.d/uipc-deb-src.list.tmp || true
			mv "$src.tmp" "$src"
			if [ -s /etc/apt/sources.list.d/uipc-deb-src.list.tmp ]; then
				mv /etc/apt/sources.list.d/uipc-deb-src.list.tmp /etc/apt/sources.list.d/uipc-deb-src.list
			else
				rm -f /etc/apt/sources.list.d/uipc-deb-src.list.tmp
			fi
		fi
		apt-get update -qq >/dev/null
		apt-get source --download-only libuv1 >/dev/null
	fi
	# apt-get checked the files against the signed Sources index; the
	# uploader's own signature would need debian-keyring, not installed.
	dpkg-source -x --no-check libuv1_*.dsc >/dev/null
fi
srcdir=$(ls -d libuv1-*/ | head -1)
cmake -S "$srcdir" -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON -DLIBUV_BUILD_TESTS=ON >build.log 2>&1
cmake --build build -j2 --target uv_run_tests_a >>build.log 2>&1
echo "$runner"
