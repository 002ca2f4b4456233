package vn.truongson.runtime;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The two database roles (issue 11). The <b>owner</b> runs the migrations and owns every table; the
 * <b>application</b> role, which the pool connects as, owns nothing: it reads and writes the platform's tables but may
 * only INSERT and SELECT the audit tables (no UPDATE, DELETE, TRUNCATE, TRIGGER; not the owner, so no ALTER TABLE and
 * no switching triggers off; not a superuser, so no {@code session_replication_role}).
 *
 * <p>Given only the owner (the embedded PostgreSQL, {@code TRUONGSON_DB_URL=…?user=postgres} of CI and the cluster),
 * the platform creates the application role {@code truongson.db.app-user} itself. Given both
 * ({@code truongson.db.owner-user} set), {@code truongson.db.user} is the application role, made by the DBA
 * (docs/operations.md). Either way the grants are renewed after every migration, and the start is refused when the
 * application role could change the audit trail.
 */
public final class DatabaseRoles {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);
    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** The log and its tree: the application may read them and add to them, nothing else. */
    public static final List<String> AUDIT_TABLES = List.of("audit_event", "audit_leaf", "audit_tree_head", "audit_leaf_key", "audit_head",
            "audit_node", "audit_key_rotation");
    /** The sealer's bookkeeping (tree size, frontier): the sealer moves it on; verify checks it against the tree. */
    static final String SEAL_STATE = "audit_seal_state";

    private final String ownerUrl;
    private final @Nullable String ownerUser;
    private final @Nullable String ownerPassword;
    private final String appUrl;
    private final String appUser;
    private final String appPassword;
    private final boolean createAppRole;

    DatabaseRoles(String ownerUrl, @Nullable String ownerUser, @Nullable String ownerPassword, String appUrl, String appUser,
            String appPassword, boolean createAppRole) {
        this.ownerUrl = ownerUrl;
        this.ownerUser = configured(ownerUser);
        this.ownerPassword = configured(ownerPassword);
        this.appUrl = appUrl;
        this.appUser = appUser;
        this.appPassword = appPassword;
        this.createAppRole = createAppRole;
    }

    /** The roles for a server reached at {@code url}: see the class comment. */
    static DatabaseRoles of(String url, RuntimeProperties.Db db) {
        String stripped = withoutCredentials(url);
        if (!db.ownerUser().isBlank()) {
            return new DatabaseRoles(stripped, db.ownerUser(), db.ownerPassword(), url, db.user(), db.password(), false);
        }
        String owner = db.user().isBlank() ? null : db.user();
        return new DatabaseRoles(url, owner, db.password(), stripped, db.appUser(), db.appPassword(), true);
    }

    /** {@code url} without its {@code user} and {@code password} parameters (the driver lets them win over the pool's). */
    static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        if (q < 0) return url;
        StringBuilder kept = new StringBuilder();
        for (String p : url.substring(q + 1).split("&")) {
            String name = p.contains("=") ? p.substring(0, p.indexOf('=')) : p;
            if (p.isEmpty() || name.equalsIgnoreCase("user") || name.equalsIgnoreCase("password")) continue;
            kept.append(kept.isEmpty() ? "" : "&").append(p);
        }
        return url.substring(0, q) + (kept.isEmpty() ? "" : "?" + kept);
    }

    public String appUrl() {
        return appUrl;
    }

    public String appUser() {
        return appUser;
    }

    String appPassword() {
        return appPassword;
    }

    /** A plain (unpooled) data source as the owner: for the migrations. */
    public DataSource ownerDataSource() {
        DriverManagerDataSource ds = new DriverManagerDataSource(ownerUrl);
        if (ownerUser != null) ds.setUsername(ownerUser);
        if (ownerPassword != null) ds.setPassword(ownerPassword);
        return ds;
    }

    Connection owner() throws SQLException {
        Properties p = new Properties();
        if (ownerUser != null) p.setProperty("user", ownerUser);
        if (ownerPassword != null) p.setProperty("password", ownerPassword);
        return DriverManager.getConnection(ownerUrl, p);
    }

    /** Before the pool opens: the application role exists (made when the platform was given the owner only), with its grants. */
    void prepare() {
        try (Connection c = owner()) {
            String ownerName = single(c, "select current_user");
            if (ownerName.equals(appUser)) {
                throw new IllegalStateException("The application's database role '" + appUser + "' is the owner that migrates: give the platform "
                        + "two roles (truongson.db.owner-user and truongson.db.user, docs/operations.md)");
            }
            if (createAppRole) createRole(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the application's database role '" + appUser + "': " + e.getMessage(), e);
        }
        grant();
    }

    private void createRole(Connection c) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Statement s = c.createStatement()) {
                boolean exists;
                try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from pg_roles where rolname = ?)")) {
                    ps.setString(1, appUser);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        exists = rs.getBoolean(1);
                    }
                }
                if (!exists) {
                    s.execute("create role " + ident(appUser) + " login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls");
                    log.info("Created the application's database role {}", appUser);
                }
                if (!appPassword.isBlank()) {
                    s.execute("alter role " + ident(appUser) + " password " + literal(appPassword));
                }
                return;
            } catch (SQLException e) {
                // Two nodes (or two test databases on one server) making the role at once: the loser sees it made.
                boolean race = "42710".equals(e.getSQLState()) || "23505".equals(e.getSQLState()) || "XX000".equals(e.getSQLState());
                if (!race || attempt >= 3) throw e;
            }
        }
    }

    /**
     * The grants, renewed after every migration (the tables a migration made get them at once): every table of the
     * schema for reading and writing, the audit tables for INSERT and SELECT only, the migrations' history not at all.
     * Then the application role is checked: the start is refused if it could change the audit trail.
     */
    public void grant() {
        try (Connection c = owner()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("select pg_advisory_xact_lock(7473616001)");
                String schemaName = single(c, "select current_schema()");
                String schema = ident(schemaName);
                String app = ident(appUser);
                // PUBLIC usually has USAGE on the schema already; granting it needs the schema's owner, who may be another.
                boolean usage;
                try (PreparedStatement ps = c.prepareStatement("select has_schema_privilege(?, ?, 'USAGE')")) {
                    ps.setString(1, appUser);
                    ps.setString(2, schemaName);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        usage = rs.getBoolean(1);
                    }
                }
                if (!usage) s.execute("grant usage on schema " + schema + " to " + app);
                s.execute("grant select, insert, update, delete on all tables in schema " + schema + " to " + app);
                s.execute("grant usage, select, update on all sequences in schema " + schema + " to " + app);
                for (String t : existing(c, List.of("flyway_schema_history"))) s.execute("revoke all on " + t + " from " + app);
                for (String t : existing(c, AUDIT_TABLES)) {
                    s.execute("revoke update, delete, truncate, references, trigger on " + t + " from " + app);
                }
                for (String t : existing(c, List.of(SEAL_STATE))) s.execute("revoke delete, truncate, references, trigger on " + t + " from " + app);
                if (!existing(c, List.of("audit_event_id_seq")).isEmpty()) s.execute("revoke update on sequence audit_event_id_seq from " + app);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            c.commit();
            String problem = problem(c);
            if (problem != null) {
                throw new IllegalStateException("The application's database role '" + appUser + "' " + problem
                        + ": it must not be able to change the audit trail (docs/operations.md, \"Database roles\")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the application's database role '" + appUser + "' its rights: " + e.getMessage(), e);
        }
    }

    /** What the application role could do to the audit trail that it must not; null when nothing. */
    private @Nullable String problem(Connection c) throws SQLException {
        if (existing(c, List.of("audit_event")).isEmpty()) return null;
        try (PreparedStatement ps = c.prepareStatement("""
                select r.rolsuper, r.rolbypassrls, pg_has_role(r.oid, t.relowner, 'MEMBER'),
                       has_table_privilege(r.oid, t.oid, 'UPDATE') or has_table_privilege(r.oid, t.oid, 'DELETE')
                       or has_table_privilege(r.oid, t.oid, 'TRUNCATE') or has_table_privilege(r.oid, t.oid, 'TRIGGER')
                from pg_roles r, pg_class t where r.rolname = ? and t.oid = 'audit_event'::regclass""")) {
            ps.setString(1, appUser);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return "does not exist";
                if (rs.getBoolean(1)) return "is a superuser";
                if (rs.getBoolean(2)) return "bypasses row security";
                if (rs.getBoolean(3)) return "owns the audit tables (or is a member of their owner)";
                if (rs.getBoolean(4)) return "may UPDATE, DELETE, TRUNCATE or add triggers to audit_event";
                return null;
            }
        }
    }

    private static List<String> existing(Connection c, List<String> names) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            for (String n : names) {
                ps.setString(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) out.add(n);
                }
            }
        }
        return out;
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String ident(String name) {
        return PLAIN.matcher(name).matches() ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Unset when blank, else exactly as configured: not {@code core.Inputs.blankToNull}, which strips (a password keeps its spaces). */
    private static @Nullable String configured(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
