# rwho_lib.sh: what the rwho tests (tests/system/rwho_*.t) share, sourced
# after lib.sh.  The same test runs its hosts on uipc (a configuration of
# the test's own) or, natively (UIPC_NATIVE=1), as network and UTS
# namespaces of the Linux kernel joined by a bridge inside a network
# namespace the test made, so nothing reaches the machine's network.
#
#   rwho_native_reexec "$@"   first thing in a test: natively, runs the
#                             test again inside `unshare -n` with lo up
#   rwho_hosts NAME=ADDR[@BRIDGE] ...  the hosts' spools; natively, one
#                             namespace per NAME (hostname NAME), an
#                             interface on BRIDGE (br0) per ADDR/24
#   on_host NAME CMD ...      runs CMD on host NAME
#   rwhod_start NAME [ARGS]   rwhod on NAME, spool $T/spool/NAME, log
#                             $T/rwhod.NAME.log; its pid in RWHOD_PID[NAME]
#   spool_count NAME N        true when NAME's spool holds N status files

RWHOD=$UIPC_BUILD/bin/rwhod
RUPTIME=$UIPC_BUILD/bin/ruptime
RWHO=$UIPC_BUILD/bin/rwho
declare -A RWHOD_PID HOST_NS
export TZ=UTC

rwho_native_reexec() {
	[ "$UIPC_NATIVE" = 1 ] || return 0
	[ -n "${RWHO_IN_NETNS:-}" ] && return 0
	[ "$(id -u)" = 0 ] || skip_all "natively the rwho tests make network namespaces: root only"
	command -v unshare >/dev/null && command -v ip >/dev/null && command -v nsenter >/dev/null ||
		skip_all "unshare, nsenter and ip are needed natively"
	RWHO_IN_NETNS=1 exec unshare -n -- bash -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
}

rwho_hosts() {
	local spec name addr br i=0 pid
	for spec in "$@"; do
		name=${spec%%=*}
		mkdir -p "$T/spool/$name"
		chown nobody "$T/spool/$name"
	done
	[ "$UIPC_NATIVE" = 1 ] || return 0
	for spec in "$@"; do
		name=${spec%%=*}; addr=${spec#*=}; br=br0
		case $addr in *@*) br=${addr#*@}; addr=${addr%@*} ;; esac
		i=$((i + 1))
		if ! ip link show "$br" >/dev/null 2>&1; then
			ip link add "$br" type bridge forward_delay 0 && ip link set "$br" up ||
				bail_out "cannot make bridge $br"
		fi
		if [ -z "${HOST_NS[$name]:-}" ]; then
			# The namespace lives as long as this sleep (a bg job: teardown ends it).
			bg 600 "$T/ns.$name.log" unshare -n -u -- sh -c "hostname $name && exec sleep 600"
			wait_for 5 pgrep -P "$BG_PID" >/dev/null || true
			HOST_NS[$name]=$(pgrep -P "$BG_PID" | head -1)
			nsenter -t "${HOST_NS[$name]}" -n ip link set lo up
		fi
		pid=${HOST_NS[$name]}
		ip link add "v$i" type veth peer name "p$i"
		ip link set "p$i" netns "$pid"
		ip link set "v$i" master "$br"
		ip link set "v$i" up
		nsenter -t "$pid" -n ip addr add "$addr/24" brd + dev "p$i"
		nsenter -t "$pid" -n ip link set "p$i" up
	done
}

# native_route NAME ARGS: natively, `ip route add ARGS` on NAME (uipc's
# configuration has its routes already).
native_route() {
	local name=$1; shift
	[ "$UIPC_NATIVE" = 1 ] || return 0
	nsenter -t "${HOST_NS[$name]}" -n ip route add "$@"
}

# native_forwarding NAME: natively, NAME forwards between its interfaces.
native_forwarding() {
	[ "$UIPC_NATIVE" = 1 ] || return 0
	nsenter -t "${HOST_NS[$1]}" -n sysctl -qw net.ipv4.ip_forward=1
}

bail_out() {
	fail "$1"
	done_testing
	exit 1
}

# host_prefix NAME: the command prefix that runs a program on NAME, in ON_HOST.
host_prefix() {
	if [ "$UIPC_NATIVE" = 1 ]; then
		ON_HOST=(nsenter -t "${HOST_NS[$1]}" -n -u --)
	else
		ON_HOST=("$UIPC_BUILD/bin/uipc" run -H "$1" --)
	fi
}

on_host() {
	host_prefix "$1"; shift
	"${ON_HOST[@]}" "$@"
}

rwhod_start() {
	local name=$1; shift
	host_prefix "$name"
	bg 300 "$T/rwhod.$name.log" env RWHODIR="$T/spool/$name" "${ON_HOST[@]}" "$RWHOD" -d "$@"
	RWHOD_PID[$name]=$BG_PID
}

spool_count() {
	local n
	n=$(find "$T/spool/$1" -maxdepth 1 -name 'whod.*' | wc -l)
	[ "$n" -ge "$2" ]
}

# ruptime_on NAME ARGS: ruptime with NAME's spool, on NAME.
ruptime_on() {
	local name=$1; shift
	RWHODIR=$T/spool/$name on_host "$name" "$RUPTIME" "$@"
}

rwho_on() {
	local name=$1; shift
	RWHODIR=$T/spool/$name on_host "$name" "$RWHO" "$@"
}
