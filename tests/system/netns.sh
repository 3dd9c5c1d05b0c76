# netns.sh: sourced (after lib.sh, before uipc_setup) by the tests of the
# primer's servers, which listen on well-known ports (login 513, echo 7 ...).
# On the Linux kernel (UIPC_NATIVE=1) it runs the test again inside a fresh
# network namespace of its own (unshare -n, lo up), so that those servers
# meet nothing of the machine's and nothing leaks; on uipc the ports are
# uipc's own.  Both need root (privileged ports).
#
# NETNS_ALWAYS=1: on uipc too (for programs whose libc may bypass the shim,
# issue 9: what slips past uipc then meets an empty namespace).
# NETNS_PRIVATE_RUN=1: also a mount namespace with a tmpfs on /run (for
# Debian's inetd, which writes /run/inetd.pid).
[ "$(id -u)" = 0 ] || skip_all "needs root: the servers bind privileged ports"
if { [ "$UIPC_NATIVE" = 1 ] || [ "${NETNS_ALWAYS:-0}" = 1 ]; } && [ -z "${UIPC_IN_NETNS:-}" ]; then
	command -v unshare >/dev/null || skip_all "unshare is not installed"
	export UIPC_IN_NETNS=1
	if [ "${NETNS_PRIVATE_RUN:-0}" = 1 ]; then
		exec unshare -n -m -- bash -c 'ip link set lo up && mount -t tmpfs none /run && exec bash "$0" "$@"' "$0" "$@"
	fi
	exec unshare -n -- bash -c 'ip link set lo up && exec bash "$0" "$@"' "$0" "$@"
fi
