# netns.sh: sourced (after lib.sh, before uipc_setup) by the tests of the
# primer's servers, which listen on well-known ports (login 513, echo 7 ...).
# On the Linux kernel (UIPC_NATIVE=1) it runs the test again inside a fresh
# network namespace of its own (unshare -n, lo up), so that those servers
# meet nothing of the machine's and nothing leaks; on uipc the ports are
# uipc's own.  Both need root (privileged ports).
[ "$(id -u)" = 0 ] || skip_all "needs root: the servers bind privileged ports"
if [ "$UIPC_NATIVE" = 1 ] && [ -z "${UIPC_IN_NETNS:-}" ]; then
	command -v unshare >/dev/null || skip_all "unshare is not installed"
	export UIPC_IN_NETNS=1
	exec unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
