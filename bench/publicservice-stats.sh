#!/usr/bin/env bash
# Benchmark `publicservice-stats`: the statistics (GET /api/v1/publicservice/statistics) and the Decision 766 index
# (GET /api/v1/publicservice/index) over 1,000,000 dossiers filed in 2025, for the year and for one month, against the
# same SQL aggregate (the statement of Statistics.perUnit with its parameters inlined) run by pgbench in the same run.
#   - a scratch database truongson_bench_psstats on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true: migrations, demo organisation and catalogue), then
#     bench/lib/publicservice-stats-data.sql by psql;
#   - the reader motcua.bdbp given an ONE_STOP_OFFICER grant on the ministry (SUBTREE) by psql: every unit in scope;
#   - BENCH_RUNS (20) sequential requests per case after BENCH_WARMUPS (3), timed by curl; the same number of runs of
#     the SQL, timed by pgbench; medians, p95 and the ratio; EXPLAIN ANALYZE of the year's statement.
# Run with: ./truongson bench publicservice-stats
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init publicservice-stats "$@"
for t in psql pgbench jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
RUNS="${BENCH_RUNS:-20}"
WARMUPS="${BENCH_WARMUPS:-3}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_psstats
WORK="$BENCH_WORK/publicservice-stats"
DATA="$BENCH_WORK/publicservice-stats-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
rm -rf "$WORK"/*.sql "$WORK"/*.json "$WORK"/*.txt

scratch_database
platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "statistics and index over 1,000,000 dossiers in a year, API against SQL" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

bench_log "generating 1,000,000 dossiers of 2025"
t0=$(now_ns)
N="$(sqlq -f "$BENCH_LIB/publicservice-stats-data.sql" | tail -1)"
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
SIZE="$(sqlq -c "select pg_size_pretty(pg_total_relation_size('publicservice_dossier'))")"
BQP="$(sqlq -c "select id from org_unit where code = 'BQP'")"
OFF="$(sqlq -c "select official_id from access_account where username = 'motcua.bdbp'")"
sqlq -c "insert into access_grant (official_id, role, unit_id, scope) values ($OFF, 'ONE_STOP_OFFICER', $BQP, 'SUBTREE') on conflict do nothing"
TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"motcua.bdbp","password":"TruongSon@2026"}' | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in motcua.bdbp"

# The statement of Statistics.perUnit, the reader covering everything (no unit condition), parameters inlined.
sql_for() { # FROM_TS END_TS
  cat <<SQL
select d.unit_id,
  count(*) filter (where d.received_at >= '$1' and d.received_at < '$2') as received,
  count(*) filter (where d.returned_at >= '$1' and d.returned_at < '$2') as returned,
  count(*) filter (where d.returned_at >= '$1' and d.returned_at < '$2' and d.on_time) as on_time,
  count(*) filter (where d.received_at < '$2' and (d.returned_at is null or d.returned_at >= '$2') and d.status <> 'REJECTED') as in_progress,
  count(*) filter (where d.received_at < '$2' and (d.returned_at is null or d.returned_at >= '$2') and d.status <> 'REJECTED'
                   and d.appointment_at < '$2') as overdue,
  count(*) filter (where d.submitted_at >= '$1' and d.submitted_at < '$2' and d.channel = 'ONLINE') as online,
  count(*) filter (where d.submitted_at >= '$1' and d.submitted_at < '$2') as submitted,
  count(*) filter (where d.received_at >= '$1' and d.received_at < '$2'
                   and exists (select 1 from publicservice_attachment a where a.dossier_id = d.id)) as with_attachments,
  count(*) filter (where d.returned_at >= '$1' and d.returned_at < '$2' and d.result_sha256 is not null) as with_result,
  count(*) filter (where d.submitted_at >= '$1' and d.submitted_at < '$2' and d.channel = 'ONLINE' and p.fee_amount = 0) as online_free,
  count(*) filter (where d.returned_at >= '$1' and d.returned_at < '$2' and d.rating is not null) as rated,
  coalesce(sum(d.rating) filter (where d.returned_at >= '$1' and d.returned_at < '$2'), 0) as rating_sum
from publicservice_dossier d join publicservice_procedure p on p.id = d.procedure_id
where true and (d.submitted_at < '$2') and (d.returned_at is null or d.returned_at >= '$1')
group by d.unit_id;
SQL
}
sql_for "2025-01-01 00:00+07" "2026-01-01 00:00+07" >"$WORK/year.sql"
sql_for "2025-06-01 00:00+07" "2025-07-01 00:00+07" >"$WORK/month.sql"

declare -A URL=(
  [stats-year]="$BASE/api/v1/publicservice/statistics?from=2025-01-01&to=2025-12-31"
  [index-year]="$BASE/api/v1/publicservice/index?from=2025-01-01&to=2025-12-31"
  [stats-month]="$BASE/api/v1/publicservice/statistics?from=2025-06-01&to=2025-06-30"
  [index-month]="$BASE/api/v1/publicservice/index?from=2025-06-01&to=2025-06-30"
)
CASES="stats-year index-year stats-month index-month"
curl -s -H "Authorization: Bearer $TOKEN" "${URL[stats-year]}" >"$WORK/stats-year.json"
curl -s -H "Authorization: Bearer $TOKEN" "${URL[index-year]}" >"$WORK/index-year.json"
jq -e '.received' "$WORK/stats-year.json" >/dev/null || bench_die "statistics answered $(cat "$WORK/stats-year.json")"
SQL_RECEIVED="$(sqlq -f "$WORK/year.sql" | awk -F'|' '{s += $2} END {print s}')"

declare -A MED P95
for c in $CASES; do
  bench_log "API $c: $WARMUPS warm-ups, $RUNS runs"
  for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "${URL[$c]}"; done
  : >"$WORK/$c.times"
  for i in $(seq 1 "$RUNS"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -H "Authorization: Bearer $TOKEN" "${URL[$c]}")
    [ "$code" = 200 ] || bench_die "$c answered $code"
    awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }' >>"$WORK/$c.times"
  done
  MED[$c]="$(sort -n "$WORK/$c.times" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  P95[$c]="$(sort -n "$WORK/$c.times" | awk '{a[NR]=$1} END {i=int(NR*0.95+0.999); if (i>NR) i=NR; print a[i]}')"
done
for s in year month; do
  bench_log "SQL $s: $RUNS runs with pgbench"
  pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$WORK/$s.sql" "$DB" >/dev/null 2>&1 || true
  (cd "$WORK" && pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$WORK/$s.sql" --log --log-prefix="pgbench-$s" "$DB" >"$WORK/pgbench-$s.txt" 2>&1) || true
  cat "$WORK"/pgbench-"$s".[0-9]* | awk '{printf "%.1f\n", $3/1000}' | sort -n >"$WORK/sql-$s.times"
  MED[sql-$s]="$(awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}' "$WORK/sql-$s.times")"
  P95[sql-$s]="$(awk '{a[NR]=$1} END {i=int(NR*0.95+0.999); if (i>NR) i=NR; print a[i]}' "$WORK/sql-$s.times")"
  rm -f "$WORK"/pgbench-"$s".[0-9]*
done
sqlq -c "explain (analyze, buffers) $(cat "$WORK/year.sql")" >"$WORK/explain-year.txt" 2>&1 || true

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\`"
out "  (a private copy of the jar; ready after $READY_MS ms)"
out "- Data: \`bench/lib/publicservice-stats-data.sql\` (seeded): **$N dossiers** of 2025 over the 9 demo procedures, table $SIZE, generated in $GEN_MS ms"
out "- Reader: \`motcua.bdbp\` with an ONE_STOP_OFFICER grant on Bộ Quốc phòng (SUBTREE) inserted by psql: every unit in scope"
out "- API: $RUNS sequential requests per case after $WARMUPS warm-ups, \`curl -w %{time_total}\`; SQL: the statement of"
out "  \`Statistics.perUnit\` with the parameters inlined, \`pgbench -n -c 1 -t $RUNS\` after $WARMUPS warm-ups"
out ""
out "## Results"
out ""
out "| Case | median ms | p95 ms |"
out "|---|---:|---:|"
for c in $CASES sql-year sql-month; do
  case "$c" in
    stats-year) d="GET …/statistics, year 2025" ;; index-year) d="GET …/index, year 2025" ;;
    stats-month) d="GET …/statistics, June 2025" ;; index-month) d="GET …/index, June 2025" ;;
    sql-year) d="the same SQL by pgbench, year" ;; sql-month) d="the same SQL by pgbench, June" ;;
  esac
  out "| $d | ${MED[$c]} | ${P95[$c]} |"
done
out ""
out "API ÷ SQL (medians): statistics year $(awk -v a="${MED[stats-year]}" -v b="${MED[sql-year]}" 'BEGIN { printf "%.2f", a / b }')×,"
out "index year $(awk -v a="${MED[index-year]}" -v b="${MED[sql-year]}" 'BEGIN { printf "%.2f", a / b }')×,"
out "statistics June $(awk -v a="${MED[stats-month]}" -v b="${MED[sql-month]}" 'BEGIN { printf "%.2f", a / b }')×."
out ""
out "Figures agree: the API's received for the year $(jq .received "$WORK/stats-year.json") (the demo's own dossiers, none here, would add), the SQL's sum $SQL_RECEIVED."
out "The year's answer: \`$(jq -c . "$WORK/stats-year.json")\`; the index: \`$(jq -c '{total, groups: [.groups[] | {code, points}]}' "$WORK/index-year.json")\`"
out ""
out "EXPLAIN ANALYZE of the year's statement:"
out_code text "$WORK/explain-year.txt"
stop_platform "$PLATFORM_PID"
out ""
out "## How to read this"
out ""
out "- Both API calls run one grouped aggregate over the period's dossiers (the index adds a count of the catalogue);"
out "  the statement reads every dossier submitted before the period's end and not returned before its start, so a year"
out "  reads nearly the whole table, a month a slice of it (plus everything still open)."
out "- The difference between API and SQL is the HTTP stack, the token, the policy's scope and the JSON."
out "- The machine has $(nproc) cores shared with other processes (load: $(cut -d' ' -f1-3 /proc/loadavg))."
out "- Scratch database \`$DB\` dropped at the end."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
