#!/usr/bin/env bash
# Benchmark `compilation`: the compiled report of a plan (GET /api/v1/plans/{id}/compilation) over 2,000 units ×
# 100 tasks × 12 months (about 2.4 million reports), for the whole plan and for one mid-level subtree, against a
# hand-written SQL aggregate of the same figures run with psql in the same run.
#   - a scratch database truongson_bench_compilation on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it once (TRUONGSON_DB_URL, TRUONGSON_DEMO=true: migrations, demo organisation and plans),
#     then bench/lib/compilation-data.sql by psql: units, plan, tasks, 200,000 assignments, the reports;
#   - BENCH_RUNS (20) sequential requests per case after BENCH_WARMUPS (3), timed by curl; the same number of
#     runs of the platform's own SQL (taken from Compilations.java, parameters inlined) and of the hand-written
#     aggregate, timed by pgbench; medians, p95 and the ratios; EXPLAIN ANALYZE of the plans.
# The scratch database is dropped at the end. Run with: ./truongson bench compilation
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init compilation "$@"
for t in psql pgbench perl jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
RUNS="${BENCH_RUNS:-20}"
WARMUPS="${BENCH_WARMUPS:-3}"
PERIOD="${BENCH_PERIOD:-2024-12}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_compilation
WORK="$BENCH_WORK/compilation"
DATA="$BENCH_WORK/compilation-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
COMPILATIONS="$BENCH_ROOT/platform/src/main/java/vn/truongson/programme/Compilations.java"
mkdir -p "$WORK"
rm -rf "$WORK"/pgbench-* "$WORK"/*.sql "$WORK"/*.json "$WORK"/*.txt

scratch_database
PG_SETTINGS="$(admin_sql "select string_agg(name || '=' || setting || coalesce(unit, ''), ', ' order by name) from pg_settings
  where name in ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather', 'random_page_cost', 'effective_cache_size')")"

# ---- the platform, with demo data, on the scratch database --------------------------------------

platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"
DEMO_ORG_LINE="$(grep -o 'Demo data loaded: .*' "$WORK/platform.log" | head -1 || true)"
DEMO_PROGRAMME_LINE="$(grep -o 'Demo programme loaded: .*' "$WORK/platform.log" | head -1 || true)"

bench_header "plan compilation at 2,000 units × 100 tasks × 12 months, API against SQL" \
  "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`; $PG_SETTINGS"

bench_log "generating 2,000 units, 200,000 assignments and their monthly reports (a few minutes)"
t0=$(now_ns)
PLAN_ID="$(sqlq -f "$BENCH_LIB/compilation-data.sql" | tail -1)"
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
[[ "$PLAN_ID" =~ ^[0-9]+$ ]] || bench_die "the data script did not answer a plan id: $PLAN_ID"
PERIOD_DAY="$PERIOD-01"
CUTOFF_TO="$PERIOD-14"
IFS='|' read -r N_UNITS N_TASKS N_ASSIGN N_REPORTS N_LATE N_BOTTLENECK REPORT_SIZE < <(sqlq -c "
  select (select count(*) from org_unit where code ~ '^C[234]-'), (select count(*) from programme_task where plan_id = $PLAN_ID),
         (select count(*) from programme_assignment where plan_id = $PLAN_ID), count(*), count(*) filter (where not on_time),
         count(*) filter (where bottleneck), pg_size_pretty(pg_total_relation_size('programme_report'))
  from programme_report where plan_id = $PLAN_ID")
IFS='|' read -r P_RECEIVED P_LATE < <(sqlq -c "select count(*), count(*) filter (where not on_time) from programme_report
  where plan_id = $PLAN_ID and period = date '$PERIOD_DAY'")

# M: the first generated depth-2 unit; 1 + 9 + 90 units below and including it.
IFS='|' read -r M_ID M_PATH M_CODE < <(sqlq -c "select id, path, code from org_unit where code = 'C2-00001'")
M_UNITS="$(sqlq -c "select count(*) from org_unit where path like '$M_PATH%'")"
M_ASSIGN="$(sqlq -c "select count(*) from programme_assignment a join org_unit u on u.id = a.unit_id where a.plan_id = $PLAN_ID and u.path like '$M_PATH%'")"

TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"dieuphoi.btl86","password":"TruongSon@2026"}' | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in dieuphoi.btl86"

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\`"
out "  (a private copy of the jar; default JIT; ready after $READY_MS ms, migrations and demo data included)"
out "  - ${DEMO_ORG_LINE:-demo organisation: no log line}"
out "  - ${DEMO_PROGRAMME_LINE:-demo programme: no log line}"
out "- Data: \`bench/lib/compilation-data.sql\` by psql in $GEN_MS ms (then \`vacuum analyze\`): $N_UNITS generated units"
out "  (20 + 180 + 1,800 at depths 2–4), plan $PLAN_ID with $N_TASKS tasks in 10 groups (150 indicators), $N_ASSIGN assignments"
out "  (every task to every generated unit, cascaded level by level), **$N_REPORTS reports** over 12 months"
out "  ($N_LATE first submitted late, $N_BOTTLENECK flagged as a bottleneck; \`programme_report\` $REPORT_SIZE with its indexes)"
out "- Period $PERIOD: $P_RECEIVED of $N_ASSIGN assignments reported ($P_LATE late); the rest carry their latest earlier report"
out "- Subtree M = unit $M_ID (\`$M_CODE\`, depth 2, path \`$M_PATH\`): $M_UNITS units, $M_ASSIGN assignments"
out "- Reader: \`dieuphoi.btl86\` (PROGRAMME_COORDINATOR on the root, cleared Thường), bearer token; requests from loopback"
out "- Runs: $WARMUPS warm-ups, then $RUNS sequential runs per case. API: \`curl -w %{time_total}\` (the whole exchange, body"
out "  included). SQL: \`pgbench -n -c 1 -t $RUNS -f <script> -l\` after \`-t $WARMUPS\`, latency per run from pgbench's log."
out ""

# ---- the SQL ------------------------------------------------------------------------------------
# The platform's: the text block SQL of Compilations.java, with its parameters inlined and the subtree condition
# of OrgAccessBridge.withinSubtreesSql; preceded, as in Compilations.compile, by "set local jit = off".
platform_sql() { # platform_sql SOURCE [SCOPE_PATH]
  perl -e '
    my ($file, $plan, $period, $cutoff, $scope) = @ARGV;
    open my $fh, "<", $file or die "$file: $!"; local $/; my $src = <$fh>;
    $src =~ /private static final String SQL = """\n(.*?)""";/s or die "no SQL text block in $file";
    my $sql = $1;
    $sql =~ s/^ {12}//mg;
    my $unit = $scope ne "" ? " and a.unit_id in (select u.id from unnest(\x27{$scope}\x27::text[]) r(prefix) join org_unit u"
      . " on u.path ~>=~ r.prefix and u.path ~<~ (left(r.prefix, -1) || \x270\x27))" : "";
    $sql =~ s{/\*unit\*/}{$unit};
    $sql =~ s/(?<!:):plan\b/$plan/g;
    $sql =~ s/(?<!:):level\b/0/g;
    $sql =~ s/(?<!:):period\b/\x27$period\x27::date/g;
    $sql =~ s/(?<!:):cutoffTo\b/\x27$cutoff\x27::date/g;
    $sql =~ s/(?<!:):version\b/1/g;
    die "parameters left: $1" if $sql =~ /(?<!:)(:[a-zA-Z_]+)/;
    $sql =~ s/\s+$//;
    print "$sql;\n";
  ' "$1" "$PLAN_ID" "$PERIOD_DAY" "$CUTOFF_TO" "${2:-}"
}
# As Compilations.compile runs it: with "set local jit = off" first if the code says so.
jit_prefix() { grep -q 'set local jit = off' "$1" && echo "set jit = off;" || true; }

