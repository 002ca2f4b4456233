#!/usr/bin/env bash
# Benchmark `report-submit`: monthly report submission (PUT /api/v1/assignments/{id}/reports/{period}) with 50
# concurrent clients, throughput and p99, against a bare endpoint (GET /actuator/health/liveness) in the same run.
#   - a scratch database truongson_bench_submit on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true), then bench/lib/report-submit-data.sql: an issued
#     plan of the current year, 100 tasks × 10 units under Bộ Tư lệnh 86 = 1,000 assignments;
#   - the reporter baocao.btl86 (UNIT_REPORTER, cleared Thường) given a SUBTREE grant on Bộ Tư lệnh 86 by psql,
#     signed in with POST /api/v1/auth/token; wrk with bench/lib/wrk-report-submit.lua rotating over the
#     assignments, BENCH_CONNECTIONS (50) connections, BENCH_DURATION (20 s) after a BENCH_WARMUP (5 s) warm-up;
#   - in the same run, the bare insert of the same rows with pgbench (bench/lib/report-submit-pgbench.sql) at the pool's
#     concurrency, BENCH_PG_CLIENTS (20): the database's floor, issue 20's yardstick on a loaded machine (≥ 0.5× of it);
#   - afterwards: rows written, and audit-verify over the same database (every submission appends to the trail).
# The scratch database is dropped at the end. Run with: ./truongson bench report-submit
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init report-submit "$@"
for t in wrk psql jq pgbench; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNS="${BENCH_CONNECTIONS:-50}"
# pgbench opens one connection per client: the platform's pool size, 20, is how many of its requests reach the database at once.
PG_CLIENTS="${BENCH_PG_CLIENTS:-20}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_submit
WORK="$BENCH_WORK/report-submit"
DATA="$BENCH_WORK/report-submit-data"
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

bench_header "monthly report submission with $CONNS concurrent clients" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

# The current month in Vietnam: a plan of this year takes this month's reports until the lock.
YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
PERIOD="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
PLAN_ID="$(sqlq -v year="$YEAR" -f "$BENCH_LIB/report-submit-data.sql" | tail -1)"
[[ "$PLAN_ID" =~ ^[0-9]+$ ]] || bench_die "the data script did not answer a plan id: $PLAN_ID"
IDS="$(sqlq -c "select string_agg(id::text, ',' order by id) from programme_assignment where plan_id = $PLAN_ID")"
N_IDS="$(tr ',' '\n' <<<"$IDS" | wc -l)"
IFS='|' read -r LO HI < <(sqlq -F '|' -c "select min(id), max(id) from programme_assignment where plan_id = $PLAN_ID")
[ "$((HI - LO + 1))" = "$N_IDS" ] || bench_die "the plan's assignments are not one range of ids ($LO…$HI for $N_IDS): pgbench picks from the range"
BTL86_ID="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
REPORTER_OFF="$(sqlq -c "select official_id from access_account where username = 'baocao.btl86'")"
sqlq -c "insert into access_grant (official_id, role, unit_id, scope) values ($REPORTER_OFF, 'UNIT_REPORTER', $BTL86_ID, 'SUBTREE') on conflict do nothing"
TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"baocao.btl86","password":"TruongSon@2026"}' | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in baocao.btl86"

# One submission by hand: the endpoint answers 200 and says whether it was on time.
FIRST_ID="${IDS%%,*}"
SAMPLE="$(curl -s -X PUT "$BASE/api/v1/assignments/$FIRST_ID/reports/$PERIOD" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"status":"IN_PROGRESS","percentComplete":10,"indicatorValues":{"CT1":1},"obstacles":null,"bottleneck":false,"proposal":null}' \
  -w ' HTTP %{http_code}')"
[[ "$SAMPLE" == *"HTTP 200" ]] || bench_die "a first submission failed: $SAMPLE"

