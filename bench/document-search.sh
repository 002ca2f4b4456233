#!/usr/bin/env bash
# Benchmark `document-search`: full-text search over 100,000 documents through the API
# (GET /api/v1/documents?box=outgoing&q=…, diacritics folded, access policy in the SQL) against the same
# query run raw in PostgreSQL by pgbench, in the same run.
#   - a scratch database truongson_bench_document_search on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - the platform on it (TRUONGSON_DB_URL, TRUONGSON_DEMO=true), then bench/lib/document-search-data.sql by psql;
#   - for each query term: BENCH_WARMUPS (5) then BENCH_RUNS (100) sequential requests timed by curl, and the same
#     number of pgbench runs of the raw SQL (the statement DocumentList builds, with the reader's filter inlined);
#     median, p95, and the ratio API/raw; EXPLAIN ANALYZE of the raw query.
# The scratch database is dropped at the end. Run with: ./truongson bench document-search
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init document-search "$@"
for t in psql pgbench jq; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
RUNS="${BENCH_RUNS:-100}"
WARMUPS="${BENCH_WARMUPS:-5}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_document_search
WORK="$BENCH_WORK/document-search"
DATA="$BENCH_WORK/document-search-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
READER=soanthao.btl86
mkdir -p "$WORK"
rm -rf "$WORK"/pgbench-* "$WORK"/*.sql "$WORK"/*.txt

scratch_database
platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 400)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"

bench_header "full-text search over 100,000 documents, API against raw SQL" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

bench_log "generating 100,000 documents"
t0=$(now_ns)
N_DOCS="$(sqlq -f "$BENCH_LIB/document-search-data.sql" | tail -1)"
GEN_MS=$(( ($(now_ns) - t0) / 1000000 ))
TABLE_SIZE="$(sqlq -c "select pg_size_pretty(pg_total_relation_size('document_document'))")"

TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$READER\",\"password\":\"TruongSon@2026\"}" | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in $READER"
OFFICIAL="$(sqlq -c "select official_id from access_account where username = '$READER'")"
# The reader's filter as the policy builds it: DOCUMENT_HANDLER on BTL86's subtree, cleared Thường.
BTL86_PATH="$(sqlq -c "select path from org_unit where code = 'BTL86'")"
BTL86_ID="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
VISIBLE="$(sqlq -c "select count(*) from document_document d join org_unit u on u.id = d.issuing_unit_id where u.path like '$BTL86_PATH%' and d.secrecy_rank = 0")"

raw_sql() { # raw_sql FOLDED_TERMS: DocumentList's outgoing statement with parameters inlined
  cat <<SQL
select d.id, d.type, d.subject, d.secrecy, d.urgency, d.status, d.origin, d.issuing_unit_id, d.drafting_unit_id, d.drafter_id, d.signer_id,
       d.signer_name, d.signer_position, d.from_organ_id, d.from_organ_name, d.number, d.notation, d.year, d.issued_at, d.signed_at,
       d.file_sha256, d.file_sealed_id, d.page_count, d.created_at, null::bigint, null, null, null::int, null::timestamptz,
       (select min(a.due_date) from document_assignment a where a.document_id = d.id and a.status = 'OPEN')
from document_document d
where d.origin = 'INTERNAL' and d.secrecy_rank <= 0
  and ((d.issuing_unit_id = any('{$BTL86_ID}'::bigint[]) or d.issuing_unit_id in (select u.id from unnest('{$BTL86_PATH}'::text[]) r(prefix)
       join org_unit u on u.path ~>=~ r.prefix and u.path ~<~ (left(r.prefix, -1) || '0')) and d.secrecy_rank <= 0) or d.signer_id = $OFFICIAL)
  and d.status <> 'DRAFT'
  and d.id = any(array(select m.id from document_document m where m.search_vector @@ plainto_tsquery('simple', '$1')))
order by d.urgency_rank desc, coalesce(d.issued_at, d.created_at) desc, d.id desc limit 50;
SQL
}

declare -A Q
TERMS=(common phrase rare)
Q[common]="chu ky so"
Q[phrase]="cong van chu ky so an toan thong tin"
Q[rare]="tan so lien lac du phong"

out "## Parameters"
out ""
out "- Platform: \`TRUONGSON_DB_URL=$TRUONGSON_DB_URL TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --server.port=$PORT\` (ready after $READY_MS ms)"
out "- Data: \`bench/lib/document-search-data.sql\` in $GEN_MS ms: **$N_DOCS documents** in total (100,000 generated over every unit, 5 % Mật;"
out "  \`document_document\` $TABLE_SIZE with its indexes, the GIN index on the folded text's tsvector included)"
out "- Reader: \`$READER\` (DOCUMENT_HANDLER on BTL86's subtree, cleared Thường): $VISIBLE of them are in scope; bearer token, loopback"
out "- Queries (typed with diacritics, as people do; the platform folds them): common \"chữ ký số\", phrase \"công văn chữ ký số an toàn thông tin\", rare \"tần số liên lạc dự phòng\""
out "- Runs: $WARMUPS warm-ups then $RUNS sequential runs per query; API \`curl -w %{time_total}\` with \`limit=50\`; raw SQL \`pgbench -n -c 1 -t $RUNS -l\`"
out ""

urlenc() { jq -rn --arg s "$1" '$s|@uri'; }
VI_common="chữ ký số"; VI_phrase="công văn chữ ký số an toàn thông tin"; VI_rare="tần số liên lạc dự phòng"
declare -A R HITS
for c in "${TERMS[@]}"; do
  vi_var="VI_$c"; q="$(urlenc "${!vi_var}")"
  url="$BASE/api/v1/documents?box=outgoing&limit=50&q=$q"
  HITS[$c]="$(curl -s -H "Authorization: Bearer $TOKEN" "$url" | jq 'length')"
  # The first requests of this query, before any warm-up: each pool connection plans it afresh (issue 20, finding 7).
  for i in $(seq 1 10); do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 60 -H "Authorization: Bearer $TOKEN" "$url" | awk '{ printf "%.1f\n", $1 * 1000 }'
  done >"$WORK/$c-first-ms.txt"
  R[$c-first-max]="$(sort -n "$WORK/$c-first-ms.txt" | tail -1)"
  for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  bench_log "API $c: $RUNS runs"
  for i in $(seq 1 "$RUNS"); do
    read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 60 -H "Authorization: Bearer $TOKEN" "$url")
    [ "$code" = 200 ] || bench_die "API $c answered $code"
    awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }'
  done >"$WORK/$c-api-ms.txt"
  raw_sql "${Q[$c]}" >"$WORK/$c.sql"
  RAW_HITS="$(sqlq -f "$WORK/$c.sql" | wc -l)"
  [ "$RAW_HITS" = "${HITS[$c]}" ] || bench_die "API and raw SQL disagree on $c: ${HITS[$c]} against $RAW_HITS rows"
  dir="$WORK/pgbench-$c"; mkdir -p "$dir"
  (cd "$dir" && timeout 600 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$WORK/$c.sql" "$DB" >/dev/null 2>&1) || bench_die "pgbench warm-up $c"
  (cd "$dir" && timeout 1200 pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$WORK/$c.sql" -l --log-prefix=tx "$DB" >"$dir/out.txt" 2>&1) \
    || { cat "$dir/out.txt" >&2; bench_die "pgbench $c"; }
  cat "$dir"/tx* | awk '{ printf "%.1f\n", $3 / 1000 }' >"$WORK/$c-raw-ms.txt"
  R[$c-api-50]="$(percentile 50 <"$WORK/$c-api-ms.txt")"; R[$c-api-95]="$(percentile 95 <"$WORK/$c-api-ms.txt")"
  R[$c-raw-50]="$(percentile 50 <"$WORK/$c-raw-ms.txt")"; R[$c-raw-95]="$(percentile 95 <"$WORK/$c-raw-ms.txt")"
  bench_log "  $c: API p50 ${R[$c-api-50]} p95 ${R[$c-api-95]} ms; raw p50 ${R[$c-raw-50]} p95 ${R[$c-raw-95]} ms; ${HITS[$c]} hits"
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "-" }'; }
out "## Results (ms)"
out ""
out "| Query | hits (≤ 50) | API, first 10 requests: max | API median | API p95 | raw SQL median | raw SQL p95 | p95 ratio API/raw |"
out "|---|---|---|---|---|---|---|---|"
for c in "${TERMS[@]}"; do
  out "| $c \"${Q[$c]}\" | ${HITS[$c]} | ${R[$c-first-max]} | ${R[$c-api-50]} | ${R[$c-api-95]} | ${R[$c-raw-50]} | ${R[$c-raw-95]} | $(ratio "${R[$c-api-95]}" "${R[$c-raw-95]}") |"
done
out ""
out "The API and the raw statement returned the same number of rows for every query (checked). The API's time includes"
out "sign-in state, the policy's grant look-up, naming the issuing units and JSON; the raw SQL is only the statement."
out ""
out "### EXPLAIN ANALYZE, common query"
out ""
sqlq -c "explain (analyze, buffers) $(raw_sql "${Q[common]}" | sed 's/;$//')" >"$WORK/explain.txt"
out_code "" "$WORK/explain.txt"
stop_platform
bench_log "result: $BENCH_RESULT"
