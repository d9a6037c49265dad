#!/usr/bin/env bash
# API requests through the shipped nginx configuration (deploy/nginx/overstap.conf) with TLS:
# a throwaway CA and certificate for localhost, the config rendered with test ports, paths and
# upstream, nginx and overstap on free loopback ports, then one check per property of the
# deployment. Stops at the first failure (KEEP_GOING=1 runs every check), printing the logs.
#
#   nginx_proxy_test.sh OVERSTAP_BINARY SOURCE_DIR
#
# Needs nginx (Debian's nginx-light), openssl, curl and python3; `./x setup` installs them.
# Everything it starts listens on 127.0.0.1 only and is stopped when it exits.

# The checks' conditions are strings for eval, expanded when checked.
# shellcheck disable=SC2016
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 OVERSTAP_BINARY SOURCE_DIR" >&2
  exit 2
fi
BIN=$(realpath "$1")
SRC=$(realpath "$2")
CONF="$SRC/deploy/nginx/overstap.conf"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$NGINX" openssl curl python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is not installed (./x setup installs the test packages)" >&2
    exit 1
  fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/overstap-nginx.XXXXXX")
APP_PID=""
NGINX_PID=""

# Stops a process this script started: TERM, up to 5 s, then KILL (nginx's workers too).
stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  local children
  children=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    for c in $children; do kill -KILL "$c" 2>/dev/null || true; done
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop "$NGINX_PID"
  stop "$APP_PID"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FAILED=0
