#!/usr/bin/env bash
# Benchmark `exchange`: calls through the mediator (/x/{provider}/{service}: system token, agreement, zone, rate,
# forwarding with java.net.http, JSON filtered to the agreed fields, message log in group commits) against the same
# calls straight to the provider, in one run, with wrk at 50 connections (issue 14, "Measured"). The provider is the
# sandbox personnel records system (sandbox/personnel-system, the JDK's HTTP server on virtual threads, started with
# --require-mediator=false so the direct row needs no mediator headers) answering 20 people with seven fields; the
# agreement passes two. The platform runs from the jar on the embedded PostgreSQL with demo data, on a scratch data dir.
# Run with: ./truongson bench exchange
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init exchange "$@"
PERSONNEL_JAR="$BENCH_ROOT/sandbox/personnel-system/target/truongson-sandbox-personnel.jar"
[ -f "$PERSONNEL_JAR" ] || bench_die "$PERSONNEL_JAR is missing (./truongson build)"
for t in wrk; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNS="${BENCH_CONNECTIONS:-50}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
bench_embedded_env

rm -f "$WORK/provider.port"
"$JAVA_HOME/bin/java" -Xmx128m -jar "$PERSONNEL_JAR" --port=0 --port-file="$WORK/provider.port" --require-mediator=false --quiet=true \
  >"$WORK/provider.log" 2>&1 &
PEER_PID=$!
BENCH_PIDS+=("$PEER_PID")
for _ in $(seq 1 100); do [ -s "$WORK/provider.port" ] && break; sleep 0.2; done
[ -s "$WORK/provider.port" ] || bench_die "the sandbox personnel system did not start (see $WORK/provider.log)"
PEER_PORT="$(tr -d '[:space:]' <"$WORK/provider.port")"
PEER="http://127.0.0.1:$PEER_PORT/personnel"
bench_log "starting the platform on port $PORT (data: ${DATA#"$BENCH_ROOT"/}); provider on $PEER_PORT"
# The demo's own exchange with the sandbox (QLQN-SANDBOX, agreement for QLVB-QK1) is checked once before the load.
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}" -- --truongson.exchange.personnel-url="$PEER"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 600)" || bench_die "the platform did not start: $(platform_exit_status)"
PGPORT="$(embedded_pg_port "$DATA")"
psql_embedded() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atc "$1" 2>/dev/null; }
PG_VERSION="$(psql_embedded 'show server_version' || echo '?')"
bench_log "ready after $READY_MS ms"

