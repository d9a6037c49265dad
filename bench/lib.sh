# Helpers the bench scripts share; sourced (`. "$ROOT/bench/lib.sh"`), not run.
# Needs bash and sqlite3.

# bench_demo_db OVERSTAP REFERENCE PEOPLE PLACES SEED DATE LOG [any]
#   The demo database of those sizes, made once under ${TMPDIR:-/tmp} and reused:
#   ${TMPDIR:-/tmp}/overstap-match-demo-<people>x<places>-seed<seed>-<date>-<key>/overstap.db,
#   <key> the first 10 hex digits of OVERSTAP's sha1 (a rebuilt binary makes new data, about two
#   minutes at 1M people). With `any` a complete database of those sizes, seed and date made by
#   another binary is reused too (the newest), for benchmarks that only read the data; one is made
#   only when there is none. On reuse OVERSTAP migrates it (cheap when there is nothing to do).
#   The demo's and migrate's output go to LOG. Sets BENCH_DEMO_DB (the file) and BENCH_DEMO_NOTE
#   (one line: reused, or made in N s; after a failure: what failed) and returns 1 on failure.
bench_demo_db() {
  local overstap=$1 reference=$2 people=$3 places=$4 seed=$5 date=$6 log=$7 any=${8:-}
  local prefix="${TMPDIR:-/tmp}/overstap-match-demo-${people}x${places}"
  local key cache db old t0
  key=$(sha1sum "$overstap" | cut -c1-10)
  cache="$prefix-seed$seed-$date-$key"
  BENCH_DEMO_DB="" BENCH_DEMO_NOTE=""
  _bench_demo_ok() {  # DIR: complete and holding the requested counts
    [ -f "$1/complete" ] \
      && [ "$(sqlite3 -batch -noheader "$1/overstap.db" 'SELECT count(*) FROM deelnemers' 2>/dev/null)" = "$people" ] \
      && [ "$(sqlite3 -batch -noheader "$1/overstap.db" 'SELECT count(*) FROM plekken' 2>/dev/null)" = "$places" ]
  }
  if ! _bench_demo_ok "$cache" && [ "$any" = any ]; then
    for old in $(ls -dt "$prefix-seed$seed-$date"-* 2>/dev/null); do
      if _bench_demo_ok "$old"; then cache=$old; break; fi
    done
  fi
  db="$cache/overstap.db"
  if _bench_demo_ok "$cache"; then
    "$overstap" --db "$db" --reference "$reference" migrate > "$log" 2>&1 \
      || { BENCH_DEMO_NOTE="overstap migrate of $db FAILED (see $log)"; return 1; }
    BENCH_DEMO_DB=$db
    BENCH_DEMO_NOTE="reusing $cache (delete it to make it anew)"
    return 0
  fi
  for old in "$prefix"-*; do [ -d "$old" ] && rm -rf "$old"; done  # older generators' data
  mkdir -p "$cache"
  t0=$EPOCHREALTIME
  { "$overstap" --db "$db" --reference "$reference" migrate \
      && "$overstap" --db "$db" --reference "$reference" demo --people "$people" --places "$places" \
           --seed "$seed" --date "$date"; } > "$log" 2>&1 \
    || { rm -rf "$cache"; BENCH_DEMO_NOTE="overstap demo FAILED (see $log)"; return 1; }
  sqlite3 -batch -noheader "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  touch "$cache/complete"
  _bench_demo_ok "$cache" || { rm -rf "$cache"; BENCH_DEMO_NOTE="the new database does not hold $people people and $places places"; return 1; }
  BENCH_DEMO_DB=$db
  BENCH_DEMO_NOTE="made $cache in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"
}

# ---- figures ---------------------------------------------------------------------------------
# Thousands separators: 1234567 -> 1,234,567 (integers; decimals are kept).
commas() { sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[^0-9]\)/\1,\2\3/;ta' <<<"$1"; }
verdict() { if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi; }
# fcmp A OP B: floating-point comparison through awk.
fcmp() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
  r = (op == ">=") ? a >= b : (op == "<=") ? a <= b : (op == "<") ? a < b : a > b; exit !r }'; }
# median X...: the median of numbers (the mean of the middle two for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END {
  if (NR == 0) exit 1; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# wrk_report FILE -> "req/s p99_ms non2xx timeouts requests" from `wrk --latency` output.
wrk_report() {
  awk '
    / requests in / { n = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99% / { p = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i == "timeout") to = $(i + 1) }
    END {
      ms = p + 0
      if (p ~ /us$/) ms = p / 1000; else if (p ~ /ms$/) ms = p + 0
      else if (p ~ /m$/) ms = p * 60000; else if (p ~ /s$/) ms = p * 1000
      printf "%.0f %.2f %d %d %d\n", rps, ms, bad + 0, to + 0, n + 0
    }' "$1"
}

# ---- a server on loopback ----------------------------------------------------------------------
# bench_start_server LOG TIMEOUT_S OVERSTAP GLOBAL_ARGS... -- SERVE_ARGS...
#   Starts `OVERSTAP GLOBAL_ARGS serve --listen 127.0.0.1:0 SERVE_ARGS` in the background, waits
#   until it answers /api/v1/openapi.json (at most TIMEOUT_S) and sets SERVER_PID and SERVER_URL
#   (http://127.0.0.1:PORT). Returns 1 (the log printed) when it did not come up.
bench_start_server() {
  local log=$1 timeout_s=$2 bin=$3 global=() i
  shift 3
  while [ $# -gt 0 ] && [ "$1" != -- ]; do global+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  "$bin" "${global[@]}" serve --listen 127.0.0.1:0 "$@" > "$log" 2>&1 &
  SERVER_PID=$! SERVER_URL=""
  for ((i = 0; i < timeout_s * 10; i++)); do
    SERVER_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)
    [ -n "$SERVER_URL" ] && curl -fs -o /dev/null "$SERVER_URL/api/v1/openapi.json" && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    SERVER_URL=""
    sleep 0.1
  done
  cat "$log" >&2
  bench_stop_server
  return 1
}
# bench_stop_server: SIGTERM to SERVER_PID, SIGKILL after 10 s; waits for it.
bench_stop_server() {
  [ -n "${SERVER_PID:-}" ] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
# server_ticks: user + system CPU time SERVER_PID has used so far, in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# cpu_per_request TICKS_BEFORE TICKS_AFTER REQUESTS -> microseconds of server CPU per request
cpu_per_request() { awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" \
  'BEGIN { x = 0; if (n > 0) x = (b - a) / hz * 1e6 / n; printf "%.0f", x }'; }
