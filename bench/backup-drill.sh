#!/usr/bin/env bash
# Drill `backup-drill`: the launcher's backup and restore, end to end, as an operator uses them (issue 12, part 3).
#   run → write (plans A) → stop → ./truongson backup → note every table's count and checksum and every file's SHA-256
#   → run again, write more (plans B), and back up once more while it runs (online) → stop
#   → ./truongson restore into a NEW data directory → the same table checksums and file hashes, no plan B,
#   → run on the restored directory: ready, plans A readable, ./truongson audit-verify passes
#   → a damaged copy of the backup is refused (exit 3) and leaves the target untouched.
# Run with: ./truongson bench backup-drill   (CI runs it after the tests). Results in bench/results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -n "${JAVA_HOME:-}" ] || { echo "run it through the launcher: ./truongson bench backup-drill" >&2; exit 1; }
JAR="$ROOT/platform/target/truongson-platform.jar"
WORK="$ROOT/bench/work/backup-drill"
RESULT="$ROOT/bench/results/backup-drill-$(date +%Y%m%d-%H%M).md"
rm -rf "$WORK"; mkdir -p "$WORK" "$ROOT/bench/results"
DATA1="$WORK/data"; DATA2="$WORK/restored"; BK="$WORK/backup"; BK2="$WORK/backup-online"
export TRUONGSON_SANDBOX=false
unset TRUONGSON_DB_URL TRUONGSON_DEMO