show_logs() {
  local f
  for f in "$TMP/log/error.log" "$TMP/log/overstap.error.log" "$TMP/log/nginx.out" \
    "$TMP/server.log"; do
    [ -s "$f" ] || continue
    echo "----- ${f#"$TMP"/} (last 40 lines)"
    tail -n 40 "$f"
  done
}
pass() { echo "ok    $1"; }
fail() {
  echo "FAIL  $1"
  [ $# -gt 1 ] && echo "      $2"
  FAILED=1
  if [ "${KEEP_GOING:-0}" != 1 ]; then
    show_logs
    exit 1
  fi
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what" "${DETAIL:-}"; fi
  DETAIL=""
}

# Three distinct free loopback ports: the app, nginx's HTTP and nginx's HTTPS port.
read -r APP HTTP TLS < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

mkdir -p "$TMP/tls" "$TMP/log" "$TMP/temp" "$TMP/acme"
echo "ports: overstap $APP, nginx http $HTTP, https $TLS; work dir $TMP"

# --- A throwaway CA and a server certificate for localhost and 127.0.0.1 (ECDSA P-256).
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=Overstap test CA" -keyout "$TMP/tls/ca.key" -out "$TMP/tls/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>"$TMP/log/openssl.log"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$TMP/tls/privkey.pem" -out "$TMP/tls/server.csr" 2>>"$TMP/log/openssl.log"
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$TMP/tls/server.ext"
openssl x509 -req -in "$TMP/tls/server.csr" -CA "$TMP/tls/ca.crt" -CAkey "$TMP/tls/ca.key" \
  -CAcreateserial -days 2 -extfile "$TMP/tls/server.ext" -out "$TMP/tls/fullchain.pem" \
  2>>"$TMP/log/openssl.log"
pass "throwaway CA and certificate for localhost/127.0.0.1"

# --- The shipped config with the site-specific values replaced, nothing else changed.
sed -e "s#server 127\.0\.0\.1:8080;#server 127.0.0.1:$APP;#" \
  -e "s#listen 443 #listen 127.0.0.1:$TLS #" \
  -e "s#listen 80\([ ;]\)#listen 127.0.0.1:$HTTP\1#" \
  -e '/listen \[::\]:/d' \
  -e "s#server_name overstap\.example\.nl;#server_name localhost;#" \
  -e "s#https://overstap\.example\.nl#https://localhost:$TLS#" \
  -e "s#/etc/ssl/overstap/#$TMP/tls/#" \
  -e "s#/var/log/nginx/#$TMP/log/#" \
  -e "s#/var/www/acme#$TMP/acme#" \
  "$CONF" >"$TMP/overstap.conf"
leftover=$(grep -nE '8080|overstap\.example\.nl|/etc/ssl|/var/(log|www)|listen (80|443)|\[::\]' \
  "$TMP/overstap.conf" | grep -v '^[0-9]*:[[:space:]]*#' || true)
DETAIL="not substituted (the test's sed no longer matches the shipped file): $leftover"
check "deploy/nginx/overstap.conf rendered for the test (ports, certificate, upstream, logs)" \
  test -z "$leftover"
changed=$(diff "$CONF" "$TMP/overstap.conf" | grep -c '^>' || true)
echo "      $changed lines changed, the rest as shipped"

# The main config: what Debian's /etc/nginx/nginx.conf sets in the http context (including its
# permissive ssl_protocols, which the shipped server blocks must override), temp files and logs
# in the work dir, and the rendered site included as Debian includes sites-enabled/*.
{
  [ "$(id -u)" -eq 0 ] && echo "user root;"  # workers write under $TMP (mode 0700)
  echo "worker_processes 1;"
  echo "error_log $TMP/log/error.log warn;"
  echo "events { worker_connections 256; }"
  echo "http {"
  echo "  sendfile on; tcp_nopush on; types_hash_max_size 2048;"
  echo "  include /etc/nginx/mime.types; default_type application/octet-stream;"
  echo "  ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_prefer_server_ciphers on;"
  echo "  access_log $TMP/log/access.log; gzip on;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $TMP/temp/$t;"; done
  echo "  include $TMP/overstap.conf;"
  echo "}"
} >"$TMP/nginx.conf"
NGINX_ARGS=(-e "$TMP/log/error.log" -p "$TMP/" -c "$TMP/nginx.conf")
DETAIL=$("$NGINX" "${NGINX_ARGS[@]}" -g "pid $TMP/nginx.pid;" -t 2>&1 | tail -n 5 || true)
check "nginx -t accepts the configuration" \
  "$NGINX" "${NGINX_ARGS[@]}" -g "pid $TMP/nginx.pid;" -t -q

# --- The database: schema and reference data.
"$BIN" --db "$TMP/db/overstap.db" --reference "$SRC/data/reference" migrate \
  >"$TMP/migrate.log" 2>&1 || { cat "$TMP/migrate.log"; fail "overstap migrate"; }
pass "database migrated with the reference data"

# wait_port PORT PID NAME: until PORT accepts connections (at most 60 s) while PID lives.
wait_port() {
  local port=$1 pid=$2 name=$3
  for _ in $(seq 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "$name started" "it exited"
      return 1
    fi
    if python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5)' \
      "$port" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  fail "$name started" "port $port not open after 60 s"
}

# --- nginx first: while the server is not running yet it answers 503.
"$NGINX" "${NGINX_ARGS[@]}" -g "daemon off; pid $TMP/nginx.pid;" >"$TMP/log/nginx.out" 2>&1 &
NGINX_PID=$!
wait_port "$TLS" "$NGINX_PID" nginx && wait_port "$HTTP" "$NGINX_PID" nginx && pass "nginx started"

BASE="https://localhost:$TLS"
CURL=(curl -sS --max-time 10 --connect-timeout 5 --cacert "$TMP/tls/ca.crt"
  --resolve "localhost:$TLS:127.0.0.1" --resolve "localhost:$HTTP:127.0.0.1")
# req ARGS...: one request; headers in $TMP/h, body in $TMP/b, status in $CODE (000: none).
req() {
  : >"$TMP/h"
  : >"$TMP/b"
  CODE=$("${CURL[@]}" -D "$TMP/h" -o "$TMP/b" -w '%{http_code}' "$@" 2>"$TMP/curl.err") || true
  CODE=${CODE:-000}
}
# header NAME: the value of response header NAME in $TMP/h (last one), without CR.
header() {
  { grep -i "^$1:" "$TMP/h" || true; } | tail -n 1 | sed -e 's/^[^:]*:[[:space:]]*//' -e 's/\r$//'
}
is_json() { python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/b" 2>/dev/null; }
got() { echo "status $CODE, Content-Type $(header Content-Type), body $(head -c 300 "$TMP/b")"; }
status_is() { [ "$CODE" = "$1" ]; }
problem_json() { [ "$(header Content-Type)" = application/problem+json ] && is_json; }

req "$BASE/api/v1/regios"
DETAIL=$(got)
check "server down: GET /api/v1/regios → 503 problem+json from nginx" \
  eval 'status_is 503 && problem_json && [ "$(header Retry-After)" = 10 ]'

# --- TLS: only 1.2 and 1.3, only "Goed" ciphers (the status does not matter here: 503).
tls_ok() { "${CURL[@]}" -o /dev/null "$@" "$BASE/" 2>"$TMP/curl.err"; }
tls_refused() { ! tls_ok "$@"; }
check "TLS 1.3 handshake" tls_ok --tlsv1.3
check "TLS 1.2 with ECDHE-ECDSA-AES256-GCM-SHA384" \
  tls_ok --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-ECDSA-AES256-GCM-SHA384
check "TLS 1.2 with ECDHE-ECDSA-CHACHA20-POLY1305" \
  tls_ok --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-ECDSA-CHACHA20-POLY1305
check "TLS 1.2 with a CBC cipher (ECDHE-ECDSA-AES256-SHA384) refused" \
  tls_refused --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-ECDSA-AES256-SHA384
check "TLS 1.2 with a CBC cipher (ECDHE-ECDSA-AES128-SHA) refused" \
  tls_refused --tlsv1.2 --tls-max 1.2 --ciphers ECDHE-ECDSA-AES128-SHA
check "TLS 1.3 with TLS_AES_128_CCM_SHA256 (only \"Voldoende\") refused" \
  tls_refused --tlsv1.3 --tls13-ciphers TLS_AES_128_CCM_SHA256
# The client at security level 0 so that it offers TLS 1.0/1.1 at all: the server must refuse.
check "TLS 1.1 and older refused (curl --tls-max 1.1)" \
  tls_refused --tlsv1.0 --tls-max 1.1 --ciphers 'DEFAULT:@SECLEVEL=0'
check "no server name (https://127.0.0.1): handshake rejected, no certificate shown" \
  eval '! "${CURL[@]}" -o /dev/null "https://127.0.0.1:$TLS/" 2>"$TMP/curl.err"'

# --- The server.
"$BIN" --db "$TMP/db/overstap.db" --reference "$SRC/data/reference" serve \
  --listen "127.0.0.1:$APP" --public-url "$BASE" --no-sweep --threads 2 \
  >"$TMP/server.log" 2>&1 &
APP_PID=$!
wait_port "$APP" "$APP_PID" overstap && pass "overstap serve started"

req "$BASE/api/v1/regios"
DETAIL=$(got)
check "GET /api/v1/regios through nginx → 200 JSON" \
  eval 'status_is 200 && [[ "$(header Content-Type)" == application/json* ]] && is_json'
DETAIL="HTTP version $("${CURL[@]}" -o /dev/null -w '%{http_version}' "$BASE/api/v1/regios" || true)"
check "HTTP/2 to clients (ALPN)" \
  eval '[ "$("${CURL[@]}" -o /dev/null -w "%{http_version}" "$BASE/api/v1/regios")" = 2 ]'
req "$BASE/api/v1/regios"
DETAIL="Strict-Transport-Security: $(header Strict-Transport-Security)"
check "Strict-Transport-Security: max-age=31536000; includeSubDomains" \
  eval '[ "$(header Strict-Transport-Security)" = "max-age=31536000; includeSubDomains" ]'
DETAIL="$(grep -ci '^strict-transport-security:' "$TMP/h") Strict-Transport-Security headers"
check "exactly one Strict-Transport-Security header" \
  eval '[ "$(grep -ci "^strict-transport-security:" "$TMP/h")" = 1 ]'
DETAIL="Server: $(header Server)"
check "no version in Server (server_tokens off)" eval '[ "$(header Server)" = nginx ]'
DETAIL="X-Content-Type-Options: $(header X-Content-Type-Options)"
check "X-Content-Type-Options: nosniff through the proxy" \
  eval '[ "$(header X-Content-Type-Options)" = nosniff ]'

python3 -c '
import sys
n = 1024 * 1024 + 1
head, tail = "{\"naam\":\"", "\"}"
sys.stdout.write(head + "a" * (n - len(head) - len(tail)) + tail)' >"$TMP/big.json"
for v in --http1.1 --http2; do
  req -X POST "$v" -H "Content-Type: application/json" -H "Origin: $BASE" \
    --data-binary @"$TMP/big.json" "$BASE/api/v1/organisaties"
  DETAIL=$(got)
  check "a body of 1 MiB + 1 byte ($v) → 413 problem+json" eval 'status_is 413 && problem_json'
done
python3 -c 'import sys; sys.stdout.write("{\"naam\":\"" + "a" * 1000000 + "\"}")' >"$TMP/near.json"
req -X POST -H "Content-Type: application/json" -H "Origin: $BASE" \
  --data-binary @"$TMP/near.json" "$BASE/api/v1/organisaties"
DETAIL=$(got)
check "a body just under 1 MiB passes nginx (answered by overstap: 4xx, not 413)" \
  eval '[[ "$CODE" == 4?? ]] && [ "$CODE" != 413 ] && problem_json'

ORG='{"naam":"Praktijkschool Test","soort":"praktijkonderwijs","gemeente":"GM0363"}'
req -X POST -H "Content-Type: application/json" -H "Origin: $BASE" --data "$ORG" \
  "$BASE/api/v1/organisaties"
DETAIL=$(got)
check "POST /api/v1/organisaties with Origin $BASE → 201" \
  eval 'status_is 201 && is_json'

req --http1.1 "http://localhost:$HTTP/api/v1/regios?pagina=2"
DETAIL="$(got), Location $(header Location)"
check "HTTP → 301 to https://localhost:$TLS/api/v1/regios?pagina=2" \
  eval 'status_is 301 && [ "$(header Location)" = "$BASE/api/v1/regios?pagina=2" ]'
req --http1.1 -H "Host: evil.example" "$BASE/api/v1/regios"
DETAIL=$(got)
check "through nginx, Host: evil.example → no answer from the API (catch-all server)" \
  eval '[ "$CODE" = 000 ] || [ "$CODE" -ge 400 ]'

# The access log holds no query string and no full client address.
req "$BASE/api/v1/vaardigheden?zoek=privacytoets"
line=$(grep -F '/api/v1/vaardigheden' "$TMP/log/overstap.access.log" | tail -n 1 || true)
DETAIL="access log line: $line"
check "access log: the request logged without its query string or full client address" \
  eval '[ -n "$line" ] && ! grep -qE "privacytoets|127\.0\.0\.1" "$TMP/log/overstap.access.log"'
echo "      $line"

# --- What the server itself must do behind the proxy (issue 20, point 3).
req "$BASE/api/v1/regios"
DETAIL="Content-Security-Policy: $(header Content-Security-Policy)"
check "Content-Security-Policy through the proxy" \
  eval '[ -n "$(header Content-Security-Policy)" ]'
DETAIL="Referrer-Policy: $(header Referrer-Policy)"
check "Referrer-Policy: no-referrer through the proxy" \
  eval '[ "$(header Referrer-Policy)" = no-referrer ]'
req -X POST -H "Content-Type: application/json" -H "Origin: https://evil.example" \
  --data "$ORG" "$BASE/api/v1/organisaties"
DETAIL=$(got)
check "POST /api/v1/organisaties with Origin https://evil.example → 403 problem+json" \
  eval 'status_is 403 && problem_json'
req -H "Host: evil.example" "http://127.0.0.1:$APP/api/v1/regios"
DETAIL=$(got)
check "straight to the server, Host: evil.example → 421" status_is 421

if [ "$FAILED" = 1 ]; then
  show_logs
  exit 1
fi
echo "all checks passed"