token_of() {
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"TruongSon@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}
api() { # api USER METHOD PATH [BODY]
  curl -s -X "$2" "$BASE$3" -H "Authorization: Bearer $(token_of "$1")" -H 'Content-Type: application/json' ${4:+-d "$4"}
}
BTL86="$(psql_embedded "select id from org_unit where code = 'BTL86'")"
QK1="$(psql_embedded "select id from org_unit where code = 'QK1'")"
api hethong.btl86 POST /api/v1/exchange/systems "{\"code\":\"QLQN-BENCH\",\"name\":\"Quản lý quân nhân (bench)\",\"ownerUnitId\":\"$BTL86\",\"purpose\":\"bench\",\"securityLevel\":3,\"zones\":[\"military-network\"],\"endpointBaseUrl\":\"$PEER\"}" >/dev/null
api hethong.btl86 POST /api/v1/exchange/systems/QLQN-BENCH/services '{"code":"people","name":"Danh sách","path":"/people","fields":[{"name":"id","classification":"PUBLIC"},{"name":"fullName","classification":"PERSONAL"},{"name":"rank","classification":"INTERNAL"},{"name":"idNumber","classification":"PERSONAL"},{"name":"unit","classification":"INTERNAL"},{"name":"birthYear","classification":"PERSONAL"},{"name":"enlistedOn","classification":"PERSONAL"}]}' >/dev/null
api hethong.qk1 POST /api/v1/exchange/systems "{\"code\":\"APP-BENCH\",\"name\":\"Khai thác (bench)\",\"ownerUnitId\":\"$QK1\",\"purpose\":\"bench\",\"securityLevel\":2,\"zones\":[\"military-network\"]}" >/dev/null
CRED="$(api hethong.qk1 POST /api/v1/exchange/systems/APP-BENCH/credentials)"
CLIENT="$(sed -n 's/.*"clientId":"\([^"]*\)".*/\1/p' <<<"$CRED")"
SECRET="$(sed -n 's/.*"clientSecret":"\([^"]*\)".*/\1/p' <<<"$CRED")"
UNTIL="$(date -d '+30 days' +%F)"
AID="$(api hethong.qk1 POST /api/v1/exchange/agreements "{\"consumer\":\"APP-BENCH\",\"provider\":\"QLQN-BENCH\",\"service\":\"people\",\"purpose\":\"bench\",\"legalBasis\":\"bench\",\"fields\":[\"id\",\"fullName\"],\"validUntil\":\"$UNTIL\"}" | sed -n 's/.*"id":"\([0-9]*\)".*/\1/p')"
api pheduyet.btl86 POST "/api/v1/exchange/agreements/$AID/approve" '{"ratePerMinute":100000}' >/dev/null
TOKEN="$(curl -s -u "$CLIENT:$SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
[ -n "$TOKEN" ] || bench_die "no system token (client $CLIENT, agreement $AID)"
check="$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/x/QLQN-BENCH/people?limit=20")"
grep -q '"fullName"' <<<"$check" && ! grep -q idNumber <<<"$check" || bench_die "the mediated answer is not the filtered list: $check"

DEMO_TOKEN="$(curl -s -u qlvb-qk1.demo:TruongSon-demo-QLVB-QK1-2026 -d grant_type=client_credentials "$BASE/oauth2/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
demo_check="$(curl -s -H "Authorization: Bearer $DEMO_TOKEN" "$BASE/x/QLQN-SANDBOX/people?limit=2")"
grep -q '"rank"' <<<"$demo_check" && ! grep -q idNumber <<<"$demo_check" || bench_die "the demo's QLQN-SANDBOX exchange failed: $demo_check"
bench_header "mediated calls (/x/…) against the same calls straight to the provider" "embedded $PG_VERSION (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`"
out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\` (ready $READY_MS ms after launch)"
out "- Provider: \`java -jar sandbox/personnel-system/target/truongson-sandbox-personnel.jar --require-mediator=false\` (the JDK's HttpServer, virtual threads), 20 people × 7 fields, $(printf '%s' "$(curl -s "$PEER/people?limit=20")" | wc -c) bytes"
out "- Agreement $AID: APP-BENCH → QLQN-BENCH/people, fields id and fullName, 100000 calls a minute"
out "- Mediated: \`GET $BASE/x/QLQN-BENCH/people?limit=20\` with the system's bearer token; direct: \`GET $PEER/people?limit=20\`"
out "- Two rows to place the cost: static — \`GET $BASE/favicon.ico\` (the platform's filters and a static file, no database);"
out "  refused — the mediated URL with a made-up token (401: version read, token lookup, log row; no forwarding)"
out "- The demo's exchange with the sandbox checked first: QLVB-QK1's documented credentials read \`/x/QLQN-SANDBOX/people\` with its four agreed fields"
out "- wrk: \`wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency\`, a $WARMUP warm-up of each first"
out ""
declare -A R
for key in direct static refused mediated; do
  url="$PEER/people?limit=20"; auth=""
  [ "$key" = static ] && url="$BASE/favicon.ico"
  [ "$key" = refused ] && { url="$BASE/x/QLQN-BENCH/people?limit=20"; auth="made-up-token"; }
  [ "$key" = mediated ] && { url="$BASE/x/QLQN-BENCH/people?limit=20"; auth="$TOKEN"; }
  bench_log "$key: warm-up $WARMUP"
  run_wrk "warmup-$key" "$CONNS" "$WARMUP" "$url" GET "" "$auth"
  bench_log "$key: $DURATION at $CONNS connections"
  run_wrk "$key" "$CONNS" "$DURATION" "$url" GET "" "$auth"
  R[$key]="$WRK_RPS|$WRK_P50|$WRK_P90|$WRK_P99|$WRK_MAX|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
done
LOGGED="$(psql_embedded "select count(*) from exchange_log where consumer = 'APP-BENCH'" || echo '?')"
INSIDE="$(psql_embedded "select round(percentile_cont(0.5) within group (order by latency_ms)::numeric, 1) || ' / ' || round(percentile_cont(0.99) within group (order by latency_ms)::numeric, 1) from exchange_log where consumer = 'APP-BENCH' and status = 200" || echo '?')"
SEALED="$(psql_embedded "select count(*) from exchange_log where consumer = 'APP-BENCH' and seal_id is not null" || echo '?')"
out "## Results"
out ""
out "| Path | Requests | Throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | HTTP statuses | Socket errors |"
out "|---|---:|---:|---:|---:|---:|---:|---|---|"
for key in direct static refused mediated; do
  IFS='|' read -r rps p50 p90 p99 max n st err <<<"${R[$key]}"
  out "| $key | $n | $rps | $p50 | $p90 | $p99 | $max | $st | $err |"
done
out ""
IFS='|' read -r _ _ _ d99 _ <<<"${R[direct]}"
IFS='|' read -r _ _ _ m99 _ <<<"${R[mediated]}"
out "Added p99 (mediated − direct): $(awk -v a="$m99" -v b="$d99" 'BEGIN { printf "%.1f", a - b }') ms. Log rows of APP-BENCH after the runs: $LOGGED ($SEALED sealed). Inside the mediator (\`latency_ms\` of its log rows, from the controller's start to the row's commit), p50 / p99: $INSIDE ms."
out ""
out "Audit chain after the load: $(audit_verify "jdbc:postgresql://127.0.0.1:$PGPORT/postgres?user=postgres" "$WORK/audit-verify.txt")"
out ""
stop_platform "$PLATFORM_PID"
kill "$PEER_PID" 2>/dev/null || true
out_platform_behaviour "$WORK/platform.log"
out ""
out "## How to read this"
out ""
out "- Each mediated call reads the catalogue's version (one primary-key read; token, agreement and systems come from"
out "  the node's cache while it stands), takes a call of the agreement's rate (counted in PostgreSQL in chunks of"
out "  rate/200), forwards over HTTP, parses and filters the JSON, and writes its exchange_log row in a group commit"
out "  (calls arriving together share one transaction) before answering; the direct row is the provider alone, on the same cores."
out "- The issue's aim: ≥ 300 mediated calls/s on 2 cores and an added p99 ≤ 10 ms."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
