#!/bin/sh
# Runs each libFuzzer target for SECONDS from its seed corpus in
# tests/fuzz/corpus/NAME (new inputs go to a scratch copy, not the tree).
# Prints TAP so that its result reads like every other test.
secs=$1; shift
n=0; for t in "$@"; do n=$((n + 1)); done
echo "1..$n"
i=0; fail=0
for t in "$@"; do
	i=$((i + 1)); name=$(basename "$t")
	work=$(mktemp -d)
	[ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$work/"
	if "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 "$work" >"$work.log" 2>&1; then
		echo "ok $i - $name ($secs s, $(ls "$work" | wc -l) inputs)"
	else
		echo "not ok $i - $name"; tail -40 "$work.log" | sed 's/^/# /'; fail=1
	fi
	rm -rf "$work" "$work.log"
done
exit $fail