# The hand-written aggregate: the figures the brief names (expected, received, on time; each task's status and
# mean progress), by the rules of API.md, written plainly: each assignment with this period's report, else its
# latest earlier one; one row per task and a total row (task_id null).
hand_sql() { # hand_sql [SCOPE_PATH]
  local scope=""
  [ -n "${1:-}" ] && scope=" and a.unit_id in (select id from org_unit where path like '$1%')"
  cat <<SQL
with filled as (
    select a.task_id, r.assignment_id is not null as received, coalesce(r.on_time, false) as on_time,
           coalesce(r.status, e.status, 'NOT_STARTED') as status, coalesce(r.percent_complete, e.percent_complete, 0) as percent
    from programme_assignment a
    join programme_task t on t.id = a.task_id and t.secrecy <= 0
    left join programme_report r on r.assignment_id = a.id and r.period = date '$PERIOD_DAY'
    left join lateral (select e.status, e.percent_complete from programme_report e
                       where r.assignment_id is null and e.assignment_id = a.id and e.period < date '$PERIOD_DAY'
                       order by e.period desc limit 1) e on true
    where a.plan_id = $PLAN_ID$scope
)
select task_id, count(*) as expected, count(*) filter (where received) as received, count(*) filter (where on_time) as on_time,
       case when bool_and(status = 'DONE') then 'DONE' when bool_or(status = 'STALLED') then 'STALLED'
            when bool_or(status <> 'NOT_STARTED') then 'IN_PROGRESS' else 'NOT_STARTED' end as status,
       round(avg(percent), 2) as percent
from filled
group by grouping sets ((task_id), ())
order by task_id nulls first;
SQL
}

