#!/usr/bin/env bash
# Benchmark `scanning`: what malware scanning (ClamAV's clamd over INSTREAM, issue 17 A) adds to an upload. The same
# 5 MB PDF is uploaded BENCH_UPLOADS (30) times, one after another, through the platform's own upload path (evidence of
# a Decree 85 register measure: multipart POST, scanned by the upload interceptor, stored by the files module), first
# by a platform with scanning on (its managed clamd with the shipped signatures), then — same run, same data dir, same
# file — by the same platform restarted with scanning off (truongson.secops.scanner.enabled=false). Also clamd alone on
# the same file (clamdscan --stream against the platform's clamd), as the floor of what scanning can cost.
# Run with: ./truongson bench scanning   (BENCH_UPLOADS, BENCH_MB change the counts; BENCH_READY_S the start limit, 1500 s)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init scanning "$@"
for t in jq python3 curl; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
[ -x /usr/sbin/clamd ] || bench_die "clamd is needed (apt-get install clamav-daemon)"
UPLOADS="${BENCH_UPLOADS:-30}"
MB="${BENCH_MB:-5}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
WORK="$BENCH_WORK/scanning"
DATA="$BENCH_WORK/scanning-data"
unset TRUONGSON_DB_URL TRUONGSON_DB_USER TRUONGSON_DB_PASSWORD
export TRUONGSON_DATA_DIR="$DATA" TRUONGSON_DEMO=true
rm -rf "$DATA" "$WORK"/*.txt "$WORK"/*.pdf
mkdir -p "$WORK" "$DATA"

# A 5 MB PDF: one page and an incompressible stream (what a scanned page looks like to a scanner).
python3 - "$WORK/upload.pdf" "$MB" <<'PY'
import os, sys
path, mb = sys.argv[1], int(sys.argv[2])
data = os.urandom(mb * 1024 * 1024)
parts = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
         b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
         b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n",
         b"4 0 obj\n<< /Length %d >>\nstream\n" % len(data), data, b"\nendstream\nendobj\n",
         b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"]
open(path, "wb").write(b"".join(parts))
PY
SIZE="$(stat -c %s "$WORK/upload.pdf")"

totp() { python3 -c '
import base64, hashlib, hmac, struct, time
k = base64.b32decode("JBSWY3DPEHPK3PXP"); c = int(time.time()) // 30
h = hmac.new(k, struct.pack(">Q", c), hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))'; }
token() { # token BASE USER: password, then a TOTP code (waiting for a fresh 30 s step when the code was used)
  local t
  for _ in 1 2 3; do
    t="$(curl -s -X POST "$1/api/v1/auth/token" -H 'Content-Type: application/json' \
      -d "{\"username\":\"$2\",\"password\":\"TruongSon@2026\",\"otp\":\"$(totp)\"}" | jq -r '.accessToken // empty')"
    [ -n "$t" ] && { echo "$t"; return 0; }
    sleep $(( 31 - $(date +%s) % 30 ))
  done
  return 1
}

# run LABEL [app args…]: starts the platform, uploads the file UPLOADS times (plus 3 warm-up), stops it.
run() {
  local label="$1"; shift
  local port base tok sys
  port="$(free_port)"; base="http://127.0.0.1:$port"
  bench_log "$label: starting the platform on port $port"
  start_platform "$WORK/platform-$label.log" "$port" "${JVM_OPTS[@]}" -- "$@"
  wait_ready "$port" "$WORK/platform-$label.log" "${BENCH_READY_S:-1500}" >/dev/null || bench_die "the platform did not start ($label)"
  tok="$(token "$base" baomat.bqp)" || bench_die "sign-in baomat.bqp ($label)"
  sys="$(curl -s -H "Authorization: Bearer $tok" "$base/api/v1/security/systems?q=DVC-BQP" | jq -r '.[0].id // empty')"
  [ -n "$sys" ] || bench_die "no demo system DVC-BQP ($label)"
  : >"$WORK/$label.txt"
  for i in $(seq 1 $((UPLOADS + 3))); do
    local line code
    line="$(curl -s -o "$WORK/last.json" -w '%{http_code} %{time_total}' --max-time 120 -H "Authorization: Bearer $tok" \
      -F "file=@$WORK/upload.pdf;type=application/pdf" -F status=DONE -F "evidence=Đo hiệu năng lần $i" \
      "$base/api/v1/security/systems/$sys/controls/KT-DU-LIEU/evidence")"
    code="${line%% *}"
    [ "$code" = 200 ] || bench_die "$label upload $i answered $code: $(head -c 300 "$WORK/last.json")"
    [ "$i" -gt 3 ] && awk -v t="${line#* }" 'BEGIN { printf "%.1f\n", t * 1000 }' >>"$WORK/$label.txt"
  done
  if [ "$label" = on ] && command -v clamdscan >/dev/null; then
    printf 'LocalSocket %s\n' "$DATA/clamd/clamd.sock" >"$WORK/clamd-client.conf"
    : >"$WORK/clamd-alone.txt"
    for _ in $(seq 1 "$UPLOADS"); do
      local t0; t0=$(now_ns)
      clamdscan --no-summary --stream -c "$WORK/clamd-client.conf" "$WORK/upload.pdf" >/dev/null || bench_die "clamdscan"
      awk -v n=$(( $(now_ns) - t0 )) 'BEGIN { printf "%.1f\n", n / 1000000 }' >>"$WORK/clamd-alone.txt"
    done
  fi
  stop_platform
}

run on
run off --truongson.secops.scanner.enabled=false

row() { # row LABEL FILE
  out "| $1 | $(wc -l <"$2") | $(percentile 50 <"$2") | $(percentile 95 <"$2") | $(awk '{ s += $1 } END { printf "%.1f", s / NR }' "$2") |"
}
ON50="$(percentile 50 <"$WORK/on.txt")"; OFF50="$(percentile 50 <"$WORK/off.txt")"
bench_header "upload overhead of malware scanning ($MB MB PDF)" "embedded (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`, demo data"
out "## Parameters"
out ""
out "- \`TRUONGSON_DEMO=true java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar\` (a private copy), started twice on the same data dir: scanning on (managed clamd, shipped signatures), then \`--truongson.secops.scanner.enabled=false\`"
out "- File: a one-page PDF with an incompressible $MB MB stream, $SIZE bytes"
out "- Load: $UPLOADS uploads one after another (after 3 warm-up), \`curl -F file=@upload.pdf\` to \`POST /api/v1/security/systems/{DVC-BQP}/controls/KT-DU-LIEU/evidence\` as baomat.bqp; time_total per upload"
if [ -s "$WORK/clamd-alone.txt" ]; then
  out "- Floor: \`clamdscan --stream\` of the same file to the platform's clamd, $UPLOADS times (process start included)"
else
  out "- Floor: not measured (\`clamdscan\`, from Debian's clamdscan package, is not installed)"
fi
out ""
out "## Results"
out ""
out "| Run | Uploads | Median ms | p95 ms | Mean ms |"
out "|---|---|---|---|---|"
row "Scanning on" "$WORK/on.txt"
row "Scanning off (baseline)" "$WORK/off.txt"
[ -s "$WORK/clamd-alone.txt" ] && row "clamd alone (clamdscan --stream)" "$WORK/clamd-alone.txt"
out ""
out "Overhead of scanning on the median upload: **$(awk -v a="$ON50" -v b="$OFF50" 'BEGIN { printf "%.1f ms (%.0f %%)", a - b, (a - b) * 100 / b }')**."
out ""
out "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Figures on a machine shared with other work vary with its load."
bench_log "result: $BENCH_RESULT"
