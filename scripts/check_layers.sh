#!/bin/bash
# check_layers.sh: the include rules between uipc's layers (docs/DESIGN.md,
# "Layers"), read from the #include lines themselves, so that the layer
# picture stays true without anyone remembering it.  `make check-layers`
# runs it; `make check` runs that.
#
# Each rule names the files it covers (directories under src/) and the
# headers they must not include (extended regular expressions matched
# against the path inside src/, e.g. "inet/tcp_var.h").  A quoted include
# without a directory is the including file's own directory's.  System
# headers (<...>) are never looked at.
#
# Prints one "ok - RULE" or "not ok - RULE" line per rule, each offending
# include under it as "#   FILE:LINE includes HEADER", and exits 1 when a
# rule that must hold does not.
#
# ---------------------------------------------------------------------------
# EXPECTED_FAIL: rules that are known not to hold yet, each with the issue
# and the helper fixing it.  They are checked and printed (as TODO) but do
# not fail.  When one holds, the script says so loudly: then delete its line
# here, so that from then on it must hold.  THE LEAD FLIPS THESE AFTER
# MERGING the named branch.
#
#   rule name        issue     who        what is left
EXPECTED_FAIL=(
)
# ---------------------------------------------------------------------------

set -u
cd "$(dirname "$0")/.." || exit 2

# The protocols' own headers: control blocks, protocol state and counters,
# timers.  Only the protocols (and the per-host state of their domain) use
# them; everything above reaches a protocol through the socket layer
# (kern/socket.h: so_peer, so_named; kern/domain.h: pr_stats).
PROTO_PRIVATE='^(inet/(in_pcb|ip_var|tcp_var|udp_var|tcp_timer|tcp_fsm|tcp_seq|tcp_cc)\.h|unix/unp\.h)$'

# rule NAME "DIRS" FORBIDDEN-REGEX "WHY" [ALLOWED-REGEX: exceptions to FORBIDDEN]
RULES=()
rule() {
	RULES+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4"$'\t'"${5:-^$}")
}

rule base-is-bottom "base" '^(kern|unix|net|inet|stack|sys|lib|uipc)/' \
	"src/base includes nothing above it"
rule kern-no-protocols "kern" '^(unix|net|inet|sys|lib)/' \
	"src/kern (socket layer, domains) names no protocol, interface or environment"
rule net-below-inet "net" '^(inet|unix)/' \
	"src/net includes nothing of src/inet (or src/unix)"
rule domains-apart "unix" '^(inet|net)/' \
	"the UNIX domain knows nothing of the Internet domain or interfaces"
rule inet-not-unix "inet" '^unix/' \
	"the Internet domain knows nothing of the UNIX domain"
rule composer-on-top "kern unix net inet" '^stack/' \
	"only the composer (src/stack) and what is above it name the composer"
rule stack-not-env "base kern unix net inet stack" '^(sys|lib)/' \
	"the stack includes nothing of uipcd or the client library"
rule sys-no-proto-private "sys" "$PROTO_PRIVATE" \
	"uipcd includes no protocol-private header (pcbs, *_var.h, unp.h)"
rule sys-no-inet-host "sys" '^inet/in_host\.h$' \
	"uipcd does not read a domain's per-host state (inet/in_host.h)"
rule lib-contract-only "lib" '^(base|kern|unix|net|inet|sys)/' \
	"the client library knows uipcd only through sys/ctl_proto.h" '^sys/ctl_proto\.h$'

# The includes of every file under the given src/ directories, as
# "file:line:header" with the header as a path inside src/.
includes() {
	local d
	for d in "$@"; do
		find "src/$d" -name '*.[ch]' -print0
	done | xargs -0 awk '
		/^[ \t]*#[ \t]*include[ \t]*"/ {
			h = $0
			sub(/^[^"]*"/, "", h)
			sub(/".*$/, "", h)
			if (h !~ /\//) {		# the including file'"'"'s own directory
				dir = FILENAME
				sub(/\/[^\/]*$/, "", dir)
				sub(/^src\//, "", dir)
				h = dir "/" h
			}
			print FILENAME ":" FNR ":" h
		}'
}

expected() {
	local name=$1 e
	for e in "${EXPECTED_FAIL[@]}"; do
		[ "${e%% *}" = "$name" ] && { printf '%s\n' "${e#* }" | sed 's/^ *//'; return 0; }
	done
	return 1
}

failed=0 n=0 flips=()
for r in "${RULES[@]}"; do
	IFS=$'\t' read -r name dirs forbid why allow <<<"$r"
	n=$((n + 1))
	# shellcheck disable=SC2086
	if ! bad=$(set -o pipefail; includes $dirs | awk -F: -v re="$forbid" -v ok="$allow" '
		$3 ~ re && $3 !~ ok { print "#   " $1 ":" $2 " includes " $3 }'); then
		echo "not ok $n - $name: the check itself failed"
		failed=1
		continue
	fi
	if note=$(expected "$name"); then
		if [ -n "$bad" ]; then
			echo "ok $n - $name: $why # TODO $note"
			printf '%s\n' "$bad"
		else
			echo "ok $n - $name: $why (NOW HOLDS: delete it from EXPECTED_FAIL in $0)"
			flips+=("$name")
		fi
	elif [ -n "$bad" ]; then
		echo "not ok $n - $name: $why"
		printf '%s\n' "$bad"
		failed=1
	else
		echo "ok $n - $name: $why"
	fi
done
echo "1..$n"
if [ ${#flips[@]} -gt 0 ]; then
	echo "# ============================================================"
	echo "# These expected failures hold now; delete them from EXPECTED_FAIL"
	echo "# in scripts/check_layers.sh so that they must keep holding:"
	printf '#   %s\n' "${flips[@]}"
	echo "# ============================================================"
fi
exit $failed
