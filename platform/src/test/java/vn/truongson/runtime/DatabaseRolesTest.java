package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.truongson.support.TestDatabase;

/** Issue 11: the two database roles are worked out from the settings, and a start with a role too strong is refused. */
class DatabaseRolesTest {

    @Test
    void the_application_url_loses_the_owners_credentials() {
        assertThat(DatabaseRoles.withoutCredentials("jdbc:postgresql://h:5432/db?user=postgres")).isEqualTo("jdbc:postgresql://h:5432/db");
        assertThat(DatabaseRoles.withoutCredentials("jdbc:postgresql://h/db?sslmode=require&user=x&password=y&ApplicationName=a"))
                .isEqualTo("jdbc:postgresql://h/db?sslmode=require&ApplicationName=a");
        var owner = new RuntimeProperties.Db("jdbc:postgresql://h/db?user=postgres", "", "", null, null, null, null, null);
        DatabaseRoles r = DatabaseRoles.of(owner.url(), owner);
        assertThat(r.appUser()).isEqualTo("truongson_app");
        assertThat(r.appUrl()).isEqualTo("jdbc:postgresql://h/db");
        var two = new RuntimeProperties.Db("jdbc:postgresql://h/db", "ts_app", "p", "ts_owner", "q", null, null, null);
        assertThat(DatabaseRoles.of(two.url(), two).appUser()).isEqualTo("ts_app");
    }

    @Test
    void a_superuser_or_the_owner_as_the_application_role_is_refused() {
        String url = TestDatabase.url();
        var same = new RuntimeProperties.Db(DatabaseRoles.withoutCredentials(url), "postgres", "", "postgres", "", null, null, null);
        assertThatThrownBy(() -> DatabaseRoles.of(same.url(), same).prepare()).hasMessageContaining("is the owner that migrates");
        String strong = "ts_strong_" + System.nanoTime();
        // A database of its own, holding an audit table, so that the shared one is not touched.
        String db = "ts_roles_" + System.nanoTime();
        String dbUrl = url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + db);
        TestDatabase.asOwner("create role " + strong + " login superuser", "create database " + db);
        try {
            try (var c = java.sql.DriverManager.getConnection(dbUrl)) {
                c.createStatement().execute("create table audit_event (id bigint)");
            }
            var weak = new RuntimeProperties.Db(DatabaseRoles.withoutCredentials(dbUrl), strong, "", "postgres", "", null, null, null);
            assertThatThrownBy(() -> DatabaseRoles.of(weak.url(), weak).grant()).hasMessageContaining("is a superuser");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            TestDatabase.asOwner("drop database if exists " + db + " with (force)", "drop role " + strong);
        }
    }
}