IFS='|' read -r REV_BEFORE AUDIT_BEFORE < <(sqlq -F '|' -c "select (select count(*) from programme_report_revision), (select count(*) from audit_event)")
export WRK_IDS="$IDS" WRK_PERIOD="$PERIOD"

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\`"
out "  (a private copy of the jar; default JIT; ready after $READY_MS ms; default connection pool)"
out "- Data: \`bench/lib/report-submit-data.sql\`: plan $PLAN_ID of $YEAR, issued, reports due on the 28th; 100 tasks with two"
out "  indicators each, assigned to 10 units under Bộ Tư lệnh 86: **$N_IDS assignments**, period **$PERIOD**"
out "- Reporter: \`baocao.btl86\` (UNIT_REPORTER, cleared Thường) with a SUBTREE grant on Bộ Tư lệnh 86 inserted by psql;"
out "  bearer token from \`POST /api/v1/auth/token\`"
out "- A sample submission: \`${SAMPLE}\`"
out "- Load: \`WRK_SCRIPT=wrk-report-submit.lua\`: \`wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report-submit.lua\`,"
out "  each request \`PUT /api/v1/assignments/{id}/reports/$PERIOD\` on the next assignment (each thread from its own offset),"
out "  status IN_PROGRESS, a percentage, two indicator values, obstacles and a proposal; after a $WARMUP warm-up of the same."
out "  Every request after an assignment's first is a revision (kept, numbered): the same work, one more row."
out "- Baseline 1, same run: \`pgbench -n -c $PG_CLIENTS -j 2 -T ${DURATION%s} -f bench/lib/report-submit-pgbench.sql -D lo=$LO -D hi=$HI -D plan=$PLAN_ID\`"
out "  (the same rows: the report upserted as a new revision, the revision row, one transaction each; no HTTP, token, policy, validation or audit)"
out "- Baseline 2, same run, with the same wrk settings: \`GET /actuator/health/liveness\`"
out ""

declare -A R
measure() { # measure KEY URL [script]
  local key="$1" url="$2"
  if [ -n "${3:-}" ]; then
    WRK_SCRIPT="$3" run_wrk "$key" "$CONNS" "$DURATION" "$url" PUT "" "$TOKEN"
  else
    run_wrk "$key" "$CONNS" "$DURATION" "$url"
  fi
  R[$key]="$WRK_RPS|$WRK_P50|$WRK_P90|$WRK_P99|$WRK_MAX|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
}

bench_log "warm-up: submissions, $WARMUP"
WRK_SCRIPT=wrk-report-submit.lua run_wrk warmup-submit "$CONNS" "$WARMUP" "$BASE/" PUT "" "$TOKEN"
bench_log "submissions, $CONNS connections, $DURATION"
measure submit "$BASE/" wrk-report-submit.lua
bench_log "bare insert with pgbench, $PG_CLIENTS clients, $DURATION"
run_pgbench "$PG_CLIENTS" "$DURATION" "$BENCH_LIB/report-submit-pgbench.sql" -D lo="$LO" -D hi="$HI" -D plan="$PLAN_ID"
bench_log "warm-up: liveness, $WARMUP"
run_wrk warmup-live "$CONNS" "$WARMUP" "$BASE/actuator/health/liveness"
bench_log "liveness, $CONNS connections, $DURATION"
measure live "$BASE/actuator/health/liveness"

IFS='|' read -r REV_AFTER AUDIT_AFTER < <(sqlq -F '|' -c "select (select count(*) from programme_report_revision), (select count(*) from audit_event)")
IFS='|' read -r N_REPORTS MAX_REV ON_TIME < <(sqlq -F '|' -c "select count(*), max(revision), count(*) filter (where on_time)
  from programme_report where plan_id = $PLAN_ID")

out "## Results"
out ""
out "| Endpoint | Connections | Requests | req/s | p50 ms | p90 ms | p99 ms | max ms | HTTP statuses | socket errors |"
out "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
for key in submit live; do
  IFS='|' read -r rps p50 p90 p99 max n st err <<<"${R[$key]}"
  case "$key" in submit) ep="PUT /api/v1/assignments/{id}/reports/$PERIOD" ;; *) ep="GET /actuator/health/liveness (baseline)" ;; esac
  out "| \`$ep\` | $CONNS | $n | $rps | $p50 | $p90 | $p99 | $max | $st | $err |"
  [ "$key" = submit ] && out "| bare insert of the same rows (pgbench) | $PG_CLIENTS | $PG_N | $PG_TPS | $PG_P50 | | $PG_P99 | | | |"
done
out ""
IFS='|' read -r s_rps _ _ s_p99 _ <<<"${R[submit]}"
IFS='|' read -r l_rps _ _ l_p99 _ <<<"${R[live]}"
out "The submissions run at $(awk -v a="$PG_TPS" -v b="$s_rps" 'BEGIN { printf "%.2f", b / a }')× the bare insert's rate (issue 20's aim on a loaded machine: ≥ 0.5×; pgbench average latency $PG_LAT ms)."
out "The bare endpoint answers $(awk -v l="$l_rps" -v s="$s_rps" 'BEGIN { printf "%.1f", l / s }')× as many requests per second as the submission."
out ""
out "Rows written during the two submission runs (warm-up included): $((REV_AFTER - REV_BEFORE)) report revisions and"
out "$((AUDIT_AFTER - AUDIT_BEFORE)) audit rows; the plan now has $N_REPORTS period reports ($ON_TIME on time), up to revision $MAX_REV."
out ""

# Every submission appended to the audit trail under concurrency: the trail must still verify.
bench_log "audit-verify on the scratch database"
out "Audit trail after the load (\`audit-verify\` against the same database): $(audit_verify "$TRUONGSON_DB_URL" "$WORK/audit-verify.txt")"
out ""
stop_platform "$PLATFORM_PID"

out_platform_behaviour "$WORK/platform.log"
out ""
out "## How to read this"
out ""
out "- One submission is one transaction: the bearer token and the person's grants, the assignment locked"
out "  (\`select … for update\`: one submission at a time per assignment, so revisions number without gaps), its task,"
out "  plan and current report, then the report upserted, the revision inserted and one keyed row appended to the"
out "  audit trail. The trail has no lock shared by writers (issue 11: ids from a sequence, rows sealed into Merkle"
out "  batches by the \`audit-seal\` task after commit), so submissions to different assignments do not take turns;"
out "  what bounds the rate is the statements per submission, the pool and the two cores (compare with the liveness row)."
out "- With $CONNS clients and the platform's pool of 20 database connections, most clients wait for a connection:"
out "  p99 is mostly that wait. The liveness row is the same HTTP stack with no database behind it."
out "- A real month brings one report per assignment, a few thousand for the whole ministry, spread over days:"
out "  the rate measured here is many times what the deadline day needs."
out "- The machine has $(nproc) cores, shared by wrk, the JVM, PostgreSQL and anything else running (load above)."
out "- Scratch database \`$DB\` dropped at the end."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
