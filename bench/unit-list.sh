#!/usr/bin/env bash
# Benchmark `unit-list`: authorised unit-subtree lists over 10,000 units and 100,000 officials, through
# the API and, in the same run, as the raw SQL the platform generates for them.
#   - a scratch database truongson_bench on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it with demo data (TRUONGSON_DB_URL, TRUONGSON_DEMO=true), then bulk data by psql
#     (bench/lib/unit-list-data.sql);
#   - GET /api/v1/officials?unitId=<M>&subtree=true&limit=200 and GET /api/v1/units?parentId=<M>, M a
#     depth-3 unit, for (i) baocao.btl86 given a SUBTREE grant on M and (ii) dieuphoi.btl86, whose grant
#     covers the whole ministry; wrk, 4 connections, 20 s after a 5 s warm-up;
#   - the same SQL with pgbench (-M prepared -c 4 -T 20): the main query alone, and every statement one
#     request makes; EXPLAIN ANALYZE of the plans. The scratch database is dropped at the end.
# Run with: ./truongson bench unit-list
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init unit-list "$@"
for t in wrk pgbench psql; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-20s}"
WARMUP="${BENCH_WARMUP:-5s}"
CONNS="${BENCH_CONNECTIONS:-4}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench
WORK="$BENCH_WORK/unit-list"
DATA="$BENCH_WORK/unit-list-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
rm -rf "$WORK"/pgbench-* "$WORK"/*.sql

scratch_database

# ---- the platform, with demo data, on the scratch database --------------------------------------

platform_env_on_scratch_database
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 300)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "authorised unit-subtree lists, API against raw SQL" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

bench_log "generating 10,000 units and 100,000 officials"
t0=$(now_ns)
sqlq -f "$BENCH_LIB/unit-list-data.sql" >/dev/null
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
read -r N_UNITS N_OFFICIALS N_SECRET_UNITS N_SECRET_OFFICIALS < <(sqlq -F ' ' -c \
  "select (select count(*) from org_unit), (select count(*) from org_official), (select count(*) from org_unit where secrecy > 0), (select count(*) from org_official where secrecy > 0)")

# M: the first generated depth-3 unit; its subtree holds ~100 units and ~1,000 officials.
IFS='|' read -r M_ID M_PATH M_CODE < <(sqlq -c "select id, path, code from org_unit where code = 'B3-00001'")
read -r M_UNITS M_OFFICIALS M_VISIBLE < <(sqlq -F ' ' -c "select (select count(*) from org_unit where path like '$M_PATH%'),
  (select count(*) from org_official o join org_unit u on u.id = o.unit_id where u.path like '$M_PATH%'),
  (select count(*) from org_official o join org_unit u on u.id = o.unit_id where u.path like '$M_PATH%' and o.secrecy = 0)")
M_CHILDREN="$(sqlq -c "select count(*) from org_unit where parent_id = $M_ID")"
BTL86_ID="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
ROOT_ID="$(sqlq -c "select id from org_unit where parent_id is null order by id limit 1")"
ROOT_PATH="$(sqlq -c "select path from org_unit where id = $ROOT_ID")"
BAOCAO_OFF="$(sqlq -c "select official_id from access_account where username = 'baocao.btl86'")"
DIEUPHOI_OFF="$(sqlq -c "select official_id from access_account where username = 'dieuphoi.btl86'")"

# (i) baocao.btl86 (cleared Thường, UNIT_REPORTER on BTL86 with UNIT scope) gets a SUBTREE grant on M.
sqlq -c "insert into access_grant (official_id, role, unit_id, scope) values ($BAOCAO_OFF, 'UNIT_REPORTER', $M_ID, 'SUBTREE') on conflict do nothing"
sqlq -c "analyze access_grant" >/dev/null

token_of() {
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"TruongSon@2026\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'
}
TOKEN_BAOCAO="$(token_of baocao.btl86)"
TOKEN_DIEUPHOI="$(token_of dieuphoi.btl86)"
[ -n "$TOKEN_BAOCAO" ] && [ -n "$TOKEN_DIEUPHOI" ] || bench_die "could not sign in the two accounts"
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true TRUONGSON_DATA_DIR=${DATA#"$BENCH_ROOT"/} java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\`"
out "  (a private copy of the jar; default JIT; migrations and demo data on start, ready after $READY_MS ms)"
out "- Data: \`bench/lib/unit-list-data.sql\` by psql in $GEN_MS ms: $N_UNITS units in all ($N_SECRET_UNITS Mật), $N_OFFICIALS officials ($N_SECRET_OFFICIALS Mật);"
out "  generated: 10 + 100 + 1,000 + 8,890 units at depths 2–5 under the root, 10 officials per generated unit, every 50th of each Mật"
out "- M = unit $M_ID (\`$M_CODE\`, depth 3, path \`$M_PATH\`): $M_UNITS units in its subtree, $M_CHILDREN children, $M_OFFICIALS officials ($M_VISIBLE Thường)"
out "- Accounts (both cleared Thường, so Mật rows are filtered out for both; requests from loopback = military network):"
out "  - (i) \`baocao.btl86\`: UNIT_REPORTER on BTL86 (UNIT) + UNIT_REPORTER on M (SUBTREE, inserted by psql)"
out "  - (ii) \`dieuphoi.btl86\`: PROGRAMME_COORDINATOR on the root (SUBTREE): the ministry-wide view, no unit filter in SQL"
out "- API: \`wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report.lua\` with \`Authorization: Bearer\`, after a $WARMUP warm-up of the same request"
out "- Raw SQL: \`pgbench -n -M prepared -c $CONNS -j 2 -T ${DURATION%s} -f <script> -l\` on the same database, per-transaction latencies from pgbench's log"
out ""

# ---- the SQL the platform generates -------------------------------------------------------------
# Officials.list, with Visibility.where("o.unit_id", "o.secrecy") and OrgAccessBridge.withinSubtreesSql;
# Units.list with Visibility.where("u.id", "u.secrecy"). Parameters inlined.
OFF_COLS="o.id, o.full_name, o.unit_id, o.position, o.rank_title, o.clearance, o.secrecy, o.email, o.phone, o.active"
UNIT_COLS="u.id, u.code, u.name, u.short_name, u.kind, u.parent_id, u.path, u.depth, u.organ_id, u.secrecy"
ACL_U_BAOCAO="(u.id = any('{$BTL86_ID,$M_ID}'::bigint[]) or u.id in (select id from org_unit where path like any(select p || '%' from unnest('{$M_PATH}'::text[]) p))) and u.secrecy <= 0"
declare -A MAIN
# officials_acl_sql UNITS PATHS LEVEL UNITPATH LIMIT OFFSET (SQL expressions): Officials.list for a person
# with UNIT and SUBTREE grants, unit filter with subtree=true.
officials_acl_sql() {
  echo "select $OFF_COLS from org_official o where (o.unit_id = any($1) or o.unit_id in (select id from org_unit where path like any(select p || '%' from unnest($2::text[]) p))) and o.secrecy <= $3 and o.unit_id in (select id from org_unit where path like $4) order by o.unit_id, o.id limit $5 offset $6"
}
MAIN[officials-baocao]="$(officials_acl_sql "'{$BTL86_ID,$M_ID}'::bigint[]" "'{$M_PATH}'" 0 "'$M_PATH%'" 200 0)"
MAIN[officials-dieuphoi]="select $OFF_COLS from org_official o where o.secrecy <= 0 and o.unit_id in (select id from org_unit where path like '$M_PATH%') order by o.unit_id, o.id limit 200 offset 0"
MAIN[units-baocao]="select $UNIT_COLS from org_unit u where $ACL_U_BAOCAO and u.parent_id = $M_ID order by u.path limit 1000"
MAIN[units-dieuphoi]="select $UNIT_COLS from org_unit u where u.secrecy <= 0 and u.parent_id = $M_ID order by u.path limit 1000"
declare -A URL TOKEN OFFICIAL ROOTS
URL[officials]="$BASE/api/v1/officials?unitId=$M_ID&subtree=true&limit=200"
URL[units]="$BASE/api/v1/units?parentId=$M_ID"
TOKEN[baocao]="$TOKEN_BAOCAO"; TOKEN[dieuphoi]="$TOKEN_DIEUPHOI"
OFFICIAL[baocao]="$BAOCAO_OFF"; OFFICIAL[dieuphoi]="$DIEUPHOI_OFF"
ROOTS[baocao]="$M_ID"; ROOTS[dieuphoi]="$ROOT_ID"
CASES=(officials-baocao officials-dieuphoi units-baocao units-dieuphoi)

# Every statement one API request makes, in the order the platform sends them (seen with log_statement):
# the token (BearerTokenFilter → Tokens.resolve); the person and their grants (DefaultAccessPolicy.currentActor:
# OrgAccessBridge.profile, Grants.of); the person again (web.Shell's @ModelAttribute, which runs for
# @RestController too); the SUBTREE roots' paths (Visibility: pathsOf); for a subtree filter the unit itself
# (Units.find); then the list. Hikari may add an empty validation query on a connection idle > 500 ms.
full_script() { # full_script CASE
  local c="$1" who="${1#*-}" what="${1%-*}"
  local profile="select o.id, o.full_name, o.unit_id, u.code, u.name, o.clearance, o.active from org_official o join org_unit u on u.id = o.unit_id where o.id = ${OFFICIAL[$who]};"
  cat <<SQL
select a.id, a.official_id, a.username from access_token t join access_account a on a.id = t.account_id where t.token_hash = '$(sha "${TOKEN[$who]}")' and t.expires_at > now();
$profile
select id, role, unit_id, scope from access_grant where official_id = ${OFFICIAL[$who]} order by id;
$profile
select id, path from org_unit where id = any('{${ROOTS[$who]}}'::bigint[]);
SQL
  if [ "$what" = officials ]; then echo "select $UNIT_COLS from org_unit u where u.id = $M_ID;"; fi
  echo "${MAIN[$c]};"
}

for c in "${CASES[@]}"; do
  echo "${MAIN[$c]};" >"$WORK/$c-main.sql"
  full_script "$c" >"$WORK/$c-full.sql"
done

# ---- correctness: the raw SQL returns what the API returns ---------------------------------------

out "## Same rows"
out ""
out "| Case | API rows | raw SQL rows | Same ids in the same order |"
out "|---|---:|---:|---|"
for c in "${CASES[@]}"; do
  what="${c%-*}"; who="${c#*-}"
  api_ids="$(curl -s "${URL[$what]}" -H "Authorization: Bearer ${TOKEN[$who]}" | { grep -oE '"id":"[0-9]+"' || true; } | grep -oE '[0-9]+' | tr '\n' ' ' || true)"
  sql_ids="$(sqlq -c "select id from (${MAIN[$c]}) q" | tr '\n' ' ')"
  same=no; [ "$api_ids" = "$sql_ids" ] && same=yes
  out "| $c | $(wc -w <<<"$api_ids") | $(wc -w <<<"$sql_ids") | $same |"
  [ "$same" = yes ] || bench_log "WARNING: $c: the API and the raw SQL disagree"
done
out ""

# ---- how many statements one request makes (pg_stat_database) ------------------------------------

xacts() { sqlq -c "select pg_stat_clear_snapshot(); select xact_commit + xact_rollback from pg_stat_database where datname = '$DB'" | tail -1; }
bench_log "counting the transactions of 100 sequential requests (officials, baocao.btl86); ~25 s"
sleep 11   # backends flush their statistics when idle for 10 s
x0="$(xacts)"
for _ in $(seq 1 100); do curl -s -o /dev/null "${URL[officials]}" -H "Authorization: Bearer $TOKEN_BAOCAO"; done
sleep 11
x1="$(xacts)"
XACT_PER_REQ="$(awk -v a="$x0" -v b="$x1" 'BEGIN { printf "%.2f", (b - a - 1) / 100 }')"   # 1: the first read itself
out "Transactions per API request (officials, (i)), from pg_stat_database over 100 sequential requests: **$XACT_PER_REQ**"
out "(each autocommit statement is one transaction; the platform's scheduled jobs may add one or two in the window;"
out "the full-request script for this case has $(grep -c . "$WORK/officials-baocao-full.sql") statements)."
out ""

# ---- load: API with wrk, SQL with pgbench ---------------------------------------------------------

declare -A API RAWM RAWF
for c in "${CASES[@]}"; do
  what="${c%-*}"; who="${c#*-}"
  bench_log "API $c: warm-up $WARMUP"
  run_wrk "warmup-$c" "$CONNS" "$WARMUP" "${URL[$what]}" GET "" "${TOKEN[$who]}"
  bench_log "API $c: $DURATION"
  run_wrk "api-$c" "$CONNS" "$DURATION" "${URL[$what]}" GET "" "${TOKEN[$who]}"
  API[$c]="$WRK_RPS|$WRK_P50|$WRK_P99|$WRK_MEAN|$WRK_STATUSES|$WRK_ERRORS"
done

# pgbench_run LABEL SCRIPT: prints "tps|mean_ms|p50_ms|p99_ms|transactions|failed"
pgbench_run() {
  local label="$1" script="$2" dir="$WORK/pgbench-$1"
  mkdir -p "$dir"
  (cd "$dir" && timeout --kill-after=10 $(( ${DURATION%s} + 60 )) pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -M prepared \
      -c "$CONNS" -j 2 -T "${DURATION%s}" -f "$script" -l --log-prefix=tx "$DB" >"$dir/out.txt" 2>&1) \
    || { cat "$dir/out.txt" >&2; bench_die "pgbench $label failed"; }
  local tps n failed
  tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$dir/out.txt" | head -1)"
  n="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$dir/out.txt")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$dir/out.txt")"
  # log lines: client_id transaction_no time_us script_no time_epoch time_us_part
  cat "$dir"/tx* | awk '{print $3 / 1000}' >"$dir/latencies-ms.txt"
  printf '%s|%s|%s|%s|%s|%s\n' "$(awk -v t="$tps" 'BEGIN { printf "%.1f", t }')" \
    "$(awk '{s += $1} END { printf "%.3f", s / NR }' "$dir/latencies-ms.txt")" \
    "$(percentile 50 <"$dir/latencies-ms.txt")" "$(percentile 99 <"$dir/latencies-ms.txt")" "$n" "${failed:-0}"
}

for c in "${CASES[@]}"; do
  bench_log "raw SQL $c, main query: $DURATION"
  RAWM[$c]="$(pgbench_run "$c-main" "$WORK/$c-main.sql")"
  bench_log "raw SQL $c, every statement of one request: $DURATION"
  RAWF[$c]="$(pgbench_run "$c-full" "$WORK/$c-full.sql")"
done

out "## Results"
out ""
out "Latency per request (API, wrk) or per script run (raw SQL, pgbench), in ms; $CONNS concurrent clients each."
out ""
out "| Case | API req/s | API p50 | API p99 | API mean | Raw main query: mean | p50 | p99 | tx/s | Raw full request: mean | p99 | API mean ÷ raw main mean | API mean ÷ raw full mean |"
out "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for c in "${CASES[@]}"; do
  IFS='|' read -r a_rps a_p50 a_p99 a_mean a_st a_err <<<"${API[$c]}"
  IFS='|' read -r m_tps m_mean m_p50 m_p99 m_n m_fail <<<"${RAWM[$c]}"
  IFS='|' read -r f_tps f_mean f_p50 f_p99 f_n f_fail <<<"${RAWF[$c]}"
  out "| $c | $a_rps | $a_p50 | $a_p99 | $a_mean | $m_mean | $m_p50 | $m_p99 | $m_tps | $f_mean | $f_p99 | $(awk -v a="$a_mean" -v b="$m_mean" 'BEGIN { printf "%.1f×", a / b }') | $(awk -v a="$a_mean" -v b="$f_mean" 'BEGIN { printf "%.1f×", a / b }') |"
done
out ""
out "| Case | API HTTP statuses | API socket errors | pgbench failed transactions (main / full) |"
out "|---|---|---|---|"
for c in "${CASES[@]}"; do
  IFS='|' read -r _ _ _ _ a_st a_err <<<"${API[$c]}"
  IFS='|' read -r _ _ _ _ _ m_fail <<<"${RAWM[$c]}"
  IFS='|' read -r _ _ _ _ _ f_fail <<<"${RAWF[$c]}"
  out "| $c | $a_st | $a_err | $m_fail / $f_fail |"
done
out ""

# ---- plans ---------------------------------------------------------------------------------------

explain() { # explain TITLE SQL…: EXPLAIN ANALYZE output as a fenced block
  local title="$1"; shift
  out "### $title"
  out ""
  sqlq "$@" >"$WORK/explain.txt" 2>&1 || true
  out_code text "$WORK/explain.txt"
  out ""
}
out "## Plans (EXPLAIN (ANALYZE, BUFFERS), parameters inlined)"
out ""
for c in "${CASES[@]}"; do
  out "SQL of \`$c\`:"
  out ""
  out '```sql'
  out "${MAIN[$c]};"
  out '```'
  out ""
  explain "$c" -c "explain (analyze, buffers) ${MAIN[$c]}"
done
# What the platform may run after pgjdbc switches to a server-side prepared statement (5th use) and
# PostgreSQL to a generic plan: parameters unknown when planning, so LIKE $4 cannot use the path index.
GENERIC_SQL="$(officials_acl_sql '$1' '$2' '$3' '$4' '$5' '$6')"
explain "officials-baocao, generic plan (plan_cache_mode = force_generic_plan), as a prepared statement may run" \
  -c "set plan_cache_mode = force_generic_plan" \
  -c "prepare q(bigint[], text[], int, text, int, int) as $GENERIC_SQL" \
  -c "explain (analyze, buffers) execute q('{$BTL86_ID,$M_ID}', '{$M_PATH}', 0, '$M_PATH%', 200, 0)"

stop_platform "$PLATFORM_PID"
out_platform_behaviour "$WORK/platform.log"
out ""
out "## How to read this"
out ""
out "- **Raw main query** is the list query alone, as the database runs it: the floor for that request."
out "  **Raw full request** adds every other statement one API request makes (token, person, grants, the"
out "  person again for web.Shell, grant roots, unit), still without Java, JDBC round trips from the JVM, HTTP or JSON."
out "- **API ÷ raw** is what the platform adds on top: HTTP, Spring Security, the policy's look-ups, JDBC"
out "  round trips (one per statement) and JSON. On $(nproc) cores, wrk, the JVM and PostgreSQL compete for CPU,"
out "  so the API numbers include that contention; the pgbench numbers only pgbench's."
out "- (i) filters by grant (UNIT ids, SUBTREE path prefixes) and by secrecy; (ii) needs only the secrecy"
out "  filter, because a SUBTREE grant on the root makes the policy drop the unit condition."
out "- The plans show whether the path prefix (\`path like '…%'\`, index \`org_unit_path\` with"
out "  text_pattern_ops) and \`org_official_unit\` are used. The generic plan is what a server-side prepared"
out "  statement may run once PostgreSQL stops planning per parameter set."
out "- Scratch database \`$DB\` dropped at the end."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
