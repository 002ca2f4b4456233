#!/usr/bin/env bash
# Benchmark `datasets-rollup`: the roll-up of a data set (GET /api/v1/datasets/{id}/rollup) over 2,000 units × 50 fields
# × 12 monthly periods (24,000 assignments, about 21,600 submissions), for the whole tree and for one mid-level subtree,
# against a hand-written SQL aggregate of the same figures in the same run (issue 18: < 1 s and ≤ 1.5× the SQL).
#   - a scratch database truongson_bench_datasets on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true), then bench/lib/datasets-rollup-data.sql by psql;
#   - BENCH_RUNS (20) sequential requests per case after BENCH_WARMUPS (3), timed by curl; the hand-written aggregate
#     the same number of times by pgbench (-c 1, its average latency); the API's figures checked against the SQL's.
# The scratch database is dropped at the end. Run with: ./truongson bench datasets-rollup
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init datasets-rollup "$@"
for t in psql pgbench jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
RUNS="${BENCH_RUNS:-20}"
WARMUPS="${BENCH_WARMUPS:-3}"
PERIOD="${BENCH_PERIOD:-2026-06}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_datasets
WORK="$BENCH_WORK/datasets-rollup"
DATA="$BENCH_WORK/datasets-rollup-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
rm -rf "$WORK"/*.sql "$WORK"/*.json "$WORK"/*.txt

scratch_database
platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 1500)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "data set roll-up at 2,000 units × 50 fields × 12 periods, API against SQL" \
  "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

bench_log "generating 2,000 units, 24,000 assignments and their submissions"
t0=$(now_ns)
DS_ID="$(sqlq -f "$BENCH_LIB/datasets-rollup-data.sql" | tail -1)"
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
[[ "$DS_ID" =~ ^[0-9]+$ ]] || bench_die "the data script did not answer a data set id: $DS_ID"
IFS='|' read -r N_ASSIGN N_SUB SUB_SIZE < <(sqlq -c "select (select count(*) from datasets_assignment where dataset_id = $DS_ID),
  count(*), pg_size_pretty(pg_total_relation_size('datasets_submission')) from datasets_submission where dataset_id = $DS_ID")
IFS='|' read -r ROOT_ID ROOT_PATH < <(sqlq -c "select id, path from org_unit where parent_id is null order by id limit 1")
IFS='|' read -r M_ID M_PATH < <(sqlq -c "select id, path from org_unit where code = 'C2-00001'")

TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"dieuphoi.btl86","password":"TruongSon@2026"}' | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in dieuphoi.btl86"

# The hand-written aggregate: the same figures, written plainly against the tables, with a LIKE on the path.
hand_sql() { # hand_sql PATH
  local cols="" n f
  for n in $(seq 1 50); do
    f="f$(printf '%02d' "$n")"
    if [ "$n" -le 40 ]; then cols+=", sum((s.values->>'$f')::numeric)"
    elif [ "$n" -le 45 ]; then cols+=", round(avg((s.values->>'$f')::numeric), 6)"
    elif [ "$n" -le 48 ]; then cols+=", max((s.values->>'$f')::numeric)"
    else cols+=", count(*) filter (where (s.values->>'$f')::boolean)"; fi
  done
  cat <<SQL
select count(*), count(s.unit_id), count(*) filter (where s.on_time), array_agg(a.unit_id order by a.unit_id) filter (where s.unit_id is null)$cols
from datasets_assignment a
join org_unit u on u.id = a.unit_id
left join datasets_submission s on s.dataset_id = a.dataset_id and s.period = a.period and s.unit_id = a.unit_id
where a.dataset_id = $DS_ID and a.period = '$PERIOD' and u.path like '$1%';
SQL
}

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\` (ready after $READY_MS ms)"
out "- Data: \`bench/lib/datasets-rollup-data.sql\` in $GEN_MS ms: data set $DS_ID (50 fields), $N_ASSIGN assignments, **$N_SUB submissions** (\`datasets_submission\` $SUB_SIZE)"
out "- Period $PERIOD; whole tree = unit $ROOT_ID (the root, 2,000 generated units + the demo's assigned none); subtree M = unit $M_ID (\`C2-00001\`, 100 units)"
out "- Reader: \`dieuphoi.btl86\` (DATA_COORDINATOR on the root, cleared Thường), bearer token, loopback"
out "- Runs: $WARMUPS warm-ups, then $RUNS sequential runs per case. API: \`curl -w %{time_total}\`. SQL: \`pgbench -n -c 1 -t $RUNS\` (average latency)"
out ""
out "## Results"
out ""
out "| Case | Units expected | Received | API median ms | API p95 ms | SQL avg ms | API / SQL | Figures agree |"
out "|---|---|---|---|---|---|---|---|"

for c in whole mid; do
  if [ "$c" = whole ]; then unit=$ROOT_ID; path=$ROOT_PATH; else unit=$M_ID; path=$M_PATH; fi
  url="$BASE/api/v1/datasets/$DS_ID/rollup?period=$PERIOD&unitId=$unit"
  code="$(curl -s -o "$WORK/$c.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")"
  [ "$code" = 200 ] || { head -c 2000 "$WORK/$c.json" >&2; bench_die "API $c answered $code"; }
  hand_sql "$path" >"$WORK/$c-hand.sql"
  sqlq -F '|' -f "$WORK/$c-hand.sql" >"$WORK/$c-hand-out.txt"
  IFS='|' read -r h_expected h_received h_ontime h_missing h_f01 h_rest <"$WORK/$c-hand-out.txt"
  a_expected="$(jq -r .expected "$WORK/$c.json")"
  a_received="$(jq -r .received "$WORK/$c.json")"
  a_f01="$(jq -r .values.f01 "$WORK/$c.json")"
  a_f41="$(jq -r .values.f41 "$WORK/$c.json")"
  h_f41="$(cut -d'|' -f45 "$WORK/$c-hand-out.txt")"
  agree=no
  if [ "$a_expected" = "$h_expected" ] && [ "$a_received" = "$h_received" ] && [ "$a_f01" = "$h_f01" ] \
     && awk -v a="$a_f41" -v b="$h_f41" 'BEGIN { exit !((a - b) < 1e-6 && (b - a) < 1e-6) }'; then agree=yes; fi
  for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  : >"$WORK/$c-api-ms.txt"
  for i in $(seq 1 "$RUNS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url" | awk '{ printf "%.1f\n", $1 * 1000 }' >>"$WORK/$c-api-ms.txt"
  done
  read -r _ api_median _ _ _ < <(stats <"$WORK/$c-api-ms.txt")
  api_p95="$(percentile 95 <"$WORK/$c-api-ms.txt")"
  PGPASSWORD= pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$WORK/$c-hand.sql" "$DB" >/dev/null 2>&1
  PGPASSWORD= pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$WORK/$c-hand.sql" "$DB" >"$WORK/$c-pgbench.txt" 2>&1
  sql_avg="$(sed -n 's/^latency average = \([0-9.]*\) ms$/\1/p' "$WORK/$c-pgbench.txt")"
  ratio="$(awk -v a="$api_median" -v b="$sql_avg" 'BEGIN { printf "%.2f", a / b }')"
  out "| $c | $a_expected | $a_received | $api_median | $api_p95 | $sql_avg | $ratio | $agree |"
  bench_log "$c: API median $api_median ms, SQL $sql_avg ms, agree $agree"
done
out ""
out "The API's time includes HTTP, the bearer token, the policy's grants, the data set's read and JSON; the SQL's is the"
out "server's alone. Machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
stop_platform
