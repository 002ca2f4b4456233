#!/usr/bin/env bash
# Benchmark `signing`: time per document to sign through the platform (PAdES B-T: key on the PKCS#11 token, the
# platform's RFC 3161 TSA, the Decree-30 appearance; 1 and 2 signatures) and to validate (offline, our root and
# CRLs), against a bare DSS call in the same JVM and run (PAdES B-B with an in-memory key, no token, no TSA, no
# appearance; bare DSS validation). Also the first-start cost of the PKI (CA keys, demo certificates).
# Run with: ./truongson bench signing   (BENCH_DOCUMENTS, BENCH_WARMUP change the counts)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init signing "$@"
command -v softhsm2-util >/dev/null || bench_die "softhsm2-util is needed (apt-get install softhsm2)"
command -v pkcs11-tool >/dev/null || bench_die "pkcs11-tool is needed (apt-get install opensc)"
DOCUMENTS="${BENCH_DOCUMENTS:-30}"
WARMUP="${BENCH_WARMUP:-5}"
read -r -a JVM_OPTS <<<"${BENCH_JAVA_OPTS:-}"
bench_embedded_env

bench_log "first start on an empty data dir, then $WARMUP warm-up + $DOCUMENTS documents per operation"
start_platform "$LOG" "$PORT" "${JVM_OPTS[@]}" -- --truongson.command=signing-bench --truongson.demo.enabled=true \
  --truongson.bench.documents="$DOCUMENTS" --truongson.bench.warmup="$WARMUP"
timeout 1800 tail --pid="$PLATFORM_PID" -f /dev/null || bench_die "the benchmark did not finish in 30 minutes"
STATUS="$(platform_exit_status)"
grep -q BENCH-RESULT-END "$LOG" || bench_die "the benchmark failed ($STATUS); see $LOG"

bench_header "PAdES signing and validation per document" "embedded (zonky), data dir \`${DATA#"$BENCH_ROOT"/}\`, fresh"
out "## Parameters"
out ""
out "- \`java ${JVM_OPTS[*]:+${JVM_OPTS[*]} }-jar platform/target/truongson-platform.jar --truongson.command=signing-bench --truongson.demo.enabled=true --truongson.bench.documents=$DOCUMENTS --truongson.bench.warmup=$WARMUP\`"
out "  (a private copy of the jar; a fresh data dir: new embedded PostgreSQL, new SoftHSM2 token store; the default EC P-256 keys)"
out "- One JVM, one run, one document: a one-page A4 PDF made with PDFBox. Each operation: $WARMUP warm-up runs, then $DOCUMENTS timed runs, one after another."
out "- Baseline: the bare DSS 6.4 call on the same PDF — PAdES B-B, an in-memory EC key and self-signed certificate, no token, no TSA, no appearance; and DSS validation of that file with a default verifier (no trust anchor, no revocation)."
out "- The platform's path: PAdES B-T. Personal key on the official's SoftHSM2 token, reached through OpenSC's \`pkcs11-tool\` (a process per signature, the PIN in its environment; login with the PIN each time); seal key on the platform token through SunPKCS11; the timestamp from the platform's TSA in process; the visible appearance drawn (Java2D) and placed by PDFBox text search."
out "- Validation: DSS with the platform's root as the only trust anchor, CRLs from the platform's own store, no network."
out ""
out "## Results"
out ""
sed -n '/BENCH-RESULT-BEGIN/,/BENCH-RESULT-END/p' "$LOG" | sed '1d;$d' >"$WORK/table.md"
out_file "$WORK/table.md"
out ""
out "## First start of the PKI (same run)"
out ""
out "| Phase | Log line |"
out "|---|---|"
grep -o 'Signing: platform token [^ ]* ready in [0-9]* ms' "$LOG" | head -1 | sed 's/^/| CA (root, issuing, TSA keys and certificates, CRLs) | /; s/$/ |/' | while read -r l; do out "$l"; done
grep -o 'Signing: [0-9]* demo certificates (PIN [0-9]*) in [0-9]* ms' "$LOG" | head -1 | sed 's/^/| Demo certificates (4 personal tokens, 2 seals) | /; s/$/ |/' | while read -r l; do out "$l"; done
grep -o 'Started TruongSonApplication in [0-9.]* seconds' "$LOG" | head -1 | sed 's/^/| Whole application start | /; s/$/ |/' | while read -r l; do out "$l"; done
out ""
out "Exit: $STATUS. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
out ""
out "How to read it: the difference between the platform's rows and the bare DSS row is what the token (a process"
out "and a PIN login per personal signature), the RFC 3161 timestamp and the visible appearance cost; validation"
out "adds the chain, the CRLs and the timestamps' own checks. Figures on a machine shared with other work vary with"
out "its load (see the load averages)."
