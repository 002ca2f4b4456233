#!/usr/bin/env bash
# Benchmark `document-issue`: issuing (POST /api/v1/documents/{id}/issue: next number of the outgoing register,
# notation, the unit's PAdES signature over the personal one, all in one transaction) by 50 concurrent clients on
# one register, then a check that the numbers are contiguous from the register's start with no duplicate.
#   - a scratch database truongson_bench_document_issue on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (demo data: the BTL86 drafter, signer and clerk, their certificates from the signing module);
#   - BENCH_DOCS (300) drafts by the drafter, each signed by ky.btl86 with the demo PIN (setup, not measured);
#   - then all of them issued by vanthu.btl86 through BENCH_CLIENTS (50) concurrent curl clients (xargs -P);
#   - baseline in the same run: the register's allocation statement alone (the upsert), by pgbench with the same
#     number of clients, each transaction on the one register row;
#   - with BENCH_BASELINE_JAR=<a platform jar> (e.g. built from main before issue 19), the same load is run first
#     against that jar on a fresh scratch database, so before and after are measured in one run on one machine.
# Numbers are checked against the register: every number after the start is one issued document or one voided line
# (document_register_void, when the jar has it), none twice, up to the register's last number.
# Run with: ./truongson bench document-issue
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init document-issue "$@"
for t in psql pgbench jq python3 xargs; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DOCS="${BENCH_DOCS:-300}"
CLIENTS="${BENCH_CLIENTS:-50}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_document_issue
WORK="$BENCH_WORK/document-issue"
DATA="$BENCH_WORK/document-issue-data"
mkdir -p "$WORK"
rm -rf "$WORK"/*.txt "$WORK"/*.json "$WORK"/pgbench-*

totp() { python3 -c '
import base64, hashlib, hmac, struct, time
k = base64.b32decode("JBSWY3DPEHPK3PXP"); c = int(time.time()) // 30
h = hmac.new(k, struct.pack(">Q", c), hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))'; }
token() { # token USER [otp]
  local body="{\"username\":\"$1\",\"password\":\"TruongSon@2026\"${2:+,\"otp\":\"$2\"}}"
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "$body" | jq -r '.accessToken // empty'
}

# run_round LABEL JAR: a fresh scratch database, the platform from JAR, the setup and the measured load; sets R_<field>.
run_round() {
  local label="$1" jar="$2"
  scratch_database
  platform_env_on_scratch_database
  rm -rf "$DATA"
  BENCH_JAR="$jar"
  PORT="$(free_port)"
  BASE="http://127.0.0.1:$PORT"
  bench_log "[$label] starting the platform on port $PORT against $DB"
  start_platform "$WORK/platform-$label.log" "$PORT" "${JVM_OPTS[@]}"
  READY_MS="$(wait_ready "$PORT" "$WORK/platform-$label.log" "${BENCH_READY_S:-1200}")" || bench_die "the platform did not start: $(platform_exit_status)"
  bench_log "[$label] ready after $READY_MS ms"
  T_DRAFT="$(token soanthao.btl86)"; [ -n "$T_DRAFT" ] || bench_die "sign-in soanthao.btl86"
  T_SIGN="$(token ky.btl86 "$(totp)")"; [ -n "$T_SIGN" ] || bench_die "sign-in ky.btl86"
  T_CLERK="$(token vanthu.btl86 "$(totp)")"; [ -n "$T_CLERK" ] || bench_die "sign-in vanthu.btl86"
  BTL86="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
  QK1="$(sqlq -c "select id from org_unit where code = 'QK1'")"
  SIGNER="$(sqlq -c "select official_id from access_account where username = 'ky.btl86'")"
  YEAR="$(date +%Y)"
  START_NUMBER="$(sqlq -c "select coalesce((select last_number from document_register where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified), 0)")"

  bench_log "[$label] setup: $DOCS drafts, each signed by ky.btl86"
  local META="{\"type\":\"CV\",\"subject\":\"Văn bản đo hiệu năng cấp số\",\"secrecy\":\"THUONG\",\"urgency\":\"THUONG\",\"issuingUnitId\":\"$BTL86\",\"signerId\":\"$SIGNER\",\"recipients\":[{\"unitId\":\"$QK1\"}],\"body\":\"Nội dung văn bản đo hiệu năng.\"}"
  local t0 i id code
  t0=$(now_ns)
  : >"$WORK/ids.txt"
  for i in $(seq 1 "$DOCS"); do
    id="$(curl -s -H "Authorization: Bearer $T_DRAFT" -F "metadata=$META;type=application/json" "$BASE/api/v1/documents" | jq -r '.id // empty')"
    [ -n "$id" ] || bench_die "draft $i failed"
    code="$(curl -s -o "$WORK/sign.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $T_SIGN" -H 'Content-Type: application/json' \
      -d '{"pin":"123456"}' "$BASE/api/v1/documents/$id/sign")"
    [ "$code" = 200 ] || bench_die "sign $id answered $code: $(cat "$WORK/sign.json")"
    echo "$id" >>"$WORK/ids.txt"
  done
  R_SETUP_MS=$(( ($(now_ns) - t0) / 1000000 ))

  bench_log "[$label] issuing $DOCS documents with $CLIENTS concurrent clients"
  export BASE T_CLERK
  R_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(now_ns)
  xargs -P "$CLIENTS" -I{} sh -c 'curl -s -o /dev/null -w "%{http_code} %{time_total}\n" --max-time 120 -X POST -H "Authorization: Bearer $T_CLERK" "$BASE/api/v1/documents/{}/issue"' \
    <"$WORK/ids.txt" >"$WORK/issue-$label.txt"
  R_WALL_MS=$(( ($(now_ns) - t0) / 1000000 ))
  R_OK="$(grep -c '^200 ' "$WORK/issue-$label.txt" || true)"
  R_CODES="$(awk '{print $1}' "$WORK/issue-$label.txt" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
  awk '$1 == 200 { printf "%.1f\n", $2 * 1000 }' "$WORK/issue-$label.txt" >"$WORK/issue-ms-$label.txt"
  R_P50="$(percentile 50 <"$WORK/issue-ms-$label.txt")"; R_P95="$(percentile 95 <"$WORK/issue-ms-$label.txt")"; R_P99="$(percentile 99 <"$WORK/issue-ms-$label.txt")"
  R_MAX="$(sort -n "$WORK/issue-ms-$label.txt" | tail -1)"
  IFS='|' read -r R_N R_DISTINCT R_MINN R_MAXN < <(sqlq -c "select count(*), count(distinct number), min(number), max(number) from document_document
    where issuing_unit_id = $BTL86 and year = $YEAR and secrecy_rank = 0 and number > $START_NUMBER and origin = 'INTERNAL'")
  R_VOIDED=0
  if [ "$(sqlq -c "select to_regclass('document_register_void') is not null")" = t ]; then
    R_VOIDED="$(sqlq -c "select count(*) from document_register_void where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified and number > $START_NUMBER")"
  fi
  R_RESERVED=0
  if [ "$(sqlq -c "select to_regclass('document_number_reservation') is not null")" = t ]; then
    # A request that failed after its reservation, and whose voiding failed too (the pool starved), leaves it in
    # flight until the next reservation on the register voids it as abandoned (after Registers.ABANDONED).
    R_RESERVED="$(sqlq -c "select count(*) from document_number_reservation where unit_id = $BTL86 and year = $YEAR and not classified and number > $START_NUMBER")"
  fi
  R_LAST="$(sqlq -c "select last_number from document_register where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified")"
  R_CONTIGUOUS=no
  [ "$R_N" = "$R_DISTINCT" ] && [ "$((R_N + R_VOIDED + R_RESERVED))" = "$((R_LAST - START_NUMBER))" ] && [ "$R_MINN" -ge "$((START_NUMBER + 1))" ] && R_CONTIGUOUS=yes
  R_THROUGHPUT="$(awk -v n="$R_OK" -v ms="$R_WALL_MS" 'BEGIN { printf "%.1f", n / (ms / 1000) }')"
  R_READY_MS="$READY_MS"
  stop_platform
}

# round_row LABEL: one line of the results table, for the round just run.
round_row() {
  echo "| $1 | $R_OK of $DOCS ($R_CODES) | $R_WALL_MS ms | **$R_THROUGHPUT/s** | $R_P50 / $R_P95 / **$R_P99** / $R_MAX ms | $R_N issued ($R_DISTINCT distinct, $R_MINN–$R_MAXN), $R_VOIDED voided, $R_RESERVED reserved in flight, register last $R_LAST: complete **$R_CONTIGUOUS** | $R_LOAD |"
}

bench_header "issuing with $CLIENTS concurrent clients on one register" "machine server $(admin_sql 'show server_version' 2>/dev/null) on $PGHOST_:$PGPORT_, scratch database \`$DB\`"
THIS_JAR="$BENCH_JAR"
ROWS=()
if [ -n "${BENCH_BASELINE_JAR:-}" ]; then
  [ -f "$BENCH_BASELINE_JAR" ] || bench_die "no $BENCH_BASELINE_JAR"
  cp -f "$BENCH_BASELINE_JAR" "$WORK/platform-baseline.jar"
  run_round baseline "$WORK/platform-baseline.jar"
  ROWS+=("$(round_row "before: \`$(basename "$BENCH_BASELINE_JAR")\`")")
  B_SETUP_MS="$R_SETUP_MS"
fi
run_round this "$THIS_JAR"
ROWS+=("$(round_row "this commit")")
bench_log "baseline: the register upsert alone, pgbench -c $CLIENTS"
cat >"$WORK/upsert.sql" <<SQL
insert into document_register (unit_id, year, direction, classified, last_number) values (-1, 2999, 'OUT', false, 1)
on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1 returning last_number;
SQL
(cd "$WORK" && timeout 300 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c "$CLIENTS" -j 2 -T 15 -f "$WORK/upsert.sql" "$DB" >"$WORK/pgbench.txt" 2>&1) \
  || { cat "$WORK/pgbench.txt" >&2; bench_die "pgbench"; }
UPSERT_TPS="$(grep -o 'tps = [0-9.]*' "$WORK/pgbench.txt" | head -1 | cut -d' ' -f3)"
UPSERT_LAST="$(sqlq -c "select last_number from document_register where unit_id = -1 and year = 2999")"
UPSERT_TX="$(grep -o 'number of transactions actually processed: [0-9]*' "$WORK/pgbench.txt" | grep -o '[0-9]*$')"
sqlq -c "delete from document_register where unit_id = -1" >/dev/null

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar <jar> --server.port=<port>\` on a fresh scratch database per round (ready after $R_READY_MS ms)"
out "- Setup (not measured): $DOCS drafts rendered from a body by soanthao.btl86, each signed by ky.btl86 (PAdES, PIN) in ${B_SETUP_MS:+$B_SETUP_MS ms (before), }$R_SETUP_MS ms"
out "- Load: $DOCS \`POST /api/v1/documents/{id}/issue\` as vanthu.btl86, $CLIENTS concurrent curl clients (\`xargs -P $CLIENTS\`), one register (BTL86, $YEAR, ordinary series), starting after number $START_NUMBER"
out "- Rounds: ${BENCH_BASELINE_JAR:+the jar \`$BENCH_BASELINE_JAR\` (before), then }this commit's jar, one after the other on this machine"
out "- Baseline: the register's upsert alone, \`pgbench -n -c $CLIENTS -j 2 -T 15\` on one row"
out ""
out "## Results"
out ""
out "| Round | Issued (200) | Wall time | Throughput | Latency median / p95 / p99 / max | Register after the start | Load average at the round's start |"
out "|---|---|---|---|---|---|---|"
for r in "${ROWS[@]}"; do out "$r"; done
out ""
out "Register upsert alone (pgbench): $UPSERT_TPS tps with $CLIENTS clients ($UPSERT_TX transactions, last number $UPSERT_LAST: equal means no gap)."
out ""
out "Since issue 19 the register row is locked only while the number is reserved (a short transaction); the PDF is"
out "numbered and sealed (PAdES B-T with its timestamp) outside that lock, and a failed sealing voids its number in the"
out "register (docs/documents-numbering.md). Before, the seal was made while the row was locked: issues on one register"
out "were serial, bounded by one signature with its timestamp."
[ "$R_CONTIGUOUS" = yes ] || bench_die "numbers not contiguous"
bench_log "result: $BENCH_RESULT"
