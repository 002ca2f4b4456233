#!/usr/bin/env bash
# Benchmark `dossier-submit`: POST /api/v1/dossiers (a vessel-entry dossier, BQP-BP-02, with its form checked against
# the procedure's rules) with BENCH_CONNECTIONS (100) concurrent clients, throughput and p99, against two baselines
# in the same run: the bare insert of the same rows with pgbench at the same concurrency (the database floor), and
# GET /actuator/health/liveness through the same HTTP stack (the HTTP floor).
#   - a scratch database truongson_bench_dossier on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true): the demo catalogue is published at start;
#   - the one-stop officer motcua.bdbp signs in (POST /api/v1/auth/token); the dossiers are entered with channel
#     ONLINE, as a portal hands them over (each citizen's own web session would add the OIDC sign-in, not measured);
#   - afterwards: rows written, codes unique, audit-verify over the same database.
# Run with: ./truongson bench dossier-submit
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init dossier-submit "$@"
for t in wrk psql jq pgbench; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNS="${BENCH_CONNECTIONS:-100}"
# pgbench opens one connection per client: the server's max_connections (100, shared) leaves room for the platform's
# pool size, 20, which is also how many of the platform's requests reach the database at once.
PG_CLIENTS="${BENCH_PG_CLIENTS:-20}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_dossier
WORK="$BENCH_WORK/dossier-submit"
DATA="$BENCH_WORK/dossier-submit-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
rm -f "$WORK"/wrk-*.txt

