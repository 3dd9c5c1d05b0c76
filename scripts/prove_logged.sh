#!/bin/bash
# prove_logged.sh LOG PROVE-ARGS...: prove, verbose into LOG, while the
# console shows what plain prove shows (a line per test file, the summary).
# When a check fails, the failing checks follow at the end, each with its
# test file and diagnostics (uipcd's log among them), so that a run whose
# output is seen only by its tail (CI) still says why.
log=$1
shift
set -o pipefail
prove -v "$@" 2>&1 | tee "$log" | grep -avE '^(ok [0-9]|not ok [0-9]|#|1\.\.[0-9]|\[  *(RUN|OK) )'
rc=$?
[ $rc -eq 0 ] && exit 0
echo "---- the failing checks (the whole run: $log) ----"
awk '
	/^[^ #][^ ]* \.\.+ ?$/ { file = $1; next }
	/^not ok [0-9]/ && !/# TODO/ { print file ": " $0; shown = 0; inside = 1; next }
	inside && /^#/ { if (shown++ < 60) print "    " $0; next }
	{ inside = 0 }
' "$log"
exit $rc