declare -A URL SQL_PLATFORM SQL_HAND SCOPE
CASES=(whole subtree)
URL[whole]="$BASE/api/v1/plans/$PLAN_ID/compilation?period=$PERIOD"
URL[subtree]="$BASE/api/v1/plans/$PLAN_ID/compilation?period=$PERIOD&unitId=$M_ID"
SCOPE[whole]=""
SCOPE[subtree]="$M_PATH"
KINDS=(platform hand-nojit hand)
if [ -n "${BENCH_BASELINE_REV:-}" ]; then
  # The statement as it was at an earlier commit, for a before/after in the same run (same data, same load).
  git -C "$BENCH_ROOT" show "$BENCH_BASELINE_REV:platform/src/main/java/vn/truongson/programme/Compilations.java" >"$WORK/Compilations-baseline.java" \
    || bench_die "no Compilations.java at $BENCH_BASELINE_REV"
  KINDS=(platform baseline hand-nojit hand)
fi
for c in "${CASES[@]}"; do
  { jit_prefix "$COMPILATIONS"; platform_sql "$COMPILATIONS" "${SCOPE[$c]}"; } >"$WORK/$c-platform.sql"
  if [ -n "${BENCH_BASELINE_REV:-}" ]; then
    { jit_prefix "$WORK/Compilations-baseline.java"; platform_sql "$WORK/Compilations-baseline.java" "${SCOPE[$c]}"; } >"$WORK/$c-baseline.sql"
  fi
  hand_sql "${SCOPE[$c]}" >"$WORK/$c-hand.sql"
  { echo "set jit = off;"; hand_sql "${SCOPE[$c]}"; } >"$WORK/$c-hand-nojit.sql"
done

# ---- the same figures ---------------------------------------------------------------------------

