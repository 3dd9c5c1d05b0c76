#!/bin/bash
# bench/tap_veth.sh: TCP throughput between the Linux kernel and a uipc host
# over a TAP device, against the same between the Linux kernel and a second
# Linux network namespace over a veth pair, in one run (issue 13; target:
# a ratio of at least 0.5).  Run by `make bench` after run.sh.
#
# iperf3, unmodified, is both ends: the client always on Linux (namespace
# "a" for veth, the TAP namespace for uipc), the server on the peer (the
# second namespace, or uipc under `uipc run`); each figure is the
# receiver's rate of a BENCH_TAP_SEC-second run (default 3), the median of
# BENCH_REPEAT (3), sent to the peer and, with iperf3 -R, from it.  Every
# process runs unpinned.  The link MTUs are BENCH_TAP_MTUS's, by default
# two: Ethernet's 1500, where veth still moves 64 KiB GSO segments and the
# TAP (no offloads, issue 13) one frame per read or write; and 65000 on
# both, where each frame is a large segment.  At the MTUs of
# BENCH_TAP_PLAIN_MTUS (default 1500) veth is also measured with its
# checksum offload off (ethtool -K tx off, which takes TSO with it), so
# that the kernel segments and checksums every frame in software, as it
# must for a TAP without offloads: for information, like for like; the
# issue's target is against veth as it comes.
#
# Namespaces are made with `ip netns add` under names with this script's
# pid, and removed (with uipcd, the TAP and the veth pair) on every way out.
# Needs root, /dev/net/tun, ip and iperf3; says why and stops otherwise.
set -u

B=${UIPC_BUILD:-$PWD/build}
SEC=${BENCH_TAP_SEC:-3}
REPEAT=${BENCH_REPEAT:-3}
MTUS=${BENCH_TAP_MTUS:-1500 65000}
PLAIN_MTUS=${BENCH_TAP_PLAIN_MTUS:-1500}
NS_A=uipcbench-$$-a NS_B=uipcbench-$$-b NS_T=uipcbench-$$-t
T=$(mktemp -d "${TMPDIR:-/tmp}/uipc-tapbench.XXXXXX") || exit 1
UIPCD_PID=

