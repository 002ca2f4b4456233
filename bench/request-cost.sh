#!/usr/bin/env bash
# Benchmark `request-cost`: the fixed cost of an authenticated API request (issue 20, findings 3 and 4).
# GET /api/v1/me and a list (GET /api/v1/units?parentId=<BTL86>) against GET /actuator/health/liveness, with the
# token → actor cache on (the default) and then off (truongson.access.actor-cache-ttl=0), each against its own
# liveness baseline in the same run. For each endpoint: wrk's throughput and latencies, pool checkouts per request
# (Hikari's hikaricp_connections_usage_seconds_count from /actuator/prometheus) and database transactions per request
# (pg_stat_database.xact_commit of the scratch database; every autocommit statement is one), less what the idle
# platform commits in the same time (its scheduler). Run with: ./truongson bench request-cost
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init request-cost "$@"
for t in wrk psql curl; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNS="${BENCH_CONNECTIONS:-16}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_cost
WORK="$BENCH_WORK/request-cost"
DATA="$BENCH_WORK/request-cost-data"
mkdir -p "$WORK"
rm -rf "$DATA"

scratch_database
platform_env_on_scratch_database

commits() { sqlq -c "select xact_commit from pg_stat_database where datname = '$DB'"; }
checkouts() {
  curl -s "$BASE/actuator/prometheus" | awk '/^hikaricp_connections_usage_seconds_count\{.*pool="truongson"/ { print $2; f=1 } END { if (!f) print "nan" }'
}
token_of() {
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"TruongSon@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}

declare -A R
# measure MODE KEY URL [AUTH]: a warm-up, then the measured run with the counters read around it.
measure() {
  local mode="$1" key="$2" url="$3" auth="${4:-}" c0 k0 c1 k1 idle
  run_wrk "$mode-$key-warmup" 4 "$WARMUP" "$url" GET "" "$auth" >/dev/null
  sleep 1
  c0="$(commits)"; k0="$(checkouts)"
  run_wrk "$mode-$key" "$CONNS" "$DURATION" "$url" GET "" "$auth"
  [[ "$WRK_STATUSES" =~ ^200:[0-9]+$ ]] || bench_die "$mode $key answered $WRK_STATUSES (only 200 measures anything)"
  sleep 1
  c1="$(commits)"; k1="$(checkouts)"
  idle="$(awk -v r="$IDLE_RATE" -v d="${DURATION%s}" 'BEGIN { printf "%.0f", r * (d + 1) }')"
  R[$mode-$key]="$WRK_RPS|$WRK_P50|$WRK_P99|$WRK_REQUESTS|$WRK_STATUSES|$(awk -v a="$c0" -v b="$c1" -v i="$idle" -v n="$WRK_REQUESTS" 'BEGIN { printf "%.2f", (b - a - i) / n }')|$(awk -v a="$k0" -v b="$k1" -v n="$WRK_REQUESTS" 'BEGIN { if (a == "nan") print "?"; else printf "%.2f", (b - a) / n }')"
}

run_mode() { # run_mode MODE [app args…]
  local mode="$1"; shift
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  bench_log "[$mode] starting the platform on port $PORT against $DB $*"
  start_platform "$WORK/platform-$mode.log" "$PORT" "${JVM_OPTS[@]}" -- "$@"
  READY_MS="$(wait_ready "$PORT" "$WORK/platform-$mode.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"
  bench_log "[$mode] ready after $READY_MS ms"
  READY[$mode]="$READY_MS"
  local token btl86 me
  token="$(token_of dieuphoi.btl86)"
  [ -n "$token" ] || bench_die "could not sign in dieuphoi.btl86"
  btl86="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
  me="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/me" -H "Authorization: Bearer $token")"
  [ "$me" = 200 ] || bench_die "/api/v1/me answered $me"
  # What the idle platform commits per second (scheduler, sealer): subtracted from the per-request figures.
  local i0 i1
  sleep 2; i0="$(commits)"; sleep 10; i1="$(commits)"
  IDLE_RATE="$(awk -v a="$i0" -v b="$i1" 'BEGIN { printf "%.2f", (b - a) / 10 }')"
  IDLE[$mode]="$IDLE_RATE"
  measure "$mode" liveness "$BASE/actuator/health/liveness"
  measure "$mode" me "$BASE/api/v1/me" "$token"
  measure "$mode" units "$BASE/api/v1/units?parentId=$btl86" "$token"
  UNITS_URL="/api/v1/units?parentId=$btl86"
  stop_platform "$PLATFORM_PID"
}

declare -A READY IDLE
bench_header "fixed cost of an authenticated request: /me and a list against liveness, actor cache on and off" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"
run_mode cache-on
run_mode cache-off --truongson.access.actor-cache-ttl=0

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=<port> [--truongson.access.actor-cache-ttl=0]\`"
out "  (default JIT; ready after ${READY[cache-on]} ms with the cache, ${READY[cache-off]} ms without)"
out "- Account \`dieuphoi.btl86\` (PROGRAMME_COORDINATOR over the whole tree), one bearer token; the list is \`$UNITS_URL\`"
out "- wrk: \`wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report.lua\`, after a $WARMUP warm-up of the same request"
out "- Transactions per request: Δ \`pg_stat_database.xact_commit\` of \`$DB\` over the run, less the idle platform's rate"
out "  (${IDLE[cache-on]}/s and ${IDLE[cache-off]}/s, measured over 10 s before each run), divided by the requests"
out "- Checkouts per request: Δ \`hikaricp_connections_usage_seconds_count{pool=\"truongson\"}\` divided by the requests"
out ""
out "## Results"
out ""
out "| Cache | Endpoint | Requests | req/s | × liveness | p50 (ms) | p99 (ms) | statuses | transactions / request | pool checkouts / request |"
out "|---|---|---:|---:|---:|---:|---:|---|---:|---:|"
for mode in cache-on cache-off; do
  IFS='|' read -r live_rps _ <<<"${R[$mode-liveness]}"
  for key in liveness me units; do
    IFS='|' read -r rps p50 p99 n st tx co <<<"${R[$mode-$key]}"
    ratio="$(awk -v a="$rps" -v b="$live_rps" 'BEGIN { printf "%.2f", a / b }')"
    out "| $mode | $key | $n | $rps | $ratio | $p50 | $p99 | $st | $tx | $co |"
  done
done
out ""
IFS='|' read -r on_me _ <<<"${R[cache-on-me]}"; IFS='|' read -r off_me _ <<<"${R[cache-off-me]}"
IFS='|' read -r on_units _ <<<"${R[cache-on-units]}"; IFS='|' read -r off_units _ <<<"${R[cache-off-units]}"
out "With the cache, /me answers $(awk -v a="$on_me" -v b="$off_me" 'BEGIN { printf "%.2f", a / b }')× as many requests per second as without; the list $(awk -v a="$on_units" -v b="$off_units" 'BEGIN { printf "%.2f", a / b }')×."
out ""
out "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
out_platform_behaviour "$WORK/platform-cache-on.log"
bench_log "result: $BENCH_RESULT"
