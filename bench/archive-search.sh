#!/usr/bin/env bash
# Benchmark `archive-search`: full-text search over 200,000 digitised documents' OCR text through the API
# (GET /api/v1/archive/search?q=…, diacritics folded, access policy in the SQL) against the same statement run raw in
# PostgreSQL by pgbench, in the same run (issue 16: p95 ≤ 50 ms and ≤ 1.2× raw).
#   - a scratch database truongson_bench_archive_search on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true), then bench/lib/archive-search-data.sql by psql;
#   - for each query (common words, a quoted phrase, a rare phrase): BENCH_WARMUPS (5) then BENCH_RUNS (100) sequential
#     requests timed by curl, and as many pgbench runs of the raw SQL (ArchiveSearch's statement with the reader's filter
#     inlined); the API's and the raw statement's item ids compared; median, p95, ratio; EXPLAIN ANALYZE.
# The scratch database is dropped at the end. Run with: ./truongson bench archive-search
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init archive-search "$@"
for t in psql pgbench jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
RUNS="${BENCH_RUNS:-100}"
WARMUPS="${BENCH_WARMUPS:-5}"
LIMIT=20
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_archive_search
WORK="$BENCH_WORK/archive-search"
DATA="$BENCH_WORK/archive-search-data"   # the platform's file store for the run (platform_env_on_scratch_database)
READER=luutru.btl86
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"
rm -rf "$WORK"/pgbench-* "$WORK"/*.sql "$WORK"/*.txt

scratch_database
platform_env_on_scratch_database
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 400)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "full-text search over 200,000 digitised documents, API against raw SQL" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

bench_log "generating 200,000 documents"
t0=$(now_ns)
N_DOCS="$(sqlq -f "$BENCH_LIB/archive-search-data.sql" | tail -1)"
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
TABLE_SIZE="$(sqlq -c "select pg_size_pretty(pg_total_relation_size('archive_page'))")"

# luutru.btl86 is cleared for Mật: a TOTP code (the demo secret) follows the password, as in archive-ocr.sh.
totp() { python3 -c '
import base64, hashlib, hmac, struct, time
k = base64.b32decode("JBSWY3DPEHPK3PXP"); c = int(time.time()) // 30
h = hmac.new(k, struct.pack(">Q", c), hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))'; }
TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$READER\",\"password\":\"TruongSon@2026\",\"otp\":\"$(totp)\"}" | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in $READER"
# The reader's filter as the policy builds it: ARCHIVIST on BTL86's subtree (the unit ids, expanded), within clearance.
BTL86_PATH="$(sqlq -c "select path from org_unit where code = 'BTL86'")"
UNITS="$(sqlq -c "select '{' || string_agg(id::text, ',' order by id) || '}' from org_unit where path like '$BTL86_PATH%'")"
VISIBLE="$(sqlq -c "select count(*) from archive_item where unit_id = any('$UNITS'::bigint[]) and created_by = 'bench'")"

raw_sql() { # raw_sql FOLDED_QUERY LEVEL: ArchiveSearch's statement with its parameters inlined
  cat <<SQL
select item_id, batch_id, page_no, text, file_name, proposed, described, rank from (
    select distinct on (p.item_id) p.item_id, i.batch_id, p.page_no, p.text, i.file_name, i.proposed, i.described,
           ts_rank(p.search_vector, query) as rank
    from archive_page p join archive_item i on i.id = p.item_id, websearch_to_tsquery('simple', '$1') query
    where p.search_vector @@ query and (i.unit_id = any('$UNITS'::bigint[])) and i.secrecy_rank <= $2
    order by p.item_id, rank desc, p.page_no) hits
order by rank desc, item_id desc limit $LIMIT;
SQL
}

declare -A Q VI
TERMS=(common phrase rare)
VI[common]="chuyển đổi số"; Q[common]="chuyen doi so"
VI[phrase]="\"an toàn thông tin\""; Q[phrase]="\"an toan thong tin\""
VI[rare]="tần số liên lạc dự phòng"; Q[rare]="tan so lien lac du phong"

urlenc() { jq -rn --arg s "$1" '$s|@uri'; }
# The reader's level as the policy decides it for this request (clearance and zone): the one whose raw ids match the API's.
api_ids() { curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/archive/search?limit=$LIMIT&q=$(urlenc "$1")" | jq -r '.[].itemId'; }
LEVEL=""
for lvl in 0 1 2 3; do
  if [ "$(api_ids "${VI[common]}")" = "$(raw_sql "${Q[common]}" "$lvl" | sqlq -A -t -F ' ' -f - | awk '{ print $1 }' | grep -v '^$')" ]; then LEVEL=$lvl; break; fi
done
[ -n "$LEVEL" ] || bench_die "the API's hits match the raw statement at no secrecy level"

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\` (ready after $READY_MS ms)"
out "- Data: \`bench/lib/archive-search-data.sql\` in $GEN_MS ms: **$N_DOCS documents** of one OCR page each (about 60 words of"
out "  Vietnamese phrases, 5 % Mật), over every unit; \`archive_page\` $TABLE_SIZE with its GIN index on the folded text's tsvector"
out "- Reader: \`$READER\` (ARCHIVIST on BTL86's subtree; secrecy ≤ $LEVEL for this request): $VISIBLE of them are in the subtree; bearer token, loopback"
out "- Queries (typed with diacritics; the platform folds them): common \"chuyển đổi số\" (three words), phrase \"\\\"an toàn thông tin\\\"\" (quoted), rare \"tần số liên lạc dự phòng\""
out "- Runs: $WARMUPS warm-ups then $RUNS sequential runs per query; API \`curl -w %{time_total}\` with \`limit=$LIMIT\`; raw SQL \`pgbench -n -c 1 -t $RUNS -l\`"
out ""

declare -A R HITS
for c in "${TERMS[@]}"; do
  url="$BASE/api/v1/archive/search?limit=$LIMIT&q=$(urlenc "${VI[$c]}")"
  raw_sql "${Q[$c]}" "$LEVEL" >"$WORK/$c.sql"
  HITS[$c]="$(api_ids "${VI[$c]}" | wc -l)"
  [ "$(api_ids "${VI[$c]}")" = "$(sqlq -A -t -F ' ' -f "$WORK/$c.sql" | awk '{ print $1 }' | grep -v '^$')" ] || bench_die "API and raw SQL disagree on $c"
  for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  bench_log "API $c: $RUNS runs"
  for i in $(seq 1 "$RUNS"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 60 -H "Authorization: Bearer $TOKEN" "$url")
    [ "$code" = 200 ] || bench_die "API $c answered $code"
    awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }'
  done >"$WORK/$c-api-ms.txt"
  dir="$WORK/pgbench-$c"; mkdir -p "$dir"
  (cd "$dir" && timeout 600 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$WORK/$c.sql" "$DB" >/dev/null 2>&1) || bench_die "pgbench warm-up $c"
  (cd "$dir" && timeout 1200 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$WORK/$c.sql" -l --log-prefix=tx "$DB" >"$dir/out.txt" 2>&1) \
    || { cat "$dir/out.txt" >&2; bench_die "pgbench $c"; }
  cat "$dir"/tx* | awk '{ printf "%.1f\n", $3 / 1000 }' >"$WORK/$c-raw-ms.txt"
  R[$c-api-50]="$(percentile 50 <"$WORK/$c-api-ms.txt")"; R[$c-api-95]="$(percentile 95 <"$WORK/$c-api-ms.txt")"
  R[$c-raw-50]="$(percentile 50 <"$WORK/$c-raw-ms.txt")"; R[$c-raw-95]="$(percentile 95 <"$WORK/$c-raw-ms.txt")"
  R[$c-matches]="$(sqlq -c "select count(*) from archive_page where search_vector @@ websearch_to_tsquery('simple', '${Q[$c]}')")"
  bench_log "  $c: API p50 ${R[$c-api-50]} p95 ${R[$c-api-95]} ms; raw p50 ${R[$c-raw-50]} p95 ${R[$c-raw-95]} ms; ${HITS[$c]} hits of ${R[$c-matches]} matching pages"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "-" }'; }
out "## Results (ms)"
out ""
out "| Query | pages matching (all units) | hits (≤ $LIMIT) | API median | API p95 | raw SQL median | raw SQL p95 | p95 ratio API/raw | aim: p95 ≤ 50 ms |"
out "|---|---|---|---|---|---|---|---|---|"
for c in "${TERMS[@]}"; do
  ok="$(awk -v a="${R[$c-api-95]}" 'BEGIN { print (a <= 50) ? "yes" : "no" }')"
  out "| $c ${VI[$c]} | ${R[$c-matches]} | ${HITS[$c]} | ${R[$c-api-50]} | ${R[$c-api-95]} | ${R[$c-raw-50]} | ${R[$c-raw-95]} | $(ratio "${R[$c-api-95]}" "${R[$c-raw-95]}") | $ok |"
done
out ""
out "The API and the raw statement returned the same item ids in the same order for every query (checked). The API's time"
out "includes the token, the policy's grant look-up, snippets and JSON; the raw SQL is only the statement."
out ""
out "### EXPLAIN ANALYZE, common query"
out ""
sqlq -c "explain (analyze, buffers) $(raw_sql "${Q[common]}" "$LEVEL" | sed 's/;$//')" >"$WORK/explain.txt"
out_code "" "$WORK/explain.txt"
stop_platform
bench_log "result: $BENCH_RESULT"
