#!/bin/bash
# PostgreSQL 15 with Debian's default pg_hba.conf on monet: pgbench -c 10
# -t 1000 from arpa over TCP and from monet over the server's UNIX socket
# completes every transaction with none failed.  The cluster is the test's
# own, in $T, made as pg_createcluster(1) makes Debian's (initdb with
# --auth-local peer --auth-host scram-sha-256, and the superuser's "local
# all postgres peer" line first); one line is added so that arpa may log in
# over the segment, with a password.  Starting postgres parses the file,
# whose ::1/128 lines need a numeric IPv6 getaddrinfo.  fsync is off: the
# test measures the network, not the disk of a loaded machine.
. "$(dirname "$0")/../system/lib.sh"
PGBIN=/usr/lib/postgresql/15/bin
for b in initdb postgres pgbench psql; do
	[ -x "$PGBIN/$b" ] || skip_all "$PGBIN/$b is not installed"
done
[ "$(id -u)" = 0 ] || skip_all "the test runs the server as user postgres"
id postgres >/dev/null 2>&1 || skip_all "no user postgres"
in_own_netns
uipc_setup_two_hosts 21
TEST_TIMEOUT=100
AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups --)
D=$T/pg/data S=$T/pg/sock
mkdir -p "$T/pg/sock" && chown -R postgres:postgres "$T/pg"
PW=uipc-$$-$RANDOM
printf '%s\n' "$PW" >"$T/pg/pw" && chown postgres "$T/pg/pw" && chmod 600 "$T/pg/pw"
check "initdb of a cluster in \$T as postgres" "${AS_PG[@]}" timeout 100 "$PGBIN/initdb" -D "$D" \
	--auth-local peer --auth-host scram-sha-256 -U postgres --pwfile "$T/pg/pw" \
	--encoding UTF8 --locale C.UTF-8
# pg_createcluster's setup_pg_hba: the superuser's peer line before all.
awk '!done && /^local/ { print "local   all             postgres                                peer\n"; done = 1 } { print }' \
	"$D/pg_hba.conf" >"$T/pg/hba" &&
	printf '\n# The test: arpa over the segment.\nhost    all             all             %s/32            scram-sha-256\n' "$ARPA" >>"$T/pg/hba" &&
	cat "$T/pg/hba" >"$D/pg_hba.conf"
check "Debian's default host lines are there (127.0.0.1/32, ::1/128)" \
	grep -qE '^host +all +all +::1/128 +scram-sha-256' "$D/pg_hba.conf"
bg 110 "$T/pg.out" "${AS_PG[@]}" "${ON_MONET[@]}" "$PGBIN/postgres" -D "$D" -k "$S" -h "$MONET" -p 5432 \
	-c max_connections=20 -c shared_buffers=16MB -c fsync=off -c synchronous_commit=off
PG=$BG_PID
up() { "${AS_PG[@]}" "${ON_MONET[@]}" "$PGBIN/psql" -h "$S" -p 5432 -U postgres -Atc 'select 1' postgres 2>/dev/null | grep -qx 1; }
if wait_for 60 up; then pass "postgres answers psql on its UNIX socket (peer)"
else fail "postgres answers psql on its UNIX socket (peer)" "$(cat "$T/pg.out")"; fi
tap_bench() {	# WHAT CMD...: runs pgbench, checks its counts
	local what=$1 rc=0; shift
	timeout 100 "$@" >"$T/bench.out" 2>&1 || rc=$?
	is "$rc" 0 "pgbench -c 10 -t 1000 $what ran to its end"
	is "$(awk -F': ' '/^number of transactions actually processed/ { print $2 }' "$T/bench.out")" 10000/10000 \
		"$what: 10000/10000 transactions processed"
	is "$(awk -F': ' '/^number of failed transactions/ { print $2 }' "$T/bench.out" | awk '{print $1}')" 0 \
		"$what: no failed transaction"
	[ "$rc" = 0 ] || diag "$(cat "$T/bench.out")"
	diag "$what: $(grep -E '^(tps|latency average)' "$T/bench.out" | tr '\n' ' ')"
}
check "pgbench -i over the UNIX socket" "${AS_PG[@]}" timeout 100 "${ON_MONET[@]}" "$PGBIN/pgbench" -i -q -h "$S" -p 5432 -U postgres postgres
tap_bench "on monet over the UNIX socket" "${AS_PG[@]}" "${ON_MONET[@]}" "$PGBIN/pgbench" -c 10 -t 1000 -h "$S" -p 5432 -U postgres postgres
HOST=monet; [ "$UIPC_NATIVE" = 1 ] && HOST=$MONET
tap_bench "on arpa over TCP to $HOST" env PGPASSWORD="$PW" "${ON_ARPA[@]}" "$PGBIN/pgbench" -c 10 -t 1000 -h "$HOST" -p 5432 -U postgres postgres
# Fast shutdown (SIGINT): the server ends its sessions and exits 0.
kill -INT "$(head -1 "$D/postmaster.pid" 2>/dev/null)" 2>/dev/null
st=0; bg_wait $PG || st=$?
is "$st" 0 "postgres ended cleanly on SIGINT (fast shutdown)"
check "the machine's own cluster was not started" sh -c "! pgrep -u postgres -f /var/lib/postgresql >/dev/null"
done_testing
