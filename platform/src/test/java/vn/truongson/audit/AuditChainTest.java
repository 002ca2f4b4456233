package vn.truongson.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.TestDatabase;

/**
 * The verifiable log (issue 11) against the attacks of someone with the database: plain SQL as the database owner (the
 * platform itself connects as a role that may not do any of it: {@code AuditRolesTest}) does the tampering, with the
 * triggers switched off the way only a superuser can ({@code session_replication_role = replica}), inside a transaction
 * that is rolled back after the verifier has looked at it, so that the shared test database stays intact for the other
 * tests. The verifier that looks is the platform's, bound to the attacker's connection so that it sees the attack.
 */
@PlatformTest
class AuditChainTest {

    @Autowired AuditTrail trail;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired LeafKeys leafKeys;
    @Autowired org.springframework.beans.factory.ObjectProvider<AuditKeys> keys;
    @Autowired HeadFile headFile;

    /** The database's owner: a connection of its own, a transaction manager on it, and the platform's verifier on it. */
    final javax.sql.DataSource ownerDs = TestDatabase.owner();
    final JdbcClient owner = JdbcClient.create(ownerDs);
    final org.springframework.jdbc.datasource.DataSourceTransactionManager ownerTm = new org.springframework.jdbc.datasource.DataSourceTransactionManager(ownerDs);
    final TransactionTemplate ownerTx = new TransactionTemplate(ownerTm);

    MerkleLog verifierOnOwner() {
        return new MerkleLog(owner, leafKeys, keys, headFile, ownerTm);
    }

    /** Runs the attack as the owner, then the verifier in the attacker's transaction, then rolls everything back. */
    AuditTrail.Verification attacked(Consumer<JdbcClient> attack) {
        return attacked(verifierOnOwner(), attack);
    }

    AuditTrail.Verification attacked(MerkleLog verifier, Consumer<JdbcClient> attack) {
        var out = new AuditTrail.Verification[1];
        ownerTx.executeWithoutResult(s -> {
            owner.sql("set local session_replication_role = replica").update();
            attack.accept(owner);
            out[0] = verifier.verify();
            s.setRollbackOnly();
        });
        return out[0];
    }

    long record(String target) {
        trail.record("test.event", target, AuditTrail.SUCCESS, "Kiểm tra nhật ký " + target);
        return jdbc.sql("select max(id) from audit_event where target = ?").param(target).query(Long.class).single();
    }