scratch_database
platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "dossier submission with $CONNS concurrent clients" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"motcua.bdbp","password":"TruongSon@2026"}' | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in motcua.bdbp"
BODY='{"procedureCode":"BQP-BP-02","channel":"ONLINE","applicant":{"idNumber":"001090001234","fullName":"Nguyễn Văn An","dateOfBirth":"1990-05-14","phone":"0912345678","email":"an@example.vn"},"formData":{"vesselName":"HAI PHONG STAR","imo":"9123456","flag":"VNM","master":"NGUYEN VAN AN","crew":"18","passengers":"0","port":"Cảng Hải Phòng","eta":"01/12/2026"}}'
SAMPLE="$(curl -s -X POST "$BASE/api/v1/dossiers" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$BODY" -w ' HTTP %{http_code}')"
[[ "$SAMPLE" == *"HTTP 201" ]] || bench_die "a first submission failed: $SAMPLE"
IFS='|' read -r PROC_ID UNIT_ID < <(sqlq -F '|' -c "select id, implementing_unit_id from publicservice_procedure where code = 'BQP-BP-02'")
sqlq -c "create sequence bench_dossier_seq"

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\`"
out "  (a private copy of the jar; default JIT; ready after $READY_MS ms; default connection pool of 20)"
out "- Officer: \`motcua.bdbp\` (ONE_STOP_OFFICER on Bộ Tư lệnh Bộ đội Biên phòng, SUBTREE), bearer token"
out "- Request: \`POST /api/v1/dossiers\` with \`$BODY\`"
out "- A sample: \`$SAMPLE\`"
out "- Load: \`wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report.lua\` after a $WARMUP warm-up of the same"
out "- Baseline 1, same run: \`pgbench -n -c $PG_CLIENTS -j 2 -T ${DURATION%s} -f bench/lib/dossier-submit-pgbench.sql -D procedure=$PROC_ID -D unit=$UNIT_ID\`"
out "  (the same rows: dossier, 2 steps, 1 event, one transaction each; no HTTP, token, validation, code counter or audit)"
out "- Baseline 2, same run: \`GET /actuator/health/liveness\` with the same wrk settings"
out ""

declare -A R
IFS='|' read -r D_BEFORE A_BEFORE < <(sqlq -F '|' -c "select (select count(*) from publicservice_dossier where submitted_by <> 'bench'), (select count(*) from audit_event)")
bench_log "warm-up: submissions, $WARMUP"
run_wrk warmup-submit "$CONNS" "$WARMUP" "$BASE/api/v1/dossiers" POST "$BODY" "$TOKEN"
bench_log "submissions, $CONNS connections, $DURATION"
run_wrk submit "$CONNS" "$DURATION" "$BASE/api/v1/dossiers" POST "$BODY" "$TOKEN"
R[submit]="$WRK_RPS|$WRK_P50|$WRK_P90|$WRK_P99|$WRK_MAX|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
IFS='|' read -r D_AFTER A_AFTER < <(sqlq -F '|' -c "select (select count(*) from publicservice_dossier where submitted_by <> 'bench'), (select count(*) from audit_event)")

bench_log "bare insert with pgbench, $PG_CLIENTS clients, $DURATION"
run_pgbench "$PG_CLIENTS" "$DURATION" "$BENCH_LIB/dossier-submit-pgbench.sql" -D procedure="$PROC_ID" -D unit="$UNIT_ID"

bench_log "warm-up: liveness, $WARMUP"
run_wrk warmup-live "$CONNS" "$WARMUP" "$BASE/actuator/health/liveness"
bench_log "liveness, $CONNS connections, $DURATION"
run_wrk live "$CONNS" "$DURATION" "$BASE/actuator/health/liveness"
R[live]="$WRK_RPS|$WRK_P50|$WRK_P90|$WRK_P99|$WRK_MAX|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"

DUP="$(sqlq -c "select count(*) - count(distinct code) from publicservice_dossier")"
out "## Results"
out ""
out "| What | Clients | Requests | per s | p50 ms | p90 ms | p99 ms | max ms | HTTP statuses | socket errors |"
out "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
IFS='|' read -r rps p50 p90 p99 max n st err <<<"${R[submit]}"
out "| \`POST /api/v1/dossiers\` | $CONNS | $n | $rps | $p50 | $p90 | $p99 | $max | $st | $err |"
out "| bare insert of the same rows (pgbench) | $PG_CLIENTS | $PG_N | $PG_TPS | $PG_P50 | | $PG_P99 | | | |"
IFS='|' read -r rps p50 p90 p99 max n st err <<<"${R[live]}"
out "| \`GET /actuator/health/liveness\` | $CONNS | $n | $rps | $p50 | $p90 | $p99 | $max | $st | $err |"
out ""
IFS='|' read -r s_rps _ _ s_p99 _ <<<"${R[submit]}"
out "The bare insert runs $(awk -v a="$PG_TPS" -v b="$s_rps" 'BEGIN { printf "%.1f", a / b }')× the submissions' rate (pgbench average latency $PG_LAT ms)."
out ""
out "Rows written by the two submission runs (warm-up included): $((D_AFTER - D_BEFORE)) dossiers and $((A_AFTER - A_BEFORE)) audit rows;"
out "duplicate dossier codes in the table: $DUP."
out ""
bench_log "audit-verify on the scratch database"
stop_platform "$PLATFORM_PID"
out "Audit trail after the load (\`audit-verify\`): $(audit_verify "$TRUONGSON_DB_URL" "$WORK/audit-verify.txt")"
out ""
out_platform_behaviour "$WORK/platform.log"
out ""
out "## How to read this"
out ""
out "- One submission is one transaction: the token and grants, the procedure read, the form checked field by field, the"
out "  dossier, its steps and the first event inserted, then the unit's code counter of the day incremented (one row per"
out "  unit and day: submissions to the same unit take turns on it, but only over the last three statements — the"
out "  counter, the dossier's code, one keyed audit row (no lock shared by writers) — and the commit)."
out "- pgbench runs $PG_CLIENTS clients, the platform's pool size: as many inserts at once as the platform can issue."
out "- The pgbench row writes the same dossier rows with no HTTP, no checks, no counter and no audit: the database's floor."
out "- With $CONNS clients and a pool of 20 connections, most requests wait for a connection: p99 is mostly that wait."
out "- The machine has $(nproc) cores, shared by wrk, pgbench, the JVM, PostgreSQL and the other helpers' processes (load above)."
out "- Scratch database \`$DB\` dropped at the end."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
