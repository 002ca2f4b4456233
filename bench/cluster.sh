#!/usr/bin/env bash
# Benchmark `cluster`: two platform nodes on one PostgreSQL behind HAProxy (deploy/cluster/run.sh), a bounded load of
# report submissions and document issues through HAProxy, one node killed with SIGKILL in the middle; then checks that
#   - no acknowledged write is lost: every report answered 2xx is in programme_report with the values sent, every
#     issue answered 200 is an ISSUED document with the number it was told;
#   - no document number is duplicated or skipped in the register;
#   - a browser session signed in at /login (before the kill) goes on being served by the surviving node;
#   - a compilation cached on node 2 shows a report submitted on node 1 at once;
#   - each reminder is sent once: the reminder job (db-scheduler), triggered with both nodes up and again after the
#     kill, runs once per trigger on one node, and no dedupe key is sent twice.
# Set-up:
#   - a scratch database truongson_bench_cluster on the machine's PostgreSQL (127.0.0.1:5432, user postgres);
#   - deploy/cluster/run.sh start with TRUONGSON_DATA_DIR under bench/work, HAProxy on a free port, demo data;
#   - bench/lib/report-submit-data.sql: an issued plan of this year, 1,000 assignments, its reports due today
#     (so that the reminder job has reporters to remind), the reporter baocao.btl86 granted on the subtree;
#   - BENCH_DOCS (60) drafts by soanthao.btl86, each signed by ky.btl86 (demo PIN).
# Load: BENCH_REPORTS (400) report submissions by BENCH_REPORT_CLIENTS (8) curl clients and the BENCH_DOCS issues by
# BENCH_ISSUE_CLIENTS (4) clients, all through HAProxy; node 2 is killed BENCH_KILL_AFTER (8) seconds into the load.
# Run with: ./truongson bench cluster
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init cluster "$@"
for t in psql jq python3 xargs haproxy; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
DOCS="${BENCH_DOCS:-60}"
REPORTS="${BENCH_REPORTS:-400}"
REPORT_CLIENTS="${BENCH_REPORT_CLIENTS:-8}"
ISSUE_CLIENTS="${BENCH_ISSUE_CLIENTS:-4}"
KILL_AFTER="${BENCH_KILL_AFTER:-8}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_cluster
WORK="$BENCH_WORK/cluster"
DATA="$BENCH_WORK/cluster-data"
PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
RUN="$BENCH_ROOT/deploy/cluster/run.sh"
mkdir -p "$WORK"
rm -f "$WORK"/*.txt "$WORK"/*.json "$WORK"/cookies

scratch_database
rm -rf "$DATA"
export TRUONGSON_DATA_DIR="$DATA" TRUONGSON_CLUSTER_PORT="$PORT" TRUONGSON_CLUSTER_DB="$DB" TRUONGSON_CLUSTER_JAR="$BENCH_JAR"
export TRUONGSON_CLUSTER_PGHOST="$PGHOST_" TRUONGSON_CLUSTER_PGPORT="$PGPORT_"
# The scheduler looks for due jobs every 2 s (10 s by default), so that a triggered run is seen quickly.
export TRUONGSON_SCHEDULER_POLLING_INTERVAL=2s
export TRUONGSON_PROGRAMME_REMINDERS_DAYS_BEFORE=14
unset TRUONGSON_DB_URL TRUONGSON_DB_USER TRUONGSON_DB_PASSWORD
bench_extra_cleanup() {
  "$RUN" stop >/dev/null 2>&1 || true
  admin_sql "drop database if exists $DB with (force)" >/dev/null 2>&1 && bench_log "dropped the scratch database $DB"
}
CDIR="$DATA/cluster"
bench_log "starting the cluster (HAProxy on port $PORT, database $DB)"
t0=$(now_ns)
"$RUN" start >"$WORK/start.txt" 2>&1 || { cat "$WORK/start.txt" >&2; bench_die "the cluster did not start"; }
START_MS=$(( ($(now_ns) - t0) / 1000000 ))
"$RUN" status >"$WORK/status-before.txt"
bench_log "cluster up in $START_MS ms: $(tr '\n' ';' <"$WORK/status-before.txt")"
BENCH_PIDS+=($(awk '/^node/ {print $4}' "$WORK/status-before.txt"))
bench_header "two nodes behind HAProxy, one killed under load" "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\`"

# ---- data and accounts ----------------------------------------------------------------------------------------------
YEAR="$(TZ=Asia/Ho_Chi_Minh date +%Y)"
PERIOD="$(TZ=Asia/Ho_Chi_Minh date +%Y-%m)"
TODAY_DAY="$(TZ=Asia/Ho_Chi_Minh date +%-d)"
PLAN_ID="$(sqlq -v year="$YEAR" -f "$BENCH_LIB/report-submit-data.sql" | tail -1)"
[[ "$PLAN_ID" =~ ^[0-9]+$ ]] || bench_die "the data script did not answer a plan id: $PLAN_ID"
# Reports due today (or, the 1st to the 14th, on the 15th with reminders from 14 days before; after the 28th, on the 28th):
# the reminder job then has a reminder for each assignment not reported yet.
DUE_DAY=$(( TODAY_DAY < 15 ? 15 : (TODAY_DAY > 28 ? 28 : TODAY_DAY) ))
sqlq -c "update programme_plan set report_due_day = $DUE_DAY where id = $PLAN_ID" >/dev/null
BTL86="$(sqlq -c "select id from org_unit where code = 'BTL86'")"
QK1="$(sqlq -c "select id from org_unit where code = 'QK1'")"
REPORTER_OFF="$(sqlq -c "select official_id from access_account where username = 'baocao.btl86'")"
sqlq -c "insert into access_grant (official_id, role, unit_id, scope) values ($REPORTER_OFF, 'UNIT_REPORTER', $BTL86, 'SUBTREE') on conflict do nothing" >/dev/null
sqlq -c "select id from programme_assignment where plan_id = $PLAN_ID order by id limit $REPORTS" >"$WORK/assignments.txt"

totp() { python3 -c '
import base64, hashlib, hmac, struct, time
k = base64.b32decode("JBSWY3DPEHPK3PXP"); c = int(time.time()) // 30
h = hmac.new(k, struct.pack(">Q", c), hashlib.sha1).digest(); o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))'; }
token() { # token USER [otp]
  local body="{\"username\":\"$1\",\"password\":\"TruongSon@2026\"${2:+,\"otp\":\"$2\"}}"
  curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "$body" | jq -r '.accessToken // empty'
}
T_REPORT="$(token baocao.btl86)"; [ -n "$T_REPORT" ] || bench_die "sign-in baocao.btl86"
T_DRAFT="$(token soanthao.btl86)"; [ -n "$T_DRAFT" ] || bench_die "sign-in soanthao.btl86"
T_SIGN="$(token ky.btl86 "$(totp)")"; [ -n "$T_SIGN" ] || bench_die "sign-in ky.btl86"
T_CLERK="$(token vanthu.btl86 "$(totp)")"; [ -n "$T_CLERK" ] || bench_die "sign-in vanthu.btl86"
SIGNER="$(sqlq -c "select official_id from access_account where username = 'ky.btl86'")"
START_NUMBER="$(sqlq -c "select coalesce((select last_number from document_register where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified), 0)")"

bench_log "setup: $DOCS drafts, each signed by ky.btl86 (through HAProxy, both nodes)"
META="{\"type\":\"CV\",\"subject\":\"Văn bản thử cụm hai nút\",\"secrecy\":\"THUONG\",\"urgency\":\"THUONG\",\"issuingUnitId\":\"$BTL86\",\"signerId\":\"$SIGNER\",\"recipients\":[{\"unitId\":\"$QK1\"}],\"body\":\"Nội dung văn bản thử cụm.\"}"
: >"$WORK/docs.txt"
t0=$(now_ns)
for i in $(seq 1 "$DOCS"); do
  id="$(curl -s -H "Authorization: Bearer $T_DRAFT" -F "metadata=$META;type=application/json" "$BASE/api/v1/documents" | jq -r '.id // empty')"
  [ -n "$id" ] || bench_die "draft $i failed"
  code="$(curl -s -o "$WORK/sign.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $T_SIGN" -H 'Content-Type: application/json' \
    -d '{"pin":"123456"}' "$BASE/api/v1/documents/$id/sign")"
  [ "$code" = 200 ] || bench_die "sign $id answered $code: $(cat "$WORK/sign.json")"
  echo "$id" >>"$WORK/docs.txt"
done
SETUP_MS=$(( ($(now_ns) - t0) / 1000000 ))

# ---- a browser session, signed in through HAProxy ---------------------------------------------------------------
JAR_="$WORK/cookies"
LOGIN_PAGE="$(curl -s -c "$JAR_" -b "$JAR_" "$BASE/login")"
CSRF="$(grep -o 'name="_csrf"[^>]*value="[^"]*"' <<<"$LOGIN_PAGE" | sed 's/.*value="//; s/"$//' | head -1)"
[ -n "$CSRF" ] || CSRF="$(grep -o 'value="[^"]*"[^>]*name="_csrf"' <<<"$LOGIN_PAGE" | sed 's/^value="//; s/".*//' | head -1)"
[ -n "$CSRF" ] || bench_die "no CSRF token on /login"
LOGIN_CODE="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$JAR_" -b "$JAR_" --data-urlencode "username=baocao.btl86" \
  --data-urlencode "password=TruongSon@2026" --data-urlencode "_csrf=$CSRF" "$BASE/login")"
