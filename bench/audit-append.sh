#!/usr/bin/env bash
# Benchmark `audit-append`: audit appends per second with BENCH_CLIENTS (12) concurrent writers, each append in a
# transaction that also changes a row of its own (as every audited change does), for the two designs in one run on one
# scratch database:
#   - old (before issue 11): pg_advisory_xact_lock on one key, read audit_head, insert the chained row, update
#     audit_head — the lock held until the transaction commits, so every writer in the platform takes turns;
#   - new (issue 11): nextval, then one insert carrying its MAC (computed by the application: ~1 µs of HMAC-SHA-256 in
#     the JVM, here a random 32 bytes) — no lock shared by writers; the sealer runs beside it (below).
# While the new design runs, the sealer's own query (pg_snapshot_xmin, the unsealed rows of finished transactions, one
# leaf row each) runs every second in a loop, so the writers pay for it as they would in production.
# The tables are the platform's own (the V3 and V590 migrations applied by psql). Only the database is measured: the
# HTTP and JVM costs are the same for both designs.
# Run with: ./truongson bench audit-append
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

bench_init audit-append "$@"
for t in psql pgbench; do command -v "$t" >/dev/null || bench_die "$t is needed"; done
CLIENTS="${BENCH_CLIENTS:-12}"
DURATION="${BENCH_DURATION:-20}"
PGHOST_=127.0.0.1
PGPORT_=5432
DB=truongson_bench_audit
WORK="$BENCH_WORK/audit-append"
MIG="$BENCH_ROOT/platform/src/main/resources/db/migration"
mkdir -p "$WORK"

scratch_database
sqlq -f "$MIG/V3__audit_trail.sql" >/dev/null
sqlq -f "$MIG/V590__audit_merkle.sql" >/dev/null
# The old design's table as it was (not null chain columns do not matter to its speed), and the rows the changes touch.
sqlq -c "create table bench_change (id int primary key, n bigint not null default 0); insert into bench_change select g, 0 from generate_series(1, 1000) g"

cat >"$WORK/old.sql" <<'SQL'
\set cid random(1, 1000)
begin;
update bench_change set n = n + 1 where id = :cid;
select pg_advisory_xact_lock(8247620812569538414);
select last_id, last_hash from audit_head;
insert into audit_event (id, at, actor, zone, ip, action, target, outcome, detail, prev_hash, hash)
  select last_id + 1, now(), 'bench', 'system', '127.0.0.1', 'bench.change', 'change:' || :cid, 'SUCCESS', null, last_hash,
         encode(sha256((last_hash || (last_id + 1))::bytea), 'hex') from audit_head;
update audit_head set last_id = last_id + 1, last_hash = encode(sha256(last_hash::bytea), 'hex');
commit;
SQL
cat >"$WORK/new.sql" <<'SQL'
\set cid random(1, 1000)
begin;
update bench_change set n = n + 1 where id = :cid;
select nextval('audit_event_id_seq');
insert into audit_event (at, actor, zone, ip, action, target, outcome, detail, key_id, mac)
  values (now(), 'bench', 'system', '127.0.0.1', 'bench.change', 'change:' || :cid, 'SUCCESS', null, 'lk-bench',
          decode(md5(random()::text) || md5(random()::text), 'hex'));
commit;
SQL
# The sealer's database work for one batch (the signing is on the token, off the database).
cat >"$WORK/seal.sql" <<'SQL'
begin;
select pg_advisory_xact_lock(8391157687545066579);
create temp table if not exists x (m xid8) on commit drop;
insert into x select pg_snapshot_xmin(pg_current_snapshot());
insert into audit_leaf (leaf_index, event_id, key_id, leaf_hash)
  select (select tree_size from audit_seal_state) + row_number() over (order by e.id) - 1, e.id, 'lk-bench', sha256(e.mac)
  from audit_event e, audit_seal_state s
  where e.mac is not null and (s.sealed_xmin is null or e.tx_id >= s.sealed_xmin) and e.tx_id < (select m from x)
    and not exists (select 1 from audit_leaf l where l.event_id = e.id);
update audit_seal_state set tree_size = (select count(*) from audit_leaf), sealed_xmin = (select m from x);
commit;
SQL

run() { # run NAME: pgbench output for the script
  timeout $((DURATION + 60)) pgbench -h "$PGHOST_" -p "$PGPORT_" -U postgres -n -c "$CLIENTS" -j 2 -T "$DURATION" -r -f "$WORK/$1.sql" "$DB" >"$WORK/$1.txt" 2>&1
}
tps() { sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$WORK/$1.txt" | head -1; }
lat() { sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$WORK/$1.txt" | head -1; }

bench_header "audit appends, old lock-held chain vs keyed leaves sealed in batches, $CLIENTS writers" \
  "machine server $PG_VERSION on $PGHOST_:$PGPORT_, scratch database \`$DB\` (synchronous_commit $(admin_sql 'show synchronous_commit'))"
out "- Load before: $(cut -d' ' -f1-3 /proc/loadavg)"
out ""

bench_log "old design: $CLIENTS clients, ${DURATION}s"
run old
sqlq -c "select setval('audit_event_id_seq', (select max(id) from audit_event))" >/dev/null
bench_log "new design: $CLIENTS clients, ${DURATION}s, with the sealer running every second"
( end=$(( $(date +%s) + DURATION + 2 )); while [ "$(date +%s)" -lt "$end" ]; do sqlq -f "$WORK/seal.sql" >/dev/null 2>&1 || true; sleep 1; done ) &
SEALER=$!
BENCH_PIDS+=("$SEALER")
run new
wait "$SEALER" 2>/dev/null || true
sqlq -f "$WORK/seal.sql" >/dev/null
OLD_TPS="$(tps old)"; NEW_TPS="$(tps new)"
UNSEALED="$(sqlq -c "select count(*) from audit_event e where e.mac is not null and not exists (select 1 from audit_leaf l where l.event_id = e.id)")"
LEAVES="$(sqlq -c "select count(*) from audit_leaf")"
NEW_ROWS="$(sqlq -c "select count(*) from audit_event where mac is not null")"

out "## Result"
out ""
out "| Design | appends/s (transactions/s) | mean latency (ms) |"
out "|---|---|---|"
out "| old: one advisory lock held to commit (baseline) | $OLD_TPS | $(lat old) |"
out "| new: no shared lock, sealer beside it | $NEW_TPS | $(lat new) |"
out ""
out "- Ratio new / old: $(awk -v a="$NEW_TPS" -v b="$OLD_TPS" 'BEGIN { printf "%.2f", a / b }')×"
out "- After the run: $NEW_ROWS new-design rows, $LEAVES sealed as leaves, $UNSEALED left unsealed (must be 0: no lost or duplicate leaf)."
out "- Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
out ""
out "## pgbench, old design"
out_code "" "$WORK/old.txt"
out "## pgbench, new design"
out_code "" "$WORK/new.txt"
out "## Scripts"
out_code sql "$WORK/old.sql"
out_code sql "$WORK/new.sql"
out_code sql "$WORK/seal.sql"
