package vn.truongson.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.support.PlatformTest;

/** The chain finds an altered row and a row cut off the end; plain SQL does the tampering. */
@PlatformTest
class AuditChainTest {

    @Autowired AuditTrail trail;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    void tamper(String sql, Object... args) {
        tx.executeWithoutResult(s -> {
            // What an intruder with database rights would do: switch the append-only trigger off for the session.
            jdbc.sql("select set_config('truongson.audit_maintenance', 'on', true)").query().singleRow();
            jdbc.sql(sql).params(args).update();
        });
    }

    @Test
    void an_intact_trail_verifies() {
        trail.record("test.event", "test:1", AuditTrail.SUCCESS, "Kiểm tra chuỗi băm");
        var v = trail.verify();
        assertThat(v.ok()).isTrue();
        assertThat(v.checked()).isGreaterThan(0);
        assertThat(v.firstBrokenId()).isNull();
    }

    @Test
    void the_database_refuses_updates_and_deletes_of_the_trail() {
        trail.record("test.event", "test:2", AuditTrail.SUCCESS, null);
        long id = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("update audit_event set outcome = 'X' where id = ?").param(id).update())
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?").param(id).update())
                .hasMessageContaining("append-only");
    }

    @Test
    void an_altered_row_is_found() {
        trail.record("test.event", "test:3", AuditTrail.SUCCESS, null);
        trail.record("test.event", "test:4", AuditTrail.SUCCESS, null);
        long victim = jdbc.sql("select id from audit_event where target = 'test:3' order by id desc limit 1").query(Long.class).single();
        String original = jdbc.sql("select outcome from audit_event where id = ?").param(victim).query(String.class).single();
        tamper("update audit_event set outcome = 'FAILURE' where id = ?", victim);
        try {
            var v = trail.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(victim);
        } finally {
            tamper("update audit_event set outcome = ? where id = ?", original, victim);
        }
        assertThat(trail.verify().ok()).isTrue();
    }

    @Test
    void a_row_cut_off_the_end_is_found() {
        trail.record("test.event", "test:5", AuditTrail.SUCCESS, null);
        var last = jdbc.sql("select * from audit_event order by id desc limit 1").query().singleRow();
        long id = ((Number) last.get("id")).longValue();
        tamper("delete from audit_event where id = ?", id);
        try {
            var v = trail.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBrokenId()).isEqualTo(id);
        } finally {
            tamper("insert into audit_event (id, at, actor, unit_id, zone, ip, action, target, outcome, detail, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                    last.get("id"), last.get("at"), last.get("actor"), last.get("unit_id"), last.get("zone"), last.get("ip"), last.get("action"),
                    last.get("target"), last.get("outcome"), last.get("detail"), last.get("prev_hash"), last.get("hash"));
        }
        assertThat(trail.verify().ok()).isTrue();
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
        assertThat(trail.verify().ok()).isTrue();
    }
}
