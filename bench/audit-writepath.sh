#!/usr/bin/env bash
# Benchmark `audit-writepath` (issue 11): what the verifiable audit trail costs the write path. In one run, the same build
# twice on a scratch database of its own on the machine's PostgreSQL (127.0.0.1:5432): first with the trail on (every
# change appends one keyed row in its own transaction; the sealer signs a head every second), then with the audit sink
# switched to no-op (--truongson.audit.sink=noop, a benchmark-only setting the platform refuses outside demo mode). Each
# time, for BENCH_CLIENTS ("50 100") concurrent clients: monthly report submission (PUT /api/v1/assignments/{id}/
# reports/{period}, bench/report-submit.sh's data and wrk script) and dossier filing (POST /api/v1/dossiers,
# bench/dossier-submit.sh's body), BENCH_DURATION (15 s) each after a BENCH_WARMUP (5 s) warm-up of each endpoint.
# With the trail on, the seal lag (a record's `at` to the signedAt of the first head that covers it) of every record
# written during the measured runs: p50/p99/max. Then audit-verify over that database (BENCH_VERIFY=0: not).
# BENCH_START_TIMEOUT (900 s): how long a start may take on a loaded machine.
# Run with: ./truongson bench audit-writepath
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init audit-writepath "$@"
for t in wrk psql jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-5s}"
read -r -a CLIENTS <<<"${BENCH_CLIENTS:-50 100}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
WORK="$BENCH_WORK/audit-writepath"
mkdir -p "$WORK"
rm -f "$WORK"/wrk-*.txt
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
OTHER_JVMS="$(pgrep -c java || true)"
DOSSIER='{"procedureCode":"BQP-BP-02","channel":"ONLINE","applicant":{"idNumber":"001090001234","fullName":"Nguyễn Văn An","dateOfBirth":"1990-05-14","phone":"0912345678","email":"an@example.vn"},"formData":{"vesselName":"HAI PHONG STAR","imo":"9123456","flag":"VNM","master":"NGUYEN VAN AN","crew":"18","passengers":"0","port":"Cảng Hải Phòng","eta":"01/12/2026"}}'
YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
PERIOD="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
declare -A R
LAG=""
AUDIT_ROWS=()
VERIFY="not run (BENCH_VERIFY=0)"

token() { # token USER
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"TruongSon@2026\"}" |
    jq -r '.accessToken // empty'
}

phase() { # phase MODE (on | noop)
  local mode="$1" extra=() c
  DB="truongson_bench_audit_$mode"
  DATA="$BENCH_WORK/audit-writepath-data-$mode"
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  scratch_database
  platform_env_on_scratch_database
  rm -rf "$DATA"
  [ "$mode" = noop ] && extra=(--truongson.audit.sink=noop)
  bench_log "[$mode] starting the platform on port $PORT against $DB ${extra[*]}"
  start_platform "$WORK/platform-$mode.log" "$PORT" "${JVM_OPTS[@]}" -- "${extra[@]}"
  wait_ready "$PORT" "$WORK/platform-$mode.log" "${BENCH_START_TIMEOUT:-900}" >/dev/null || bench_die "the platform did not start: $(platform_exit_status)"
  local plan ids btl86 reporter rtoken dtoken a0 a1 t0 t1
  plan="$(sqlq -v year="$YEAR" -f "$BENCH_LIB/report-submit-data.sql" | tail -1)"
  [[ "$plan" =~ ^[0-9]+$ ]] || bench_die "the data script did not answer a plan id: $plan"
  ids="$(sqlq -c "select string_agg(id::text, ',' order by id) from programme_assignment where plan_id = $plan")"
  btl86="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
  reporter="$(sqlq -c "select official_id from access_account where username = 'baocao.btl86'")"
  sqlq -c "insert into access_grant (official_id, role, unit_id, scope) values ($reporter, 'UNIT_REPORTER', $btl86, 'SUBTREE') on conflict do nothing"
  rtoken="$(token baocao.btl86)"; [ -n "$rtoken" ] || bench_die "could not sign in baocao.btl86"
  dtoken="$(token motcua.bdbp)"; [ -n "$dtoken" ] || bench_die "could not sign in motcua.bdbp"
  export WRK_IDS="$ids" WRK_PERIOD="$PERIOD"
  bench_log "[$mode] warm-up, $WARMUP each"
  WRK_SCRIPT=wrk-report-submit.lua run_wrk "warm-report-$mode" "${CLIENTS[0]}" "$WARMUP" "$BASE/" PUT "" "$rtoken"
  run_wrk "warm-dossier-$mode" "${CLIENTS[0]}" "$WARMUP" "$BASE/api/v1/dossiers" POST "$DOSSIER" "$dtoken"
  a0="$(sqlq -c "select count(*) from audit_event")"
  t0="$(sqlq -c "select now()")"
  for c in "${CLIENTS[@]}"; do
    bench_log "[$mode] report submission, $c clients, $DURATION"
    WRK_SCRIPT=wrk-report-submit.lua run_wrk "report-$mode-$c" "$c" "$DURATION" "$BASE/" PUT "" "$rtoken"
    R[report-$mode-$c]="$WRK_RPS|$WRK_P50|$WRK_P99|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
    bench_log "[$mode] dossier filing, $c clients, $DURATION"
    run_wrk "dossier-$mode-$c" "$c" "$DURATION" "$BASE/api/v1/dossiers" POST "$DOSSIER" "$dtoken"
    R[dossier-$mode-$c]="$WRK_RPS|$WRK_P50|$WRK_P99|$WRK_REQUESTS|$WRK_STATUSES|$WRK_ERRORS"
  done
  t1="$(sqlq -c "select now()")"
  a1="$(sqlq -c "select count(*) from audit_event")"
  AUDIT_ROWS+=("$mode: $((a1 - a0))")
  if [ "$mode" = on ]; then
    # Everything written during the runs sealed (at most 60 s), then the lag of each of those records.
    for _ in $(seq 1 60); do
      [ "$(sqlq -c "select count(*) from audit_event e where e.at < '$t1' and not exists (select 1 from audit_leaf l where l.event_id = e.id)")" = 0 ] && break
      sleep 1
    done
    LAG="$(sqlq -F '|' -c "select count(*), round(percentile_cont(0.5) within group (order by lag)::numeric, 2),
        round(percentile_cont(0.99) within group (order by lag)::numeric, 2), round(max(lag)::numeric, 2), count(*) filter (where lag is null)
      from (select extract(epoch from (select h.signed_at from audit_tree_head h where h.tree_size > l.leaf_index order by h.tree_size limit 1) - e.at) as lag
            from audit_event e left join audit_leaf l on l.event_id = e.id where e.at >= '$t0' and e.at < '$t1') x")"
    LAG_HEADS="$(sqlq -c "select count(*) from audit_tree_head where signed_at >= '$t0' and signed_at < '$t1'::timestamptz + interval '60 seconds'")"
  fi
  stop_platform "$PLATFORM_PID"
  if [ "$mode" = on ] && [ "${BENCH_VERIFY:-1}" = 1 ]; then
    bench_log "[$mode] audit-verify on $DB"
    VERIFY="$(audit_verify "$TRUONGSON_DB_URL" "$WORK/audit-verify.txt")"
  fi
  admin_sql "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
}