    /**
     * Seals until record {@code id} is in the tree; answers the tree size. A transaction of anyone on the server that began
     * before the record's (another test, another database on a shared server) holds it back until it ends.
     */
    long sealed(long id) {
        long[] size = new long[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            size[0] = trail.seal();
            return jdbc.sql("select count(*) from audit_leaf where event_id = ?").param(id).query(Long.class).single() == 1;
        });
        return size[0];
    }

    @Test
    void an_intact_trail_verifies_after_sealing() {
        long id = record("test:intact:" + System.nanoTime());
        long size = sealed(id);
        assertThat(size).isGreaterThan(0);
        assertThat(jdbc.sql("select count(*) from audit_leaf where event_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
        var v = trail.verify();
        assertThat(v.ok()).as(v.reason()).isTrue();
        assertThat(v.checked()).isGreaterThan(0);
        assertThat(v.firstBrokenId()).isNull();
        assertThat(trail.heads(1).getFirst().treeSize()).isGreaterThanOrEqualTo(size);
    }

    @Test
    void the_database_refuses_updates_deletes_and_truncate_and_no_session_setting_turns_that_off() {
        long id = record("test:refuse:" + System.nanoTime());
        sealed(id);
        for (String sql : List.of("update audit_event set outcome = 'X' where id = " + id, "delete from audit_event where id = " + id,
                "truncate audit_event", "truncate audit_leaf", "truncate audit_tree_head", "delete from audit_leaf", "delete from audit_tree_head",
                "delete from audit_leaf_key")) {
            // Even the owner: the triggers refuse (the application's role is refused before that: AuditRolesTest).
            assertThatThrownBy(() -> ownerTx.executeWithoutResult(s -> {
                // The old escape hatch: a plain session setting. It is gone.
                owner.sql("select set_config('truongson.audit_maintenance', 'on', true)").query().singleRow();
                owner.sql(sql).update();
            })).as(sql).hasMessageContaining("append-only");
        }
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void the_issues_forgery_a_row_rewritten_and_everything_the_database_holds_recomputed_is_found() {
        long victim = record("test:forge:" + System.nanoTime());
        sealed(record("test:forge-after:" + System.nanoTime()));
        var v = attacked(db -> {
            db.sql("update audit_event set actor = 'nguoi.khac', detail = 'đã sửa' where id = ?").param(victim).update();
            // Without the leaf key, the best a forger can do: a new "MAC" of his own, its leaf, and the tree's roots redone.
            var row = db.sql("select id, actor, detail from audit_event where id = ?").param(victim).query().singleRow();
            byte[] fakeMac = Merkle.sha256().digest(row.toString().getBytes(StandardCharsets.UTF_8));
            db.sql("update audit_event set mac = ? where id = ?").param(fakeMac).param(victim).update();
            db.sql("update audit_leaf set leaf_hash = ? where event_id = ?").param(Merkle.leafHash(fakeMac)).param(victim).update();
            List<byte[]> leaves = db.sql("select leaf_hash from audit_leaf order by leaf_index").query(byte[].class).list();
            for (long size : db.sql("select tree_size from audit_tree_head").query(Long.class).list()) {
                Merkle.Frontier f = new Merkle.Frontier();
                for (int i = 0; i < size; i++) f.add(leaves.get(i));
                db.sql("update audit_tree_head set root_hash = ? where tree_size = ?").param(f.root()).param(size).update();
            }
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenId()).isEqualTo(victim);
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void a_row_altered_before_it_was_sealed_is_found() {
        String target = "test:early:" + System.nanoTime();
        var v = new AuditTrail.Verification[1];
        MerkleLog verifier = verifierOnOwner();
        ownerTx.executeWithoutResult(s -> {
            owner.sql("set local session_replication_role = replica").update();
            // The attacker's transaction is open (it has an id) before the record is written: the sealer seals nothing
            // at or above it, so the record stays unsealed while it is altered.
            owner.sql("select pg_current_xact_id()").query().singleRow();
            java.util.concurrent.CompletableFuture.runAsync(() -> trail.record("test.event", target, AuditTrail.SUCCESS, null)).join();
            long id = owner.sql("select id from audit_event where target = ?").param(target).query(Long.class).single();
            owner.sql("update audit_event set outcome = 'FAILURE' where id = ?").param(id).update();
            v[0] = verifier.verify();
            assertThat(v[0].firstBrokenId()).isEqualTo(id);
            s.setRollbackOnly();
        });
        assertThat(v[0].ok()).isFalse();
        assertThat(v[0].reason()).contains("not sealed yet");
    }

    @Test
    void a_removed_row_is_found() {
        long victim = record("test:removed:" + System.nanoTime());
        sealed(record("test:removed-after:" + System.nanoTime()));
        var v = attacked(db -> db.sql("delete from audit_event where id = ?").param(victim).update());
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenId()).isEqualTo(victim);
        assertThat(v.reason()).contains("removed");
    }

    @Test
    void a_truncated_log_is_found_by_the_heads_kept_outside_the_database() {
        sealed(record("test:truncate:" + System.nanoTime()));
        var v = attacked(db -> {
            db.sql("truncate audit_event, audit_leaf, audit_tree_head").update();
            db.sql("update audit_seal_state set tree_size = 0, sealed_xmin = null, frontier = '\\x'").update();
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenId()).isEqualTo(1L);
        assertThat(v.reason()).contains("heads-").contains("restored from an older backup");
    }

    @Test
    void a_database_restored_from_an_older_backup_is_found() {
        long before = sealed(record("test:old-backup:" + System.nanoTime()));
        long lost = record("test:old-backup-lost:" + System.nanoTime());
        long after = sealed(lost);
        assertThat(after).isGreaterThan(before);
        // What an older backup holds: the tail and its heads are not there, the sealer's state is the old one.
        var v = attacked(db -> {
            db.sql("delete from audit_event where id in (select event_id from audit_leaf where leaf_index >= ?)").param(before).update();
            db.sql("delete from audit_leaf where leaf_index >= ?").param(before).update();
            db.sql("delete from audit_tree_head where tree_size > ?").param(before).update();
            Merkle.Frontier f = new Merkle.Frontier();
            db.sql("select leaf_hash from audit_leaf order by leaf_index").query(byte[].class).list().forEach(f::add);
            db.sql("update audit_seal_state set tree_size = ?, frontier = ?").param(before).param(f.packed()).update();
        });
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenId()).isGreaterThanOrEqualTo(lost);
        assertThat(v.reason()).contains("covers ").contains("older backup");
    }

    /**
     * The verifier's leaf walk in many chunks of 4 leaves over 3 workers names the same record, after the same number of
     * rows, as in one chunk: for an altered record (MAC and leaf redone without the key, roots redone), a removed record
     * and a removed tail.
     */
    @Test
    void the_parallel_walk_in_small_chunks_names_the_same_first_broken_record_for_each_attack() {
        MerkleLog chunked = new MerkleLog(owner, leafKeys, keys, headFile, ownerTm, MerkleLog.Settings.defaults().withVerifier(3, 2));
        long altered = record("test:par-alter:" + System.nanoTime());
        long removed = record("test:par-remove:" + System.nanoTime());
        long before = sealed(removed);
        long lost = record("test:par-tail:" + System.nanoTime());
        sealed(lost);
        Consumer<JdbcClient> alter = db -> {
            db.sql("update audit_event set detail = 'đã sửa' where id = ?").param(altered).update();
            byte[] fakeMac = Merkle.sha256().digest("giả".getBytes(StandardCharsets.UTF_8));
            db.sql("update audit_event set mac = ? where id = ?").param(fakeMac).param(altered).update();
            db.sql("update audit_leaf set leaf_hash = ? where event_id = ?").param(Merkle.leafHash(fakeMac)).param(altered).update();
            List<byte[]> leaves = db.sql("select leaf_hash from audit_leaf order by leaf_index").query(byte[].class).list();
            for (long size : db.sql("select tree_size from audit_tree_head").query(Long.class).list()) {
                Merkle.Frontier f = new Merkle.Frontier();
                for (int i = 0; i < size; i++) f.add(leaves.get(i));
                db.sql("update audit_tree_head set root_hash = ? where tree_size = ?").param(f.root()).param(size).update();
            }
        };
        Consumer<JdbcClient> remove = db -> db.sql("delete from audit_event where id = ?").param(removed).update();
        Consumer<JdbcClient> tail = db -> {
            db.sql("delete from audit_event where id in (select event_id from audit_leaf where leaf_index >= ?)").param(before).update();
            db.sql("delete from audit_leaf where leaf_index >= ?").param(before).update();
        };
        var cases = List.of(java.util.Map.entry(alter, altered), java.util.Map.entry(remove, removed), java.util.Map.entry(tail, lost));
        for (var c : cases) {
            var one = attacked(c.getKey());
            var many = attacked(chunked, c.getKey());
            assertThat(many.ok()).isFalse();
            assertThat(one.ok()).isFalse();
            if (c.getValue() == lost) assertThat(many.firstBrokenId()).isGreaterThan(removed);
            else assertThat(many.firstBrokenId()).isEqualTo(c.getValue());
            assertThat(many.firstBrokenId()).isEqualTo(one.firstBrokenId());
            assertThat(many.checked()).isEqualTo(one.checked());
            assertThat(many.reason()).isEqualTo(one.reason());
        }
        var intact = chunked.verify();
        assertThat(intact.ok()).as(intact.reason()).isTrue();
        assertThat(intact.checked()).isEqualTo(trail.verify().checked());
    }

    /** The write-path benchmark's baseline sink drops records: refused unless demo mode is set explicitly. */
    @Test
    void the_noop_sink_is_refused_outside_demo_mode_and_records_nothing_in_it(@Autowired AuditContext context, @Autowired MerkleLog merkle,
            @Autowired org.springframework.transaction.PlatformTransactionManager txm) {
        for (String demo : List.of("", "false")) {
            assertThatThrownBy(() -> new JdbcAuditTrail(jdbc, context, leafKeys, merkle, txm, "noop", demo)).hasMessageContaining("demo mode");
        }
        assertThatThrownBy(() -> new JdbcAuditTrail(jdbc, context, leafKeys, merkle, txm, "nowhere", "true")).hasMessageContaining("database or noop");
        String target = "test:noop:" + System.nanoTime();
        new JdbcAuditTrail(jdbc, context, leafKeys, merkle, txm, "noop", "true").recordSeparately("admin", "test.noop", target, AuditTrail.SUCCESS, null);
        assertThat(jdbc.sql("select count(*) from audit_event where target = ?").param(target).query(Long.class).single()).isZero();
    }

    @Test
    void rows_added_outside_the_platform_are_found() {
        trail.seal();
        // A new row with a made-up MAC: the sealer would take it, the verifier names it.
        var v = attacked(db -> db.sql("""
                insert into audit_event (at, actor, zone, ip, action, target, outcome, key_id, mac)
                select now(), 'admin', 'system', '127.0.0.1', 'test.forged', 'test:forged', 'SUCCESS', key_id, '\\x00' from audit_leaf_key limit 1""")
                .update());
        assertThat(v.ok()).isFalse();
        long forged = v.firstBrokenId();
        assertThat(v.reason()).contains("outside the platform");
        assertThat(forged).isPositive();
        // Slipped into the past, below what was sealed, with an old transaction id: not in the tree, so named too.
        var past = attacked(db -> db.sql("""
                insert into audit_event (at, actor, zone, ip, action, target, outcome, tx_id)
                values (now() - interval '1 day', 'admin', 'system', '127.0.0.1', 'test.forged', 'test:past', 'SUCCESS', '3'::xid8)""").update());
        assertThat(past.ok()).isFalse();
        assertThat(past.reason()).contains("outside the platform");
    }

    @Test
    void twelve_writers_at_once_lose_no_record_and_duplicate_none_and_all_are_sealed() throws Exception {
        String prefix = "test:parallel:" + System.nanoTime() + ":";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String target = prefix + i;
                done.add(pool.submit(() -> {
                    go.await();
                    // Each in a transaction of its own that also holds a row lock, as a change does.
                    tx.executeWithoutResult(s -> {
                        trail.record("test.parallel", target, AuditTrail.SUCCESS, null);
                        jdbc.sql("select pg_sleep(0.05)").query().singleRow();
                    });
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdownNow();
        }
        // A transaction of someone else that began before a writer's holds that writer's record back (the sealer seals only
        // below the oldest running one) until it ends: seal until all twelve are in.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            trail.seal();
            return jdbc.sql("select count(*) from audit_leaf where event_id in (select id from audit_event where target like ?)")
                    .param(prefix + "%").query(Long.class).single() == 12;
        });
        List<Long> ids = jdbc.sql("select id from audit_event where target like ? order by id").param(prefix + "%").query(Long.class).list();
        assertThat(ids).hasSize(12).doesNotHaveDuplicates();
        assertThat(jdbc.sql("select count(distinct leaf_index) from audit_leaf where event_id in (select id from audit_event where target like ?)")
                .param(prefix + "%").query(Long.class).single()).isEqualTo(12);
        assertThat(jdbc.sql("select count(*) - count(distinct event_id) from audit_leaf").query(Long.class).single()).isZero();
        var v = trail.verify();
        assertThat(v.ok()).as(v.reason()).isTrue();
    }

    @Test
    void appends_wait_on_no_lock_shared_by_writers() throws Exception {
        // A writer whose transaction stays open does not hold up another writer, and the sealer takes the second one
        // without waiting for the first: the open transaction is below it only if it started before.
        String slow = "test:slow:" + System.nanoTime();
        String fast = "test:fast:" + System.nanoTime();
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> open = pool.submit(() -> {
                tx.executeWithoutResult(s -> {
                    trail.record("test.event", slow, AuditTrail.SUCCESS, null);
                    recorded.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                return null;
            });
            recorded.await();
            long started = System.nanoTime();
            record(fast); // would wait on the old chain lock until the slow transaction ended
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
            trail.seal();
            // The slow transaction is still open, so nothing at or after it is sealed yet; proofs say so.
            long fastId = jdbc.sql("select id from audit_event where target = ?").param(fast).query(Long.class).single();
            assertThatThrownBy(() -> trail.proof(fastId)).isInstanceOf(vn.truongson.core.DomainException.Conflict.class);
            release.countDown();
            open.get();
            sealed(fastId);
            assertThat(trail.proof(fastId).leafIndex()).isNotNegative();
            long slowId = jdbc.sql("select id from audit_event where target = ?").param(slow).query(Long.class).single();
            sealed(slowId);
            assertThat(trail.proof(slowId).treeSize()).isGreaterThan(0);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void a_failure_recorded_inside_a_failing_transaction_survives_its_rollback() {
        String target = "test:rollback:" + System.nanoTime();
        try {
            tx.executeWithoutResult(s -> {
                trail.record("test.change", target, AuditTrail.SUCCESS, null);
                trail.recordSeparately("test.refusal", target, AuditTrail.DENIED, null);
                throw new IllegalStateException("roll back");
            });
        } catch (IllegalStateException expected) {
            // the change rolled back
        }
        var actions = jdbc.sql("select action from audit_event where target = ?").param(target).query(String.class).list();
        assertThat(actions).containsExactly("test.refusal");
        trail.seal();
        assertThat(trail.verify().ok()).isTrue();
    }
}