office() { curl -s -o "$WORK/office.html" -w '%{http_code}' -b "$JAR_" "$BASE/office"; }
SESSION_BEFORE=""
for i in 1 2 3 4; do SESSION_BEFORE+="$(office) "; done   # round robin: both nodes serve it
grep -q "baocao.btl86\|Đăng xuất" "$WORK/office.html" || bench_die "the session does not show the signed-in person (login answered $LOGIN_CODE)"

# ---- reminders, with both nodes up ------------------------------------------------------------------------------
reminder_runs() { cat "$CDIR"/node*.log | grep -c 'Reminders of ' || true; }
trigger_reminders() { # trigger_reminders EXPECTED_RUNS: makes the job due now, waits for that many runs in the node logs
  sqlq -c "update scheduled_tasks set execution_time = now(), picked = false where task_name = 'programme-reminders'" >/dev/null
  local i
  for i in $(seq 1 120); do [ "$(reminder_runs)" -ge "$1" ] && break; sleep 1; done
  sleep 5 # a second run, if there were one, would show now (the nodes poll every 2 s)
}
RUNS0="$(reminder_runs)"
trigger_reminders $((RUNS0 + 1))
RUNS1="$(reminder_runs)"
SENT1="$(sqlq -c "select count(*) from notify_notification where dedupe_key like 'reminder:%'")"