phase on
phase noop

bench_header "the write path with the audit trail on and with a no-op audit sink" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, a scratch database per phase"
out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=jdbc:postgresql://$PGHOST_:$PGPORT_/truongson_bench_audit_{on,noop}?user=postgres TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar\`, the second phase with \`--truongson.audit.sink=noop\` (refused outside demo mode). Default pool (20), sealer every 1 s."
out "- Load before the start: $LOAD_BEFORE ($OTHER_JVMS JVMs on the machine, other helpers' included): only ratios within this run count."
out "- Report submission: \`bench/lib/report-submit-data.sql\` (1,000 assignments), reporter \`baocao.btl86\`, \`wrk -t2 -cN -d$DURATION --timeout 10s --latency -s bench/lib/wrk-report-submit.lua\`, period $PERIOD."
out "- Dossier filing: \`POST /api/v1/dossiers\` (BQP-BP-02, channel ONLINE) by \`motcua.bdbp\`, \`wrk -t2 -cN -d$DURATION --timeout 10s --latency\`."
out "- Order: trail on (warm-up, then 50 and 100 clients of each), then the no-op phase on a fresh database, the same steps."
out ""
out "## Results"
out ""
out "| Endpoint | clients | audit on req/s | no-op req/s | on / no-op | on p50 / p99 ms | no-op p50 / p99 ms | statuses (on; no-op) |"
out "|---|---:|---:|---:|---:|---:|---:|---|"
for e in report dossier; do
  for c in "${CLIENTS[@]}"; do
    IFS='|' read -r on_rps on_p50 on_p99 _ on_st _ <<<"${R[$e-on-$c]}"
    IFS='|' read -r no_rps no_p50 no_p99 _ no_st _ <<<"${R[$e-noop-$c]}"
    case "$e" in report) ep="PUT …/reports/{period}" ;; *) ep="POST /api/v1/dossiers" ;; esac
    out "| \`$ep\` | $c | $on_rps | $no_rps | **$(awk -v a="$on_rps" -v b="$no_rps" 'BEGIN { printf "%.2f", a / b }')×** | $on_p50 / $on_p99 | $no_p50 / $no_p99 | $on_st; $no_st |"
  done
done
out ""
IFS='|' read -r n p50 p99 max unsealed <<<"$LAG"
out "**Seal lag** with the trail on (each record's \`at\` to the \`signedAt\` of the first head covering it), all $n records written during the measured runs: p50 **$p50 s**, p99 **$p99 s**, max $max s ($unsealed not sealed within 60 s after the runs; $LAG_HEADS heads signed)."
out ""
out "Audit rows written during the measured runs: ${AUDIT_ROWS[*]}. Audit trail after the load (\`audit-verify\`): $VERIFY"
out ""
out_platform_behaviour "$WORK/platform-on.log"
out ""
out "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
bench_log "results: ${BENCH_RESULT#"$BENCH_ROOT"/}"
