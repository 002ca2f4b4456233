#!/usr/bin/env bash
# Benchmark `archive-ocr`: OCR throughput of the platform (upload → background worker → DONE) against the raw
# `ocrmypdf` command line on the same pages, and the archive search's latency against its raw SQL, in one run.
#   - BENCH_PAGES (6) Decree-30 pages in Vietnamese, rendered from HTML by Debian's Chromium (print-to-pdf, Liberation
#     Serif), rasterised at 200 dpi by pdftoppm, each a different number and subject;
#   - raw: the platform's own ocrmypdf flags, one page after another (the platform's default concurrency is 1);
#   - platform: a scratch database on the machine's PostgreSQL, the platform on it (demo data), a batch, the pages
#     uploaded at once, timed from the first upload to the last item DONE (the batch's finished_at);
#   - search: BENCH_RUNS (100) sequential GET /api/v1/archive/search against the same query run raw by pgbench.
# Run with: ./truongson bench archive-ocr
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init archive-ocr "$@"
for t in psql pgbench jq ocrmypdf pdftoppm chromium; do command -v "$t" >/dev/null || bench_die "$t is needed (./truongson setup)"; done
PAGES="${BENCH_PAGES:-6}"
RUNS="${BENCH_RUNS:-100}"
WARMUPS="${BENCH_WARMUPS:-5}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_archive_ocr
WORK="$BENCH_WORK/archive-ocr"
DATA="$BENCH_WORK/archive-ocr-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
USER_=luutru.btl86
mkdir -p "$WORK"
rm -rf "$WORK"/pages "$WORK"/raw "$WORK"/pgbench-* "$WORK"/*.txt
mkdir -p "$WORK/pages" "$WORK/raw"

bench_log "rendering $PAGES pages"
TYPES=("QUYẾT ĐỊNH" "KẾ HOẠCH" "BÁO CÁO" "THÔNG BÁO" "HƯỚNG DẪN" "TỜ TRÌNH")
ABBR=("QĐ" "KH" "BC" "TB" "HD" "TTr")
for i in $(seq 1 "$PAGES"); do
  k=$(( (i - 1) % ${#TYPES[@]} ))
  cat >"$WORK/pages/p$i.html" <<HTML
<html><head><meta charset="utf-8"><style>body{font-family:"Liberation Serif";font-size:13pt;width:170mm}
.l{float:left;width:45%;text-align:center}.r{float:right;width:55%;text-align:center}.c{clear:both}p{text-align:justify;text-indent:1cm}</style></head><body>
<div class="l">BỘ QUỐC PHÒNG<br><b>BỘ TƯ LỆNH 86</b><br><br>Số: $((i + 10))/${ABBR[$k]}-BTL86</div>
<div class="r"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><br><i>Hà Nội, ngày $(( (i % 27) + 1 )) tháng $(( (i % 12) + 1 )) năm 2024</i></div>
<div class="c"></div><p style="text-align:center;text-indent:0"><b>${TYPES[$k]}</b><br><b>Về việc số hóa tài liệu lưu trữ đợt $i năm 2024</b></p>
<p>Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư; căn cứ Luật Lưu trữ năm 2024;</p>
<p>Để đẩy mạnh chuyển đổi số, các cơ quan, đơn vị thực hiện số hóa tài liệu giấy, lập hồ sơ và nộp lưu đúng thời hạn; bảo đảm an toàn thông tin, bí mật nhà nước trong toàn Bộ Tư lệnh. Tần số liên lạc dự phòng đợt $i được bảo quản theo quy định.</p>
<p>Các đơn vị báo cáo kết quả thực hiện về Văn phòng Bộ Tư lệnh trước ngày 15 hằng tháng để tổng hợp, báo cáo Thủ trưởng Bộ Tư lệnh.</p>
<div class="l" style="text-align:left">Nơi nhận:<br>- Các cơ quan, đơn vị;<br>- Lưu: VT, VP.</div><div class="r"><b>KT. TƯ LỆNH<br>PHÓ TƯ LỆNH</b><br><br><br><b>Đại tá Nguyễn Văn Phúc</b></div>
</body></html>
HTML
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$WORK/pages/p$i.pdf" "$WORK/pages/p$i.html" >/dev/null 2>&1
  pdftoppm -r 200 -png -f 1 -l 1 -singlefile "$WORK/pages/p$i.pdf" "$WORK/pages/p$i"
done

bench_log "raw ocrmypdf, $PAGES pages one after another"
t0=$(now_ns)
for i in $(seq 1 "$PAGES"); do
  ocrmypdf -l vie --output-type pdfa --rotate-pages --deskew --jobs 1 --skip-text --max-image-mpixels 250 --tesseract-timeout 600 --quiet \
    --image-dpi 200 "$WORK/pages/p$i.png" "$WORK/raw/p$i.pdf"
  pdftotext -layout -enc UTF-8 "$WORK/raw/p$i.pdf" "$WORK/raw/p$i.txt"
done
RAW_MS=$(( ($(now_ns) - t0) / 1000000 ))

scratch_database
platform_env_on_scratch_database
rm -rf "$DATA"
bench_log "starting the platform on port $PORT against $DB"
start_platform "$WORK/platform.log" "$PORT" "${JVM_OPTS[@]}"
READY_MS="$(wait_ready "$PORT" "$WORK/platform.log" 400)" || bench_die "the platform did not start: $(platform_exit_status)"
bench_log "ready after $READY_MS ms"
bench_header "OCR throughput (platform against raw ocrmypdf) and archive search latency (API against raw SQL)" \
  "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

# luutru.btl86 is cleared for Mật: a TOTP code (the demo secret) follows the password.
totp() { python3 -c '
import base64, hashlib, hmac, struct, time
k = base64.b32decode("JBSWY3DPEHPK3PXP"); c = int(time.time()) // 30
h = hmac.new(k, struct.pack(">Q", c), hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))'; }
TOKEN="$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USER_\",\"password\":\"TruongSon@2026\",\"otp\":\"$(totp)\"}" | jq -r '.accessToken // empty')"
[ -n "$TOKEN" ] || bench_die "could not sign in $USER_"
UNIT="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
BATCH="$(curl -s -X POST "$BASE/api/v1/archive/batches" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"unitId\":$UNIT,\"year\":2024,\"title\":\"Lô đo hiệu năng\"}" | jq -r '.id')"
[ "$BATCH" != null ] || bench_die "no batch"
bench_log "platform: uploading $PAGES pages to batch $BATCH"
# Wait until the malware scanner answers (the first upload may wait for clamd to start): one retry loop on the first page.
t0=$(now_ns)
for i in $(seq 1 "$PAGES"); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/pages/p$i.png" "$BASE/api/v1/archive/batches/$BATCH/scans")"
  [ "$code" = 202 ] || bench_die "upload $i answered $code"
done
UPLOAD_MS=$(( ($(now_ns) - t0) / 1000000 ))
while :; do
  st="$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/archive/batches/$BATCH" | jq -r .status)"
  [ "$st" = DONE ] && break
  sleep 1
done
# The platform's own clock: first item created to last item finished.
PLATFORM_MS="$(sqlq -c "select round(extract(epoch from max(finished_at) - min(created_at)) * 1000) from archive_item where batch_id = $BATCH")"
OCR_MS="$(sqlq -c "select round(avg(ocr_millis)) from archive_item where batch_id = $BATCH")"
DONE_N="$(sqlq -c "select count(*) from archive_item where batch_id = $BATCH and status = 'DONE'")"
NUM_OK="$(sqlq -c "select count(*) from archive_item where batch_id = $BATCH and proposed::json->>'numberAndNotation' ~ '^[0-9]+/[^-]+-BTL86$'")"
DATE_OK="$(sqlq -c "select count(*) from archive_item where batch_id = $BATCH and proposed::json->>'date' ~ '^[0-9]{2}/[0-9]{2}/2024$'")"
ppm() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.2f", n * 60000 / ms }'; }

Q="so hoa tai lieu luu tru"
urlenc() { jq -rn --arg s "$1" '$s|@uri'; }
URL="$BASE/api/v1/archive/search?q=$(urlenc "số hóa tài liệu lưu trữ")&limit=50"
HITS="$(curl -s -H "Authorization: Bearer $TOKEN" "$URL" | jq length)"
for i in $(seq 1 "$WARMUPS"); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL"; done
for i in $(seq 1 "$RUNS"); do
  read -r code t < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL")
  [ "$code" = 200 ] || bench_die "search answered $code"
  awk -v t="$t" 'BEGIN { printf "%.1f\n", t * 1000 }'
done >"$WORK/search-api-ms.txt"
BTL86_PATH="$(sqlq -c "select path from org_unit where code = 'BTL86'")"
cat >"$WORK/search.sql" <<SQL
select item_id, batch_id, page_no, text, file_name, proposed, described, rank from (
  select distinct on (p.item_id) p.item_id, i.batch_id, p.page_no, p.text, i.file_name, i.proposed, i.described, ts_rank(p.search_vector, query) as rank
  from archive_page p join archive_item i on i.id = p.item_id, websearch_to_tsquery('simple', '$Q') query
  where p.search_vector @@ query and (i.unit_id = any('{$UNIT}'::bigint[]) or i.unit_id in (select u.id from unnest('{$BTL86_PATH}'::text[]) r(prefix)
       join org_unit u on u.path ~>=~ r.prefix and u.path ~<~ (left(r.prefix, -1) || '0'))) and i.secrecy_rank <= 1
  order by p.item_id, rank desc, p.page_no) hits
order by rank desc, item_id desc limit 50;
SQL
RAW_HITS="$(sqlq -c "select count(*) from ($(sed 's/;$//' "$WORK/search.sql")) hits")"
dir="$WORK/pgbench-search"; mkdir -p "$dir"
(cd "$dir" && pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$WARMUPS" -f "$WORK/search.sql" "$DB" >/dev/null 2>&1) || bench_die "pgbench warm-up"
(cd "$dir" && pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c 1 -t "$RUNS" -f "$WORK/search.sql" -l --log-prefix=tx "$DB" >"$dir/out.txt" 2>&1) || bench_die "pgbench"
cat "$dir"/tx* | awk '{ printf "%.1f\n", $3 / 1000 }' >"$WORK/search-raw-ms.txt"

out "## Parameters"
out ""
out "- Pages: $PAGES Decree-30 pages (Chromium print-to-pdf, Liberation Serif 13 pt), \`pdftoppm -r 200 -png\`"
out "- Raw: \`ocrmypdf -l vie --output-type pdfa --rotate-pages --deskew --jobs 1 --skip-text … --image-dpi 200\` then \`pdftotext -layout\`, one page after another"
out "- Platform: \`truongson.archive.concurrency=1\` (default), $PAGES uploads by curl ($UPLOAD_MS ms in all), timed from the first item's creation to the last one's end"
out "- Search: \"số hóa tài liệu lưu trữ\" as \`$USER_\` (ARCHIVIST, BTL86 subtree): $HITS hits by the API, $RAW_HITS by the raw SQL; $WARMUPS warm-ups, $RUNS runs each"
out ""
out "## Results"
out ""
out "| | pages | time (ms) | pages per minute | ratio to raw |"
out "|---|---|---|---|---|"
out "| raw ocrmypdf | $PAGES | $RAW_MS | $(ppm "$PAGES" "$RAW_MS") | 1.00 |"
out "| platform | $DONE_N done | $PLATFORM_MS | $(ppm "$PAGES" "$PLATFORM_MS") | $(awk -v r="$RAW_MS" -v p="$PLATFORM_MS" 'BEGIN { printf "%.2f", r / p }') |"
out ""
out "Mean OCR time per page inside the platform (ocrmypdf + pdftotext + proposal): $OCR_MS ms. Proposed number and"
out "notation well-formed on $NUM_OK of $PAGES pages, date on $DATE_OK of $PAGES."
out ""
out "| Search (ms) | median | p95 |"
out "|---|---|---|"
out "| API | $(percentile 50 <"$WORK/search-api-ms.txt") | $(percentile 95 <"$WORK/search-api-ms.txt") |"
out "| raw SQL (pgbench) | $(percentile 50 <"$WORK/search-raw-ms.txt") | $(percentile 95 <"$WORK/search-raw-ms.txt") |"
out ""
out "With only $PAGES documents the search measures the fixed cost (sign-in state, policy, JSON), not scale; the issue's"
out "200,000-document measurement is not done yet."
stop_platform
bench_log "result: $BENCH_RESULT"
