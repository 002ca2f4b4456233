package vn.truongson.access;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Small read-only questions about accounts for jobs that act for no one (secops' detection rules, the adoption
 * figures): which official a username is, in which unit, and who holds a role over the whole tree. No policy check:
 * callers decide who may see what they build from the answers.
 */
@Component
public class AccountLookup {

    private final JdbcClient jdbc;
    private final OfficialDirectory directory;
    private final UnitHierarchy hierarchy;

    AccountLookup(JdbcClient jdbc, OfficialDirectory directory, UnitHierarchy hierarchy) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.hierarchy = hierarchy;
    }

    /** The unit of the official whose account has this username; empty for an unknown username. */
    public Optional<Long> unitOf(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).optional()
                .flatMap(directory::profile).map(OfficialDirectory.Profile::unitId);
    }

    /** The officials behind these usernames (unknown usernames are left out). */
    public Map<String, Long> officialIds(Collection<String> usernames) {
        Map<String, Long> out = new HashMap<>();
        if (usernames.isEmpty()) return out;
        jdbc.sql("select username, official_id from access_account where username = any(:names)")
                .param("names", usernames.stream().distinct().toArray(String[]::new))
                .query(rs -> { out.put(rs.getString(1), rs.getLong(2)); });
        return out;
    }

    /** Officials holding {@code role} with a SUBTREE grant on a root unit: the role over every unit. */
    public Set<Long> holdersOverEverything(Role role) {
        record Held(long officialId, long unitId) {}
        List<Held> held = jdbc.sql("select official_id, unit_id from access_grant where role = ? and scope = 'SUBTREE'")
                .param(role.name()).query((rs, n) -> new Held(rs.getLong(1), rs.getLong(2))).list();
        if (held.isEmpty()) return Set.of();
        Map<Long, String> paths = hierarchy.pathsOf(held.stream().map(Held::unitId).distinct().toList());
        Set<Long> out = new HashSet<>();
        for (Held h : held) {
            String p = paths.get(h.unitId());
            if (p != null && p.equals("/" + h.unitId() + "/")) out.add(h.officialId());
        }
        return out;
    }
}