# ---- the compilation cache, node by node ------------------------------------------------------------------------
# Each node caches compilations keyed by the plan's data version: a report submitted on node 1 must show at once in a
# compilation node 2 had cached before.
T_COORD="$(token dieuphoi.btl86)"; [ -n "$T_COORD" ] || T_COORD="$(token dieuphoi.btl86 "$(totp)")"; [ -n "$T_COORD" ] || bench_die "sign-in dieuphoi.btl86"
N1_PORT="$(awk '$1 == "node" && $2 == 1 {print $6}' "$WORK/status-before.txt")"
N2_PORT="$(awk '$1 == "node" && $2 == 2 {print $6}' "$WORK/status-before.txt")"
received() { curl -s -H "Authorization: Bearer $T_COORD" "http://127.0.0.1:$1/api/v1/plans/$PLAN_ID/compilation?period=$PERIOD" | jq -r '.receivedReports // "error"'; }
C0_1="$(received "$N1_PORT")"; C0_2="$(received "$N2_PORT")"; C0_2b="$(received "$N2_PORT")"
LAST_ASSIGNMENT="$(sqlq -c "select max(id) from programme_assignment where plan_id = $PLAN_ID")"
C_PUT="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $T_REPORT" -H 'Content-Type: application/json' \
  -d '{"status":"DONE","percentComplete":100,"indicatorValues":{"CT1":1},"obstacles":null,"bottleneck":false,"proposal":null}' \
  "http://127.0.0.1:$N1_PORT/api/v1/assignments/$LAST_ASSIGNMENT/reports/$PERIOD")"
C1_2="$(received "$N2_PORT")"; C1_1="$(received "$N1_PORT")"
CACHE_OK=no
[ "$C_PUT" = 200 ] && [ "$C0_1" = "$C0_2" ] && [ "$C1_2" = $((C0_2 + 1)) ] && [ "$C1_1" = "$C1_2" ] && CACHE_OK=yes

