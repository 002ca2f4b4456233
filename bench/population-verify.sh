#!/usr/bin/env bash
# Benchmark `population-verify`: throughput and latency of POST /api/v1/population/verify against the
# real sandbox population registry (a separate JVM with its own embedded PostgreSQL and 100,000 synthetic
# citizens), at 1 and 50 connections, 20 s each after a 5 s warm-up. Anchor (issue 5): MOSIP's published
# 50 authentications/s with every answer under 1 s. Run with: ./truongson bench population-verify
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init population-verify "$@"
command -v wrk >/dev/null || bench_die "wrk is needed (apt-get install wrk)"
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNECTIONS=(1 50)
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
bench_embedded_env population
SANDBOX_SRC="$BENCH_ROOT/sandbox/population-registry/target/truongson-sandbox-registry.jar"
[ -f "$SANDBOX_SRC" ] || bench_die "no $SANDBOX_SRC: run ./truongson bench population-verify (it builds first)"
SANDBOX_JAR="$WORK/registry-under-bench.jar"
SANDBOX_PORT="$(free_port)"
BODY='{"idNumber":"001090001234","fullName":"Nguyễn Văn An","dateOfBirth":"1990-05-14","purpose":"ADMISSIONS"}'

cp -f "$SANDBOX_SRC" "$SANDBOX_JAR"

SANDBOX_PID=""
bench_extra_cleanup() {
  [ -n "$SANDBOX_PID" ] && kill -TERM "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null
  return 0
}

bench_log "starting the sandbox registry on port $SANDBOX_PORT"
t0=$(now_ns)
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -jar "$SANDBOX_JAR" --server.port="$SANDBOX_PORT" --sandbox.data-dir="$DATA" \
  >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 300); do [ -s "$DATA/sandbox-registry.port" ] && break; kill -0 "$SANDBOX_PID" || bench_die "the sandbox exited"; sleep 0.2; done
[ -s "$DATA/sandbox-registry.port" ] || bench_die "the sandbox did not start"
SANDBOX_READY_MS=$(( ($(now_ns) - t0) / 1000000 ))
GENERATED="$(grep -o 'Generated [0-9]* synthetic citizens in [0-9]* households from seed [0-9]* in [0-9]* ms' "$WORK/sandbox.log" || echo '?')"

bench_log "starting the platform on port $PORT"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}" -- --truongson.population.registry-url="http://127.0.0.1:$SANDBOX_PORT"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"

TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"dieuphoi.btl86","password":"TruongSon@2026"}' | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')"
[ -n "$TOKEN" ] || bench_die "could not sign in dieuphoi.btl86"
check="$(curl -s -X POST "$BASE/api/v1/population/verify" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY")"
[ "$check" = '{"matched":true,"mismatches":[]}' ] || bench_die "verify answered $check"

bench_header "POST /api/v1/population/verify against the sandbox registry" "embedded (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`"
out "## Parameters"
out ""
out "- Sandbox registry: \`java -XX:TieredStopAtLevel=1 -jar sandbox/population-registry/target/truongson-sandbox-registry.jar --server.port=$SANDBOX_PORT\`"
out "  (a private copy; its own embedded PostgreSQL; ready after $SANDBOX_READY_MS ms: $GENERATED)"
out "- Platform: \`java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT --truongson.population.registry-url=http://127.0.0.1:$SANDBOX_PORT\` (ready after $READY_MS ms)"
out "- Request: \`POST $BASE/api/v1/population/verify\` with \`$BODY\`, bearer token of \`dieuphoi.btl86\`"
out "- Each request: bearer token and grants looked up, the body checked, one HMAC-signed request to the registry"
out "  (the registry checks the signature, records the nonce and the access log, and matches), one audit row appended."
out "- wrk: \`wrk -t<1|2> -c<N> -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report.lua\`, N = ${CONNECTIONS[*]}; a $WARMUP warm-up (4 connections) first"
out ""

declare -A R
bench_log "warm-up, $WARMUP"
run_wrk warmup 4 "$WARMUP" "$BASE/api/v1/population/verify" POST "$BODY" "$TOKEN"
for c in "${CONNECTIONS[@]}"; do
  bench_log "verify, $c connections, $DURATION"
  run_wrk "verify-c$c" "$c" "$DURATION" "$BASE/api/v1/population/verify" POST "$BODY" "$TOKEN"
  R[$c]="$WRK_RPS|$WRK_P50|$WRK_P90|$WRK_P99|$WRK_MAX|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
done

out "## Results"
out ""
out "| Connections | Requests | Throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | HTTP statuses | Socket errors |"
out "|---:|---:|---:|---:|---:|---:|---:|---|---|"
for c in "${CONNECTIONS[@]}"; do
  IFS='|' read -r rps p50 p90 p99 max n st err <<<"${R[$c]}"
  out "| $c | $n | $rps | $p50 | $p90 | $p99 | $max | $st | $err |"
done
out ""
IFS='|' read -r rps50 _ _ p9950 _ <<<"${R[50]}"
out "Against the anchor (50 verifications/s, every answer under 1 s) at 50 connections: $rps50 req/s, p99 $p9950 ms."
out ""
stop_platform "$PLATFORM_PID"
out "## Platform behaviour"
out ""
log_problems "$WORK/platform.log"
out "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores shared by wrk, both JVMs, both PostgreSQL servers and anything else running."
out ""
out "## How to read this"
out ""
out "- One citizen is asked for again and again; the registry holds 100,000, so the lookup is an index probe either way."
out "- Statuses other than 200 would be failures: 503 means the registry (or the circuit breaker) refused, 401 an expired token."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
