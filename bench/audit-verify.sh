#!/usr/bin/env bash
# Benchmark `audit-verify` (issue 11): the full verification of a large trail, in one JVM on a fresh embedded installation
# (demo mode). BENCH_ROWS (1,000,000) sealed records are made in SQL as the database owner — the real HMAC under the
# installation's leaf key, leaves, inner nodes, a head signed and time-stamped on the token every BENCH_HEAD_EVERY
# (100,000) records — then AuditTrail.verify (what ./truongson audit-verify and GET /api/v1/audit/verify run) is timed
# twice, and the bare cursor over the same rows once, for the breakdown; 10 M is extrapolated linearly.
# BENCH_VERIFY_THREADS (0: one per core) and BENCH_CHUNK_BITS (14) set the verifier's workers and chunk size.
# Run with: ./truongson bench audit-verify
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init audit-verify "$@"
bench_tooling vn/truongson/audit/AuditVerifyBench
ROWS="${BENCH_ROWS:-1000000}"
HEAD_EVERY="${BENCH_HEAD_EVERY:-100000}"
THREADS="${BENCH_VERIFY_THREADS:-0}"
CHUNK_BITS="${BENCH_CHUNK_BITS:-14}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
bench_embedded_env

bench_log "fresh embedded installation; $ROWS records made in SQL, then the full verification timed"
ARGS=(--truongson.command=audit-verify-bench --truongson.demo.enabled=true --truongson.bench.rows="$ROWS"
  --truongson.bench.head-every="$HEAD_EVERY" --truongson.audit.verify-threads="$THREADS" --truongson.audit.verify-chunk-bits="$CHUNK_BITS"
  --logging.level.vn.truongson.audit=WARN)
start_platform "$LOG" "$PORT" "${JVM_OPTS[@]}" -- "${ARGS[@]}"
timeout 5400 tail --pid="$PLATFORM_PID" -f /dev/null || bench_die "the benchmark did not finish in 90 minutes"
STATUS="$(platform_exit_status)"
grep -q BENCH-RESULT-END "$LOG" || bench_die "the benchmark failed ($STATUS); see $LOG"

bench_header "full verification of the audit trail ($ROWS records)" "embedded (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`, fresh"
out "## Parameters"
out ""
out "- \`java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-cp platform/target/truongson-platform.jar -Dloader.path=<AuditVerifyBench from the test sources> org.springframework.boot.loader.launch.PropertiesLauncher ${ARGS[*]}\`"
out "- Load before the start: $LOAD_BEFORE ($OTHER_JVMS JVMs running on the machine, this one included)."
out "- The verifier (\`MerkleLog.verify\` → \`LeafWalk\`): one server-side cursor (fetch 10 000) over \`audit_leaf\` joined to \`audit_event\` in leaf order, in the verifier's repeatable-read snapshot; chunks of 2^$CHUNK_BITS leaves to the workers (HMAC with the leaf key held in the JVM, leaf hash, the chunk's subtree root and its frontier at each head's size); merged in order against every signed head; then the unsealed tail and the orphan check."
out ""
out "## Results"
out ""
sed -n '/BENCH-RESULT-BEGIN/,/BENCH-RESULT-END/p' "$LOG" | sed '1d;$d' >"$WORK/table.md"
out_file "$WORK/table.md"
out ""
out "Exit: $STATUS (0: both verifications OK). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
