package vn.truongson.org;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.notify.Recipients;

/** What the notify module asks of the organisation, the way to reach an official, answered from org's own table. */
@Component
class OrgNotifyBridge implements Recipients {

    private final JdbcClient jdbc;

    OrgNotifyBridge(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Recipient> recipient(long officialId) {
        return jdbc.sql("select id, full_name, email, phone, active from org_official where id = ?").param(officialId)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)))
                .optional();
    }
}
