#!/usr/bin/env bash
# Benchmark `gateway`: inbound dossier envelopes with a 1 MB PDF attachment through every check of the gateway
# (schema, size, allow-list by content, ClamAV with the shipped signatures, CDR of the PDF, claim + ack on the high
# side) against the same envelopes delivered directly to a receiver standing for the high side, in one run.
#   - BENCH_MESSAGES (40) envelopes each way, BENCH_CONCURRENCY (4) senders at once, 3 warm-up messages each;
#   - the gateway: gateway/target/truongson-gateway.jar, its own state and clamd under bench/work/gateway-data;
#   - the receiver and the client: bench/lib/gateway-bench.py (python3, ThreadingHTTPServer; the receiver parses and
#     stores each envelope).
# Run with: ./truongson bench gateway
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init gateway "$@"
command -v python3 >/dev/null || bench_die "python3 is needed"
[ -x /usr/sbin/clamd ] || bench_die "clamd is needed (Debian package clamav-daemon; ./truongson setup)"
GW_JAR_SRC="$BENCH_ROOT/gateway/target/truongson-gateway.jar"
[ -f "$GW_JAR_SRC" ] || bench_die "no $GW_JAR_SRC: run ./truongson bench gateway (it builds first)"
MESSAGES="${BENCH_MESSAGES:-40}"
CONC="${BENCH_CONCURRENCY:-4}"
WORK="$BENCH_WORK/gateway"
DATA="$BENCH_WORK/gateway-data"
GW_JAR="$WORK/gateway-under-bench.jar"
cp -f "$GW_JAR_SRC" "$GW_JAR"
rm -rf "$DATA" "$WORK"/direct-*.json
mkdir -p "$DATA" "$WORK"
LOW_TOKEN="bench-low-$RANDOM$RANDOM"; HIGH_TOKEN="bench-high-$RANDOM$RANDOM"

bench_header "inbound dossier envelopes (1 MB PDF) through the gateway against direct delivery" "not used (the gateway keeps its own directory)"
out ""
bench_log "starting the gateway"
t0=$(date +%s%N)
"$JAVA_HOME/bin/java" -Xmx512m -jar "$GW_JAR" --gateway.data-dir="$DATA" \
  --gateway.low.token="$LOW_TOKEN" --gateway.high.token="$HIGH_TOKEN" \
  --gateway.low.port-file="$DATA/low.port" --gateway.high.port-file="$DATA/high.port" >"$WORK/gateway.log" 2>&1 &
BENCH_PIDS+=($!)
for _ in $(seq 1 240); do [ -s "$DATA/high.port" ] && break; sleep 0.5; done
[ -s "$DATA/high.port" ] || bench_die "the gateway did not start; see $WORK/gateway.log"
LOW="$(cat "$DATA/low.port")"; HIGH="$(cat "$DATA/high.port")"
# clamd is started in the background at the gateway's start: wait for its socket to answer.
for _ in $(seq 1 120); do grep -q "clamd started" "$WORK/gateway.log" && break; sleep 0.5; done
bench_log "gateway ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms (low $LOW, high $HIGH)"

out "## Parameters"
out ""
out "- Gateway: \`java -Xmx512m -jar gateway/target/truongson-gateway.jar\` (listeners on 127.0.0.1, clamd managed by the gateway with the shipped signatures)"
out "- Client and direct receiver: \`python3 bench/lib/gateway-bench.py\`, $MESSAGES envelopes each way, $CONC at once, 3 warm-up each"
out ""
out "## Results"
out ""
python3 "$BENCH_LIB/gateway-bench.py" "$LOW" "$HIGH" "$LOW_TOKEN" "$HIGH_TOKEN" "$MESSAGES" "$CONC" "$WORK" >"$WORK/result.md"
out_file "$WORK/result.md"
out ""
out "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$WORK"/direct-*.json
bench_log "result: $BENCH_RESULT"