out "## Same figures"
out ""
out "The API's totals and each task's status and progress (rounded to 0.01) against the hand-written aggregate's:"
out ""
out "| Case | expected | received | on time | missing listed | bottlenecks listed | tasks | same totals | same tasks (status, progress) |"
out "|---|---:|---:|---:|---:|---:|---:|---|---|"
for c in "${CASES[@]}"; do
  code="$(curl -s -o "$WORK/$c.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${URL[$c]}")"
  [ "$code" = 200 ] || { head -c 2000 "$WORK/$c.json" >&2; bench_die "API $c answered $code"; }
  jq -r '"\(.expectedReports)|\(.receivedReports)|\(.onTimeReports)"' "$WORK/$c.json" >"$WORK/$c-api-totals.txt"
  jq -r '.tasks[] | "\(.taskId)|\(.status)|\((.percentComplete * 100 | round) / 100)"' "$WORK/$c.json" | LC_ALL=C sort >"$WORK/$c-api-tasks.txt"
  sqlq -F '|' -f "$WORK/$c-hand.sql" >"$WORK/$c-hand-out.txt"
  head -1 "$WORK/$c-hand-out.txt" | awk -F'|' '{print $2 "|" $3 "|" $4}' >"$WORK/$c-hand-totals.txt"
  tail -n +2 "$WORK/$c-hand-out.txt" | awk -F'|' '{printf "%s|%s|%s\n", $1, $5, ($6 + 0)}' | LC_ALL=C sort >"$WORK/$c-hand-tasks.txt"
  same_totals=no; cmp -s "$WORK/$c-api-totals.txt" "$WORK/$c-hand-totals.txt" && same_totals=yes
  # Same task ids in both, same status, progress within 0.01 (the two sides round differently).
  same_tasks="$(LC_ALL=C join -t'|' -a1 -a2 -e MISSING -o 0,1.2,1.3,2.2,2.3 "$WORK/$c-api-tasks.txt" "$WORK/$c-hand-tasks.txt" \
    | awk -F'|' 'BEGIN { ok = 1 } { d = $3 - $5; if ($2 != $4 || d > 0.011 || d < -0.011) ok = 0 } END { print ok ? "yes" : "no" }')"
  IFS='|' read -r e r o <"$WORK/$c-api-totals.txt"
  out "| $c | $e | $r | $o | $(jq '.missing | length' "$WORK/$c.json") | $(jq '.bottlenecks | length' "$WORK/$c.json") | $(wc -l <"$WORK/$c-api-tasks.txt") | $same_totals | $same_tasks |"
  [ "$same_totals" = yes ] && [ "$same_tasks" = yes ] || bench_log "WARNING: $c: the API and the hand-written SQL disagree (see $WORK/$c-*-t*.txt)"
done
out ""
out "Response size: whole plan $(wc -c <"$WORK/whole.json") bytes, subtree $(wc -c <"$WORK/subtree.json") bytes (JSON, not compressed)."
out ""

# ---- timing -------------------------------------------------------------------------------------

# api_runs CASE: prints the seconds of each run, one per line, after the warm-ups.
api_runs() {
  local c="$1" i code t
  for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "${URL[$c]}"; done
  for i in $(seq 1 "$RUNS"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -H "Authorization: Bearer $TOKEN" "${URL[$c]}")
    [ "$code" = 200 ] || bench_die "API $c run $i answered $code"
    awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }'
  done
}

# api_cold_runs CASE: as api_runs, but the plan's data version is moved before each run (outside the timing), as a
# report submitted in between would move it: every run misses the platform's compilation cache and compiles afresh.
api_cold_runs() {
  local c="$1" i code t
  for i in $(seq 1 "$WARMUPS"); do
    sqlq -c "insert into programme_plan_version as v (plan_id, shard, version) values ($PLAN_ID, 0, 1) on conflict (plan_id, shard) do update set version = v.version + 1" >/dev/null
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "${URL[$c]}"
  done
  for i in $(seq 1 "$RUNS"); do
    sqlq -c "insert into programme_plan_version as v (plan_id, shard, version) values ($PLAN_ID, 0, 1) on conflict (plan_id, shard) do update set version = v.version + 1" >/dev/null
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -H "Authorization: Bearer $TOKEN" "${URL[$c]}")
    [ "$code" = 200 ] || bench_die "API $c cold run $i answered $code"
    awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }'
  done
}