skip() { echo "tap bench: not run: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root (TAP devices and namespaces need CAP_NET_ADMIN)"
[ -c /dev/net/tun ] || skip "no /dev/net/tun"
command -v ip >/dev/null && command -v iperf3 >/dev/null || skip "ip or iperf3 is not installed"
[ -x "$B/bin/uipcd" ] || skip "$B/bin/uipcd is not built"

cleanup() {
	local ns p
	for ns in $NS_A $NS_B $NS_T; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$p" 2>/dev/null
		done
	done
	[ -n "$UIPCD_PID" ] && wait "$UIPCD_PID" 2>/dev/null
	for ns in $NS_A $NS_B $NS_T; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

median() {
	tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'
}

# rate NS_CLIENT ADDR [-R] -- SERVER_PREFIX...: one iperf3 run; the
# receiver's rate in MB/s (10^6 bytes), or nothing.
rate() {
	local cns=$1 addr=$2 rev=$3 port=$((5201 + RANDOM % 1000)) spid i out
	shift 4
	rm -f "$T/srv.out"
	"$@" iperf3 -4 -s -1 --forceflush -p $port >"$T/srv.out" 2>&1 &
	spid=$!
	for ((i = 0; i < 500; i++)); do
		grep -q "Server listening" "$T/srv.out" 2>/dev/null && break
		kill -0 $spid 2>/dev/null || break
		sleep 0.02
	done
	out=$(timeout $((SEC + 30)) ip netns exec "$cns" iperf3 -4 -c "$addr" -p $port $rev -t "$SEC" -J 2>/dev/null)
	kill $spid 2>/dev/null; wait $spid 2>/dev/null
	python3 -c 'import json,sys
try: print("%.1f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 8e6))
except Exception: pass' <<<"$out"
}

# figure NAME NS_CLIENT ADDR [-R] -- SERVER_PREFIX...: median of REPEAT.
declare -A R
figure() {
	local name=$1 cns=$2 addr=$3 rev=$4 i vals=
	shift 4
	for ((i = 0; i < REPEAT; i++)); do
		vals="$vals $(rate "$cns" "$addr" "$rev" "$@")"
	done
	R[$name]=$(echo "$vals" | median)
}

# setup_veth MTU [plain]: namespaces a and b joined by a veth pair,
# 10.97.0.1 and .2; with "plain", checksum offload (and so TSO) off on both
# ends.
setup_veth() {
	ip netns del $NS_A 2>/dev/null; ip netns del $NS_B 2>/dev/null
	ip netns add $NS_A && ip netns add $NS_B &&
	ip link add vb$$a netns $NS_A type veth peer name vb$$b netns $NS_B &&
	in_ns $NS_A ip addr add 10.97.0.1/24 dev vb$$a &&
	in_ns $NS_B ip addr add 10.97.0.2/24 dev vb$$b &&
	in_ns $NS_A ip link set vb$$a mtu "$1" up &&
	in_ns $NS_B ip link set vb$$b mtu "$1" up &&
	in_ns $NS_A ip link set lo up && in_ns $NS_B ip link set lo up &&
	if [ "${2:-}" = plain ]; then
		in_ns $NS_A ethtool -K vb$$a tx off >/dev/null &&
		in_ns $NS_B ethtool -K vb$$b tx off >/dev/null
	fi
}

# setup_tap MTU: namespace t with uipcd, host "ub" on TAP uipc0 at
# 10.99.0.2, the Linux side 10.99.0.1.
setup_tap() {
	local i
	if [ -n "$UIPCD_PID" ]; then
		kill "$UIPCD_PID"; wait "$UIPCD_PID" 2>/dev/null; UIPCD_PID=
	fi
	ip netns del $NS_T 2>/dev/null
	ip netns add $NS_T || return 1
	in_ns $NS_T ip link set lo up
	printf 'host ub\n\tinterface en1 tap uipc0 address 10.99.0.2/24 mtu %s\n' "$1" >"$T/uipc.conf"
	rm -f "$T/uipcd.sock"
	ip netns exec $NS_T "$B/bin/uipcd" -s "$T/uipcd.sock" -f "$T/uipc.conf" >"$T/uipcd.log" 2>&1 &
	UIPCD_PID=$!
	for ((i = 0; i < 500; i++)); do
		[ -S "$T/uipcd.sock" ] && in_ns $NS_T ip link show uipc0 >/dev/null 2>&1 && break
		kill -0 $UIPCD_PID 2>/dev/null || return 1
		sleep 0.02
	done
	in_ns $NS_T sysctl -q -w net.ipv6.conf.uipc0.disable_ipv6=1
	in_ns $NS_T ip addr add 10.99.0.1/24 dev uipc0 &&
	in_ns $NS_T ip link set uipc0 mtu "$1" up
}

T0=$(date +%s)
NOTES=()
for mtu in $MTUS; do
	echo "tap bench: veth, MTU $mtu" >&2
	if setup_veth $mtu; then
		figure veth_to_$mtu $NS_A 10.97.0.2 "" -- ip netns exec $NS_B
		figure veth_from_$mtu $NS_A 10.97.0.2 -R -- ip netns exec $NS_B
	else
		NOTES+=("the veth pair could not be made at MTU $mtu")
	fi
	if [[ " $PLAIN_MTUS " == *" $mtu "* ]]; then
		echo "tap bench: veth without checksum offload, MTU $mtu" >&2
		if ! command -v ethtool >/dev/null; then
			NOTES+=("veth without offloads not measured: ethtool is not installed")
		elif setup_veth $mtu plain; then
			figure vethplain_to_$mtu $NS_A 10.97.0.2 "" -- ip netns exec $NS_B
			figure vethplain_from_$mtu $NS_A 10.97.0.2 -R -- ip netns exec $NS_B
		else
			NOTES+=("the veth pair without offloads could not be made at MTU $mtu")
		fi
	fi
	echo "tap bench: TAP to uipc, MTU $mtu" >&2
	if setup_tap $mtu; then
		export UIPC_SOCKET=$T/uipcd.sock
		figure tap_to_$mtu $NS_T 10.99.0.2 "" -- ip netns exec $NS_T "$B/bin/uipc" run --
		figure tap_from_$mtu $NS_T 10.99.0.2 -R -- ip netns exec $NS_T "$B/bin/uipc" run --
	else
		NOTES+=("uipcd on a TAP did not come up at MTU $mtu: $(head -n 2 "$T/uipcd.log" | tr '\n' ' ')")
	fi
done
T1=$(date +%s)

# row LABEL VETH TAP [info]: a ratio against the target, or ("info") for information.
row() {
	awk -v l="$1" -v k="$2" -v u="$3" -v info="${4:-}" 'BEGIN {
		r = "-"; ok = ""
		if (k != "" && u != "" && k + 0 > 0) { r = sprintf("%.2f", u / k); ok = (u / k >= 0.5) ? "yes" : "NO" }
		if (k == "") k = "-"
		if (u == "") u = "-"
		if (info != "") printf "%-44s %10s %10s %8s  %-8s %s\n", l, k, u, r, "(info)", ""
		else printf "%-44s %10s %10s %8s  %-8s %s\n", l, k, u, r, ">= 0.5", ok
	}'
}
echo
echo "TCP over a TAP (uipc) against a veth pair (Linux), iperf3 ${SEC}s, median of $REPEAT, unpinned; $((T1 - T0)) s"
printf "%-44s %10s %10s %8s  %-8s %s\n" "figure (MB/s, receiver's)" veth tap ratio target meets
printf '%.0s-' {1..92}; echo
for mtu in $MTUS; do
	row "Linux -> peer, MTU $mtu" "${R[veth_to_$mtu]:-}" "${R[tap_to_$mtu]:-}"
	row "peer -> Linux, MTU $mtu" "${R[veth_from_$mtu]:-}" "${R[tap_from_$mtu]:-}"
	if [ -n "${R[vethplain_to_$mtu]:-}" ]; then
		row "Linux -> peer, MTU $mtu, veth no csum offload" "${R[vethplain_to_$mtu]}" "${R[tap_to_$mtu]:-}" info
		row "peer -> Linux, MTU $mtu, veth no csum offload" "${R[vethplain_from_$mtu]}" "${R[tap_from_$mtu]:-}" info
	fi
done
for n in "${NOTES[@]}"; do
	echo "note: $n"
done
exit 0
