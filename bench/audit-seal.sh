#!/usr/bin/env bash
# Benchmark `audit-seal` (issue 11): in one JVM on a fresh embedded installation (demo mode), through the platform's own
# AuditTrail.record (real leaf key) and its sealer on the cluster scheduler (heads signed and time-stamped on the token):
#   - seal lag, commit to inclusion in a signed head, p50/p99/max, with 1 writer (baseline) and BENCH_WRITERS (12)
#     writers, each record in a transaction of its own, BENCH_SECONDS (30) each;
#   - the trail filled to BENCH_ROWS (1,000,000) records or for BENCH_FILL_SECONDS (180), then the full verification
#     (what ./truongson audit-verify runs) timed at two sizes, the slope extrapolated to 10 M records;
#   - an inclusion and a consistency proof on the filled tree (read from audit_node).
# Run with: ./truongson bench audit-seal
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init audit-seal "$@"
bench_tooling vn/truongson/audit/AuditSealBench
WRITERS="${BENCH_WRITERS:-12}"
SECONDS_="${BENCH_SECONDS:-30}"
ROWS="${BENCH_ROWS:-1000000}"
FILL="${BENCH_FILL_SECONDS:-180}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
bench_embedded_env

bench_log "fresh embedded installation; lag phases ${SECONDS_}s each (1 and $WRITERS writers), fill to $ROWS rows or ${FILL}s, verify"
start_platform "$LOG" "$PORT" "${JVM_OPTS[@]}" -- --truongson.command=audit-seal-bench --truongson.demo.enabled=true \
  --truongson.bench.writers="$WRITERS" --truongson.bench.seconds="$SECONDS_" --truongson.bench.rows="$ROWS" \
  --truongson.bench.fill-seconds="$FILL" --logging.level.vn.truongson.audit=WARN
timeout 3600 tail --pid="$PLATFORM_PID" -f /dev/null || bench_die "the benchmark did not finish in 60 minutes"
STATUS="$(platform_exit_status)"
grep -q BENCH-RESULT-END "$LOG" || bench_die "the benchmark failed ($STATUS); see $LOG"

bench_header "audit seal lag under $WRITERS writers, and full verification time" "embedded (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`, fresh"
out "## Parameters"
out ""
out "- \`java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-cp platform/target/truongson-platform.jar -Dloader.path=<AuditSealBench from the test sources> org.springframework.boot.loader.launch.PropertiesLauncher --truongson.command=audit-seal-bench --truongson.demo.enabled=true --truongson.bench.writers=$WRITERS --truongson.bench.seconds=$SECONDS_ --truongson.bench.rows=$ROWS --truongson.bench.fill-seconds=$FILL\`"
out "- Load before the start: $LOAD_BEFORE. The sealer: the \`audit-seal\` recurring task (\`truongson.audit.seal-every\` 1 s, scheduler polling 1 s), as in production; nothing forces a seal during the lag phases."
out "- Seal lag of a record: the \`signedAt\` of the first signed head that covers it minus its \`at\` (the insert's \`now()\`, i.e. its transaction start: a one-statement transaction). \`signedAt\` is taken just before signing: the signature, the time-stamp and the commit of the head add a few ms more."
out "- Baseline: the same measurement with 1 writer, in the same run."
out ""
out "## Results"
out ""
sed -n '/BENCH-RESULT-BEGIN/,/BENCH-RESULT-END/p' "$LOG" | sed '1d;$d' >"$WORK/table.md"
out_file "$WORK/table.md"
out ""
out "Exit: $STATUS (0: both verifications OK). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
