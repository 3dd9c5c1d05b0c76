#!/bin/sh
# Installs the Debian packages that building, testing and the demo need,
# when any is missing.  Runs as root on a Debian 12 machine; does nothing
# when everything is already there.
set -e
PKGS="build-essential clang libclang-rt-14-dev libcmocka-dev libpcap-dev
      perl socat netcat-openbsd python3 tshark iperf3 curl ethtool
      redis-server redis-tools iproute2 procps psmisc
      tmux less util-linux rsh-redone-client rsh-client
      rsh-server openbsd-inetd
      libpython3.11-testsuite python3.11 cmake dpkg-dev passwd
      nginx-light apache2-utils postgresql golang-go
      bind9-dnsutils pkgconf iputils-ping traceroute nmap python3-scapy
      dbus-daemon dbus-bin"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; install these packages:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections 2>/dev/null || true
# Servers among them (redis-server, openbsd-inetd with rsh-server, nginx,
# postgresql, whose postgresql-common makes a cluster "main" it must not
# start; the tests run clusters of their own in their temp dirs) are test
# peers that the tests start themselves, inside their own namespaces: no
# service may start on the machine at install (policy-rc.d(8), exit 101).
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	guard=/usr/sbin/policy-rc.d
fi
trap '[ -n "$guard" ] && rm -f "$guard"' EXIT
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