log() { printf '[drill %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; echo "- **FAILED**: $*" >>"$RESULT"; exit 1; }
free_port() { local p; for _ in $(seq 1 200); do p=$(( 20000 + RANDOM % 20000 )); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; exit 1; }
PORT="$(free_port)"
PID=""
tool() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$JAR" -Dloader.main=vn.truongson.runtime.EmbeddedBackup org.springframework.boot.loader.launch.PropertiesLauncher "$@"; }

start() { # data dir
  TRUONGSON_DATA_DIR="$1" ./truongson run -- --server.port="$PORT" >"$WORK/run-$(basename "$1")-$(date +%s).log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && return 0
    kill -0 "$PID" 2>/dev/null || fail "the platform on $1 exited before it was ready"
    sleep 1
  done
  fail "the platform on $1 was not ready in 300 s"
}
stop() { [ -n "$PID" ] || return 0; kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
trap 'stop' EXIT

token() {
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"dieuphoi.btl86","password":"TruongSon@2026"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["accessToken"])'
}
write_plans() { # prefix count
  local t owner i code; t="$(token)"
  owner="$(curl -sf "http://127.0.0.1:$PORT/api/v1/me" -H "Authorization: Bearer $t" | python3 -c 'import sys,json;print(json.load(sys.stdin)["unit"]["id"])')"
  for i in $(seq 1 "$2"); do
    code="$1-$i"
    curl -sf -o /dev/null -X POST "http://127.0.0.1:$PORT/api/v1/plans" -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "{\"code\":\"$code\",\"title\":\"Kế hoạch diễn tập sao lưu $code\",\"year\":2026,\"kind\":\"OTHER\",\"ownerUnitId\":\"$owner\"}" \
      || fail "POST /api/v1/plans $code was not acknowledged"
  done
}
plan_codes() { local t; t="$(token)"; curl -sf "http://127.0.0.1:$PORT/api/v1/plans" -H "Authorization: Bearer $t" | python3 -c 'import sys,json;print(" ".join(sorted(p["code"] for p in json.load(sys.stdin) if p["code"].startswith("DRILL"))))'; }
file_sums() { (cd "$1" && for d in files keys softhsm/tokens; do [ -d "$d" ] && find "$d" -type f; done | sort | xargs -r sha256sum); }

{
  echo "# Drill \`backup-drill\`: backup and restore of the embedded installation"
  echo
  echo "- When: $(date '+%Y-%m-%d %H:%M:%S %Z'); command: \`./truongson bench backup-drill\` (script \`bench/backup-drill.sh\`)"
  echo "- Code: commit $(git rev-parse --short HEAD 2>/dev/null); machine: $(nproc) cores, $(free -h | awk '/^Mem:/ {print $2}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
} >"$RESULT"

t0=$(date +%s)
log "1. run on a fresh data directory, write plans A"
start "$DATA1"; write_plans DRILL-A 5; stop
log "2. ./truongson backup (platform stopped)"
TRUONGSON_DATA_DIR="$DATA1" ./truongson backup "$BK" >&2
tool tables "$DATA1" >"$WORK/tables-at-backup.txt"
file_sums "$DATA1" >"$WORK/files-at-backup.txt"
log "3. run again, write plans B, back up online while it runs"
start "$DATA1"; write_plans DRILL-B 3
TRUONGSON_DATA_DIR="$DATA1" ./truongson backup "$BK2" >&2
(cd "$BK2" && sha256sum -c --quiet SHA256SUMS) || fail "the online backup does not pass sha256sum -c"
stop
log "4. ./truongson restore into a new data directory"
TRUONGSON_DATA_DIR="$DATA2" ./truongson restore "$BK" >&2
tool tables "$DATA2" >"$WORK/tables-restored.txt"
file_sums "$DATA2" >"$WORK/files-restored.txt"
tables=$(wc -l <"$WORK/tables-at-backup.txt"); files=$(wc -l <"$WORK/files-at-backup.txt")
diff "$WORK/tables-at-backup.txt" "$WORK/tables-restored.txt" >&2 || fail "table counts or checksums differ after the restore"
diff "$WORK/files-at-backup.txt" "$WORK/files-restored.txt" >&2 || fail "stored files differ after the restore"
log "5. run on the restored directory; audit-verify"
start "$DATA2"
codes="$(plan_codes)"
[ "$codes" = "DRILL-A-1 DRILL-A-2 DRILL-A-3 DRILL-A-4 DRILL-A-5" ] || fail "plans after restore: '$codes' (expected A only)"
TRUONGSON_DATA_DIR="$DATA2" ./truongson audit-verify >"$WORK/audit-verify.txt" 2>&1 || { cat "$WORK/audit-verify.txt" >&2; fail "audit-verify failed on the restored installation"; }
stop
log "6. a damaged backup is refused"
cp -a "$BK" "$WORK/damaged"
victim="$(cd "$WORK/damaged" && find postgres/base -type f -size +8k | sort | head -1)"
printf 'X' | dd of="$WORK/damaged/$victim" bs=1 seek=100 conv=notrunc 2>/dev/null
mkdir -p "$WORK/untouched"; echo keep >"$WORK/untouched/marker"
rc=0; TRUONGSON_DATA_DIR="$WORK/untouched" ./truongson restore "$WORK/damaged" 2>"$WORK/damaged.txt" || rc=$?
[ "$rc" = 3 ] || fail "restore of a damaged backup answered exit $rc (expected 3)"
grep -q "$victim: checksum mismatch" "$WORK/damaged.txt" || fail "the refusal does not name $victim"
[ "$(ls "$WORK/untouched")" = marker ] || fail "the refused restore changed the target"

{
  echo "## Result: passed in $(( $(date +%s) - t0 )) s"
  echo
  echo "- Backup (platform stopped): $(du -sh "$BK" | cut -f1), $(wc -l <"$BK/SHA256SUMS") files in SHA256SUMS; online backup while running: $(du -sh "$BK2" | cut -f1), \`sha256sum -c\` passes"
  echo "- After restore into a new data directory: $tables tables, each with the same row count and content MD5; $files stored files (files, keys, token store), each with the same SHA-256"
  echo "- Plans written after the backup (DRILL-B-*) absent; plans before (DRILL-A-1…5) present; \`./truongson audit-verify\`: $(tail -1 "$WORK/audit-verify.txt")"
  echo "- A backup with one changed byte in \`$victim\`: refused, exit 3, \"$(head -2 "$WORK/damaged.txt" | tail -1 | sed 's/^ *//')\"; target untouched"
} >>"$RESULT"
cat "$RESULT"