# ---- the load, and the kill --------------------------------------------------------------------------------------
bench_log "load: $REPORTS report submissions ($REPORT_CLIENTS clients) and $DOCS issues ($ISSUE_CLIENTS clients); node 2 killed after ${KILL_AFTER}s"
export BASE T_REPORT T_CLERK PERIOD
t0=$(now_ns)
# Each submission sends percentComplete = assignment id mod 100, so what is in the database can be checked against it.
xargs -P "$REPORT_CLIENTS" -I{} sh -c 'p=$(({} % 100)); c=$(curl -s -o /dev/null -w "%{http_code}" --max-time 60 -X PUT \
  -H "Authorization: Bearer $T_REPORT" -H "Content-Type: application/json" \
  -d "{\"status\":\"IN_PROGRESS\",\"percentComplete\":$p,\"indicatorValues\":{\"CT1\":1},\"obstacles\":null,\"bottleneck\":false,\"proposal\":null}" \
  "$BASE/api/v1/assignments/{}/reports/$PERIOD"); echo "{} $c $p"' <"$WORK/assignments.txt" >"$WORK/reports.txt" &
LOAD_R=$!
xargs -P "$ISSUE_CLIENTS" -I{} sh -c 'b=$(curl -s -w " %{http_code}" --max-time 120 -X POST -H "Authorization: Bearer $T_CLERK" "$BASE/api/v1/documents/{}/issue");
  c=${b##* }; n=$(printf "%s" "${b% *}" | sed -n "s/.*\"number\":\([0-9]*\).*/\1/p"); echo "{} $c ${n:--}"' <"$WORK/docs.txt" >"$WORK/issues.txt" &
LOAD_I=$!
sleep "$KILL_AFTER"
VICTIM_PID="$(awk '$1 == "node" && $2 == 2 {print $4}' "$WORK/status-before.txt")"
DONE_AT_KILL_R="$(wc -l <"$WORK/reports.txt")"; DONE_AT_KILL_I="$(wc -l <"$WORK/issues.txt")"
kill -KILL "$VICTIM_PID"
KILL_S="$(awk -v a="$(now_ns)" -v b="$t0" 'BEGIN { printf "%.1f", (a - b) / 1e9 }')"
bench_log "killed node 2 (pid $VICTIM_PID) at ${KILL_S}s: $DONE_AT_KILL_R reports and $DONE_AT_KILL_I issues answered so far"
wait "$LOAD_R" "$LOAD_I" || true
LOAD_MS=$(( ($(now_ns) - t0) / 1000000 ))
"$RUN" status >"$WORK/status-after.txt" 2>&1 || true

# ---- the session on the surviving node ---------------------------------------------------------------------------
SESSION_AFTER=""
for i in 1 2 3 4; do SESSION_AFTER+="$(office) "; done
SESSION_OK=no
[ "$LOGIN_CODE" = "302 $BASE/office" ] && [ "$(tr -s ' ' '\n' <<<"$SESSION_AFTER" | grep -c '^200$')" = 4 ] && grep -q "baocao.btl86\|Đăng xuất" "$WORK/office.html" && SESSION_OK=yes

# ---- reminders again, one node left ------------------------------------------------------------------------------
trigger_reminders $((RUNS1 + 1))
RUNS2="$(reminder_runs)"
IFS='|' read -r NOTES DISTINCT_NOTES < <(sqlq -c "select count(*), count(distinct (official_id, dedupe_key)) from notify_notification where dedupe_key like 'reminder:%'")
RUN_LINES="$(cat "$CDIR"/node*.log | grep 'Reminders of ' | sed -E 's/.*Reminders of/Reminders of/' | tr '\n' ';')"

# ---- checks ---------------------------------------------------------------------------------------------------------
R_ACK="$(awk '$2 ~ /^2/' "$WORK/reports.txt" | wc -l)"
R_FAIL="$(awk '$2 !~ /^2/' "$WORK/reports.txt" | wc -l)"
R_CODES="$(awk '{print $2}' "$WORK/reports.txt" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
awk '$2 ~ /^2/ {print $1 "," $3}' "$WORK/reports.txt" >"$WORK/reports-ack.csv"
sqlq -c "create temp table ack (assignment_id bigint, percent numeric)" -c "\copy ack from '$WORK/reports-ack.csv' csv" \
  -c "select count(*) from ack a left join programme_report r on r.assignment_id = a.assignment_id and r.period = to_date('$PERIOD', 'YYYY-MM')
      where r.assignment_id is null or r.percent_complete <> a.percent" >"$WORK/reports-lost.txt"
R_LOST="$(tail -1 "$WORK/reports-lost.txt")"
R_IN_DB="$(sqlq -c "select count(*) from programme_report r join programme_assignment a on a.id = r.assignment_id where a.plan_id = $PLAN_ID")"

I_ACK="$(awk '$2 == 200' "$WORK/issues.txt" | wc -l)"
I_FAIL="$(awk '$2 != 200' "$WORK/issues.txt" | wc -l)"
I_CODES="$(awk '{print $2}' "$WORK/issues.txt" | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
awk '$2 == 200 {print $1 "," $3}' "$WORK/issues.txt" >"$WORK/issues-ack.csv"
sqlq -c "create temp table ack (id text, number int)" -c "\copy ack from '$WORK/issues-ack.csv' csv" \
  -c "select count(*) from ack a left join document_document d on d.id::text = a.id where d.id is null or d.status = 'DRAFT' or d.number is distinct from a.number" \
  >"$WORK/issues-lost.txt"
I_LOST="$(tail -1 "$WORK/issues-lost.txt")"
IFS='|' read -r N_ISSUED N_DISTINCT MINN MAXN < <(sqlq -c "select count(*), count(distinct number), coalesce(min(number), 0), coalesce(max(number), 0)
  from document_document where issuing_unit_id = $BTL86 and year = $YEAR and secrecy_rank = 0 and number > $START_NUMBER and origin = 'INTERNAL'")
REG_LAST="$(sqlq -c "select coalesce((select last_number from document_register where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified), 0)")"
# Since issue 19 a number whose sealing failed (or was left by the killed node) is a voided line of the register
# (document_register_void) or, within ten minutes, a reservation in flight: neither is a skipped number.
N_VOIDED="$(sqlq -c "select count(*) from document_register_void where unit_id = $BTL86 and year = $YEAR and direction = 'OUT' and not classified and number > $START_NUMBER")"
N_RESERVED="$(sqlq -c "select count(*) from document_number_reservation where unit_id = $BTL86 and year = $YEAR and not classified and number > $START_NUMBER")"
I_DUP=$(( N_ISSUED - N_DISTINCT ))
I_SKIPPED=$(( REG_LAST - START_NUMBER - N_DISTINCT - N_VOIDED - N_RESERVED ))
CONTIGUOUS=no
[ "$I_DUP" = 0 ] && [ "$I_SKIPPED" = 0 ] && { [ "$N_ISSUED" = 0 ] || [ "$MINN" = $((START_NUMBER + 1)) ]; } && CONTIGUOUS=yes
# With the cluster's own keys (the shared token store: the audit log's leaf key is wrapped by its master key) and
# node 1's head file.
AUDIT="$(TRUONGSON_DATA_DIR="$CDIR/node1" TRUONGSON_SIGNING_TOKEN_DIR="$CDIR/softhsm" SOFTHSM2_CONF="$CDIR/softhsm/softhsm2.conf" \
  audit_verify "jdbc:postgresql://$PGHOST_:$PGPORT_/$DB?user=postgres" "$WORK/audit-verify.txt")"

out "## Parameters"
out ""
out "- Cluster: \`deploy/cluster/run.sh start\` — $(grep -c '^node' "$WORK/status-before.txt") nodes (\`$(tr '\n' ';' <"$WORK/status-before.txt" | sed 's/;$//')\`), HAProxy on port $PORT, database \`$DB\`, shared token store \`<data dir>/cluster/softhsm\`; up in $START_MS ms (node 1 first, with the demo data, then node 2)"
out "- Setup (not measured): $DOCS drafts by soanthao.btl86, each signed by ky.btl86 through HAProxy, in $SETUP_MS ms; an issued plan with 1,000 assignments, reports due today"
out "- Load through HAProxy: $REPORTS \`PUT /api/v1/assignments/{id}/reports/$PERIOD\` (baocao.btl86, $REPORT_CLIENTS clients) and $DOCS \`POST /api/v1/documents/{id}/issue\` (vanthu.btl86, $ISSUE_CLIENTS clients), at once"
out "- Node 2 (pid $VICTIM_PID) killed with SIGKILL ${KILL_S}s into the load ($DONE_AT_KILL_R reports and $DONE_AT_KILL_I issues answered by then); load over after $LOAD_MS ms"
out ""
out "## Results"
out ""
out "| | |"
out "|---|---|"
out "| Report submissions acknowledged (2xx) | **$R_ACK** of $REPORTS (answers: $R_CODES) |"
out "| … acknowledged but not in the database with the values sent (lost) | **$R_LOST** |"
out "| Reports of the plan in the database | $R_IN_DB |"
out "| Issues acknowledged (200) | **$I_ACK** of $DOCS (answers: $I_CODES) |"
out "| … acknowledged but not issued with that number (lost) | **$I_LOST** |"
out "| Register numbers after $START_NUMBER | $N_ISSUED issued, $N_DISTINCT distinct, $MINN to $MAXN, register's last number $REG_LAST, $N_VOIDED voided, $N_RESERVED reserved in flight: duplicated **$I_DUP**, skipped **$I_SKIPPED**, contiguous **$CONTIGUOUS** |"
out "| Browser session (signed in at /login through HAProxy: $LOGIN_CODE) | \`GET /office\` before the kill: $SESSION_BEFORE; after: $SESSION_AFTER→ continues on the surviving node: **$SESSION_OK** |"
out "| Reminder job runs (db-scheduler) | triggered with both nodes up: $((RUNS1 - RUNS0)) run; after the kill: $((RUNS2 - RUNS1)) run (\`$RUN_LINES\`) |"
out "| Reminders | $NOTES notifications, $DISTINCT_NOTES distinct (person, key) — each sent once: **$([ "$NOTES" = "$DISTINCT_NOTES" ] && [ $((RUNS1 - RUNS0)) = 1 ] && [ $((RUNS2 - RUNS1)) = 1 ] && echo yes || echo no)** |"
out "| Compilation cache across nodes | receivedReports on node 1: $C0_1, node 2: $C0_2 (twice: $C0_2b, cached); a report submitted on node 1 ($C_PUT); then node 2: $C1_2, node 1: $C1_1 → fresh on both: **$CACHE_OK** |"
out "| Audit chain after the load | $AUDIT |"
out "| Status after the kill | \`$(tr '\n' ';' <"$WORK/status-after.txt" | sed 's/;$//')\` |"
out ""
out "Requests in flight on the killed node end without an answer (curl \`000\`) or with HAProxy's 502/503: they were not"
out "acknowledged, and their transactions rolled back with the node's connections, so they neither count nor leave a gap."
out "HAProxy sees the node down within two failed checks (1 s apart) and sends everything to the other node; a request"
out "refused at connect is redispatched, one that reached the node is never resent (no POST twice)."
out ""
out_platform_behaviour "$CDIR/node1.log"
log_problems "$CDIR/node2.log"
FAILED=""
[ "$R_LOST" = 0 ] || FAILED+=" reports-lost"
[ "$I_LOST" = 0 ] || FAILED+=" issues-lost"
[ "$CONTIGUOUS" = yes ] || FAILED+=" register"
[ "$SESSION_OK" = yes ] || FAILED+=" session"
[ "$CACHE_OK" = yes ] || FAILED+=" compilation-cache"
[ "$NOTES" = "$DISTINCT_NOTES" ] && [ $((RUNS1 - RUNS0)) = 1 ] && [ $((RUNS2 - RUNS1)) = 1 ] || FAILED+=" reminders"
[ "$R_ACK" -gt 0 ] && [ "$I_ACK" -gt 0 ] || FAILED+=" nothing-acknowledged"
[[ "$AUDIT" == "exit 0,"* ]] || FAILED+=" audit"
"$RUN" stop >/dev/null 2>&1 || true
if [ -n "$FAILED" ]; then out ""; out "**FAILED:$FAILED**"; bench_die "cluster checks failed:$FAILED"; fi
out ""
out "All checks passed."
bench_log "result: $BENCH_RESULT"
