#!/bin/bash
# nginx with Debian's default configuration (a root master, `worker_processes
# auto` workers that switch to www-data and whose environment nginx clears but
# for TZ) on monet, and ab -k on arpa by name: 10,000 keep-alive requests
# complete with none failed.  The configuration is Debian's nginx.conf and
# sites-available/default with only the paths moved into $T and the port
# (8080 on monet's address); sendfile, tcp_nopush and gzip stay on.  The
# pid file and the error log come from -g, as Debian's service gives them.
. "$(dirname "$0")/../system/lib.sh"
need nginx ab
[ "$(id -u)" = 0 ] || skip_all "nginx's master must be root to run workers as www-data"
id www-data >/dev/null 2>&1 || skip_all "no user www-data"
in_own_netns
uipc_setup_two_hosts 21
HOST=monet; [ "$UIPC_NATIVE" = 1 ] && HOST=$MONET
mkdir -p "$T/www" "$T/tmp" "$T/logs"
ln -s /usr/lib/nginx/modules "$T/modules"	# Debian's modules-enabled names them by the prefix
head -c 612 /dev/urandom | base64 >"$T/www/index.html"
cat >"$T/nginx.conf" <<CONF
user www-data;
worker_processes auto;
include /etc/nginx/modules-enabled/*.conf;
events {
	worker_connections 768;
}
http {
	sendfile on;
	tcp_nopush on;
	types_hash_max_size 2048;
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
	ssl_prefer_server_ciphers on;
	access_log $T/logs/access.log;
	gzip on;
	client_body_temp_path $T/tmp/body;
	proxy_temp_path $T/tmp/proxy;
	fastcgi_temp_path $T/tmp/fastcgi;
	uwsgi_temp_path $T/tmp/uwsgi;
	scgi_temp_path $T/tmp/scgi;
	server {
		listen $MONET:8080 default_server;
		root $T/www;
		index index.html index.htm index.nginx-debian.html;
		server_name _;
		location / {
			try_files \$uri \$uri/ =404;
		}
	}
}
CONF
# run_nginx WHAT CONF: nginx with CONF on monet, ab -k on arpa, a clean stop.
run_nginx() {
	local what=$1 conf=$2 log=$T/logs/error.${2##*/}.log rc st workers size ka
	bg 110 "$T/nginx.out" "${ON_MONET[@]}" nginx -p "$T/" -e "$log" -c "$conf" \
		-g "daemon off; pid $T/nginx.pid; error_log $log;"
	NGINX=$BG_PID
	if wait_for 30 up; then pass "$what: nginx accepts connections on $HOST:8080"
	else fail "$what: nginx accepts connections on $HOST:8080" "$(cat "$T/nginx.out" "$log" 2>&1)"; fi
	workers=$(pgrep -u www-data -P "$(cat "$T/nginx.pid" 2>/dev/null || echo 0)" nginx | wc -l)
	is "$([ "$workers" -ge 1 ] && echo yes)" yes "$what: the root master runs its workers as www-data ($workers)"
	# The workers' cleared environment cannot be read back: nginx writes
	# its process title over the memory /proc/PID/environ shows.  That
	# they serve at all shows they stay on uipc without UIPC_SOCKET or
	# LD_PRELOAD.
	rc=0; timeout 100 "${ON_ARPA[@]}" ab -k -n 10000 -c 10 http://$HOST:8080/ >"$T/ab.out" 2>&1 || rc=$?
	is "$rc" 0 "$what: ab -k -n 10000 -c 10 on arpa ran to its end"
	is "$(awk '/^Complete requests:/ { print $3 }' "$T/ab.out")" 10000 "$what: Complete requests: 10000"
	is "$(awk '/^Failed requests:/ { print $3 }' "$T/ab.out")" 0 "$what: Failed requests: 0"
	# ab counts a connection closed before any answer as complete, with
	# a document of 0 bytes: the bytes received say whether nginx answered.
	size=$(stat -c %s "$T/www/index.html")
	is "$(awk '/^Document Length:/ { print $3 }' "$T/ab.out")" "$size" "$what: the document arrives whole ($size bytes)"
	is "$(awk '/^HTML transferred:/ { print $3 }' "$T/ab.out")" $((size * 10000)) "$what: 10,000 documents arrived"
	# nginx closes a connection after 1000 requests (keepalive_requests),
	# so each connection's last request is not counted as kept alive.
	ka=$(awk '/^Keep-Alive requests:/ { print $3 }' "$T/ab.out")
	is "$([ "${ka:-0}" -ge 9900 ] && echo yes)" yes "$what: the connections were kept alive ($ka of 10000 requests)"
	is "$(awk '/^Non-2xx responses:/ { print $3 }' "$T/ab.out")" "" "$what: no response other than 2xx"
	[ "$rc" = 0 ] || diag "$(cat "$T/ab.out")"
	diag "$what: $(grep -E '^(Requests per second|Time per request|Transfer rate|Time taken)' "$T/ab.out")"
	# A clean stop: SIGQUIT is nginx's graceful shutdown; the master
	# waits for its workers and removes its pid file.
	kill -QUIT "$(cat "$T/nginx.pid")" 2>/dev/null
	st=0; bg_wait $NGINX || st=$?
	is "$st" 0 "$what: nginx ended cleanly on SIGQUIT"
	check "$what: nginx logged no error" test ! -s "$log"
	[ -s "$log" ] && diag "$(head -5 "$log")"
}
up() { "${ON_ARPA[@]}" ab -q -n 1 http://$HOST:8080/ 2>/dev/null | grep -q '^Complete requests: *1$'; }
run_nginx default "$T/nginx.conf"
# The same with only tcp_nopush off (no TCP_CORK, see known-gaps): the
# rest of the path, sendfile and keep-alive included.
sed 's/tcp_nopush on;/tcp_nopush off;/' "$T/nginx.conf" >"$T/nginx-nopush.conf"
run_nginx "tcp_nopush off" "$T/nginx-nopush.conf"
done_testing