# sql_runs LABEL SCRIPT: prints the ms of each run (pgbench's per-transaction log).
sql_runs() {
  local label="$1" script="$2" dir="$WORK/pgbench-$1"
  mkdir -p "$dir"
  (cd "$dir" && timeout --kill-after=10 600 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$script" "$DB" >"$dir/warmup.txt" 2>&1) \
    || { cat "$dir/warmup.txt" >&2; bench_die "pgbench $label (warm-up) failed"; }
  (cd "$dir" && timeout --kill-after=10 1800 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$script" -l --log-prefix=tx "$DB" >"$dir/out.txt" 2>&1) \
    || { cat "$dir/out.txt" >&2; bench_die "pgbench $label failed"; }
  cat "$dir"/tx* | awk '{ printf "%.1f\n", $3 / 1000 }'
}

summary() { # summary FILE → "median|p95|mean|min|max"
  printf '%s|%s|%s|%s|%s\n' "$(percentile 50 <"$1")" "$(percentile 95 <"$1")" \
    "$(awk '{ s += $1 } END { printf "%.1f", s / NR }' "$1")" "$(sort -n "$1" | head -1)" "$(sort -n "$1" | tail -1)"
}

declare -A R
for c in "${CASES[@]}"; do
  bench_log "API $c: $WARMUPS warm-ups, $RUNS runs"
  api_runs "$c" >"$WORK/$c-api-ms.txt"
  R[$c-api]="$(summary "$WORK/$c-api-ms.txt")"
  bench_log "  API $c: median|p95|mean|min|max = ${R[$c-api]}"
  bench_log "API $c after a change (cache missed): $WARMUPS warm-ups, $RUNS runs"
  api_cold_runs "$c" >"$WORK/$c-apicold-ms.txt"
  R[$c-apicold]="$(summary "$WORK/$c-apicold-ms.txt")"
  bench_log "  API $c cold: median|p95|mean|min|max = ${R[$c-apicold]}"
  for kind in "${KINDS[@]}"; do
    bench_log "SQL $c $kind: $WARMUPS warm-ups, $RUNS runs"
    sql_runs "$c-$kind" "$WORK/$c-$kind.sql" >"$WORK/$c-$kind-ms.txt"
    R[$c-$kind]="$(summary "$WORK/$c-$kind-ms.txt")"
    bench_log "  SQL $c $kind: ${R[$c-$kind]}"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }'; }
med() { echo "${R[$1]}" | cut -d'|' -f1; }
p95() { echo "${R[$1]}" | cut -d'|' -f2; }

out "## Results"
out ""
out "Milliseconds per compilation, $RUNS sequential runs each (one at a time: the latency a coordinator waits for)."
out ""
out "| Case | What | median | p95 | mean | min | max |"
out "|---|---|---:|---:|---:|---:|---:|"
for c in "${CASES[@]}"; do
  for kind in api apicold "${KINDS[@]}"; do
    case "$kind" in
      api) what="API: \`GET ${URL[$c]#"$BASE"}\`, plan unchanged since the last request (served from the node's compilation cache)" ;;
      apicold) what="API, the plan changed before each request (data version moved: compiled afresh)" ;;
      platform) what="the platform's SQL alone (psql; $(jit_prefix "$COMPILATIONS" | grep -q jit && echo "jit off, as the platform sets it" || echo "server defaults, as the platform runs it"))" ;;
      baseline) what="the platform's SQL at $BENCH_BASELINE_REV, before this change ($(jit_prefix "$WORK/Compilations-baseline.java" | grep -q jit && echo "jit off" || echo "server defaults, as it ran"))" ;;
      hand-nojit) what="hand-written aggregate, jit off" ;;
      hand) what="hand-written aggregate, server defaults (jit=$(admin_sql 'show jit'))" ;;
    esac
    IFS='|' read -r a b m lo hi <<<"${R[$c-$kind]}"
    out "| $c | $what | $a | $b | $m | $lo | $hi |"
  done
done
out ""
out "| Case | API | API ÷ hand SQL (medians) | API ÷ hand SQL (p95) | platform SQL ÷ hand SQL (medians) | API − platform SQL (median, ms) | Aim: API within 1.5× of the SQL | Aim: API under 1 s (p95) |"
out "|---|---|---:|---:|---:|---:|---|---|"
for c in "${CASES[@]}"; do
  for k in api apicold; do
    label="unchanged (cache)"; [ "$k" = apicold ] && label="changed (compiled)"
    api_med="$(med "$c-$k")"; hand_med="$(med "$c-hand-nojit")"; plat_med="$(med "$c-platform")"
    within=$(awk -v a="$api_med" -v b="$hand_med" 'BEGIN { print (a <= 1.5 * b) ? "met" : "**missed**" }')
    under=$(awk -v a="$(p95 "$c-$k")" 'BEGIN { print (a < 1000) ? "met" : "**missed**" }')
    out "| $c | $label | $(ratio "$api_med" "$hand_med") | $(ratio "$(p95 "$c-$k")" "$(p95 "$c-hand-nojit")") | $(ratio "$plat_med" "$hand_med") | $(awk -v a="$api_med" -v b="$plat_med" 'BEGIN { printf "%.0f", a - b }') | $within | $under |"
  done
