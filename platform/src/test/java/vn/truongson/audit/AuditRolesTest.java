package vn.truongson.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.TestDatabase;

/**
 * Issue 11, database roles: the platform's own connection (its pool, as an intruder with the application's credentials
 * would use it) may add audit records and read them, and nothing else: no UPDATE, DELETE or TRUNCATE of any audit table,
 * no dropping or switching off its triggers, no becoming the owner or a superuser.
 */
@PlatformTest
class AuditRolesTest {

    @Autowired DataSource dataSource;
    @Autowired JdbcClient jdbc;
    @Autowired AuditTrail trail;

    @Test
    void the_platform_connects_as_a_role_that_owns_nothing_and_is_no_superuser() {
        var who = jdbc.sql("""
                select current_user, r.rolsuper, pg_has_role(current_user, t.relowner, 'MEMBER')
                from pg_roles r, pg_class t where r.rolname = current_user and t.oid = 'audit_event'::regclass""")
                .query((rs, n) -> List.of(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).single();
        assertThat(who).containsExactly(TestDatabase.APP_ROLE, false, false);
        assertThat(jdbc.sql("select count(*) from pg_class c where c.relowner = (select oid from pg_roles where rolname = current_user)")
                .query(Long.class).single()).as("objects the application role owns").isZero();
        assertThat(jdbc.sql("select count(*) from pg_tables where tableowner = current_user").query(Long.class).single()).isZero();
    }

    @Test
    void the_platforms_connection_may_append_and_read_but_not_update_delete_truncate_or_touch_the_triggers() throws SQLException {
        String target = "test:roles:" + System.nanoTime();
        trail.record("test.event", target, AuditTrail.SUCCESS, "vai trò");
        long id = jdbc.sql("select id from audit_event where target = ?").param(target).query(Long.class).single();
        trail.seal();
        List<String> attacks = new ArrayList<>();
        for (String t : List.of("audit_event", "audit_leaf", "audit_tree_head", "audit_leaf_key", "audit_node")) {
            String column = switch (t) {
                case "audit_event" -> "outcome = 'X' where id = " + id;
                case "audit_leaf", "audit_leaf_key" -> "key_id = key_id";
                case "audit_tree_head" -> "signed_at = signed_at";
                default -> "hash = hash";
            };
            attacks.add("update " + t + " set " + column);
            attacks.add("delete from " + t);
            attacks.add("truncate " + t);
            attacks.add("alter table " + t + " disable trigger all");
            attacks.add("alter table " + t + " owner to " + TestDatabase.APP_ROLE);
            attacks.add("create trigger t_" + t + " before insert on " + t + " for each row execute function audit_event_append_only()");
        }
        attacks.addAll(List.of("drop trigger audit_event_no_update on audit_event", "drop trigger audit_event_no_truncate on audit_event",
                "drop table audit_event", "set session_replication_role = replica", "set role postgres",
                "delete from audit_seal_state", "truncate audit_seal_state", "update flyway_schema_history set success = false",
                "create table audit_shadow (id bigint)",
                "setval('audit_event_id_seq', 1)".replace("setval", "select setval")));
        for (String sql : attacks) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql + ": " + e.getMessage()).isIn("42501", "42P01"));
            }
        }
        // Granting itself more: PostgreSQL only warns ("no privileges were granted"); the right is still not there.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("grant update, delete, truncate on audit_event to " + TestDatabase.APP_ROLE);
        }
        assertThat(jdbc.sql("select has_table_privilege('audit_event', 'UPDATE') or has_table_privilege('audit_event', 'DELETE') "
                + "or has_table_privilege('audit_event', 'TRUNCATE')").query(Boolean.class).single()).isFalse();
        // Still there, unchanged, and the log verifies.
        assertThat(jdbc.sql("select outcome from audit_event where id = ?").param(id).query(String.class).single()).isEqualTo(AuditTrail.SUCCESS);
        var v = trail.verify();
        assertThat(v.ok()).as(v.reason()).isTrue();
    }
}