done
out ""
out "The ratios are against the hand-written aggregate with jit off, the faster of its two runs in most cases."
if [ -n "${BENCH_BASELINE_REV:-}" ]; then
  for c in "${CASES[@]}"; do
    out "- $c: the platform's SQL at $BENCH_BASELINE_REV took $(med "$c-baseline") ms (median), now $(med "$c-platform") ms:" \
      "$(ratio "$(med "$c-baseline")" "$(med "$c-platform")") faster."
  done
fi
out ""

# ---- plans --------------------------------------------------------------------------------------

explain() { # explain TITLE FILE [settings]
  local title="$1" file="$2" settings="${3:-}"
  out "### $title"
  out ""
  { [ -n "$settings" ] && echo "$settings"; echo "explain (analyze, buffers)"; grep -v '^set jit' "$file"; } >"$WORK/explain.sql"
  sqlq -f "$WORK/explain.sql" >"$WORK/explain.txt" 2>&1 || true
  out_code text "$WORK/explain.txt"
  out ""
}
out "## Plans (EXPLAIN (ANALYZE, BUFFERS), parameters inlined)"
out ""
out "The platform's SQL as run for the whole plan (the subtree differs only by the unit condition):"
out ""
out '```sql'
out_file "$WORK/whole-platform.sql" >/dev/null
out '```'
out ""
explain "The platform's SQL, whole plan (as the platform runs it)" "$WORK/whole-platform.sql" "$(jit_prefix "$COMPILATIONS")"
explain "The platform's SQL, subtree M (as the platform runs it)" "$WORK/subtree-platform.sql" "$(jit_prefix "$COMPILATIONS")"
explain "The hand-written aggregate, whole plan (jit off)" "$WORK/whole-hand.sql" "set jit = off;"
jit_prefix "$COMPILATIONS" | grep -q jit && explain "The platform's SQL, whole plan, with the server's default jit (what setting it off saves)" "$WORK/whole-platform.sql"
[ -n "${BENCH_BASELINE_REV:-}" ] && explain "The platform's SQL at $BENCH_BASELINE_REV (before), whole plan, as it ran" "$WORK/whole-baseline.sql" "$(jit_prefix "$WORK/Compilations-baseline.java")"

stop_platform "$PLATFORM_PID"
out_platform_behaviour "$WORK/platform.log"
out ""
out "## How to read this"
out ""
out "- **API** is what a coordinator waits for: the token and policy look-ups, the one compilation statement,"
out "  reading its JSON columns into records and writing the response (about 1 MB for the whole plan: every"
out "  missing assignment and every open bottleneck is listed). **The platform's SQL alone** is that statement run"
out "  by psql; **API − platform SQL** is what Java, JDBC and HTTP add."
out "- **The hand-written aggregate** computes only the figures the issue names (expected, received, on time; each"
out "  task's status and mean progress), by the same rules, as plainly as SQL allows. The platform's statement also"
out "  lists the missing assignments and open bottlenecks (with the period each was first flagged) and aggregates"
out "  150 indicators: more work, so a ratio above 1 is expected; the aim is 1.5×."
out "- **Cache** (V106, \`CompilationCache\`): each node keeps compilations keyed by (plan, period, scope, clearance, the"
out "  plan's data version). Triggers move the data version in the same transaction as any change the compilation reads,"
out "  so a kept result is never served after a change committed on any node; the check costs one read per request."
out "  \"Unchanged\" is the common case (a period's report is read far more often than its data changes, and not at all"
out "  once it locks); \"changed\" is the worst case, every request after a new report."
out "- Both read each assignment's report for the period through the (plan_id, period) index and walk back in"
out "  time only for the assignments without one. Neither can avoid touching all 200,000 assignments for the whole"
out "  plan: the figures are defined per assignment. What would change the order of magnitude is not an index but a"
out "  summary kept per period (each assignment's contributing report and the per-task counts, updated when a report"
out "  is submitted, immutable once the period locks) or a cache of the compiled result per (plan, period, scope,"
out "  secrecy), invalidated by \`ReportSubmitted\`."
out "- On $(nproc) cores, the JVM, PostgreSQL and the client share the CPU with whatever else runs (load averages above);"
out "  runs are sequential, so the numbers are latencies, not throughput."
out "- Scratch database \`$DB\` dropped at the end."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
