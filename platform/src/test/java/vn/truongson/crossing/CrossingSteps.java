package vn.truongson.crossing;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.truongson.support.Principals;

/**
 * The steps the crossing tests take by hand where the recurring tasks would (their contexts run no scheduler): deliver
 * the outbox, claim the inbox, act as an official, give the release role. One copy for GatewayProcessTest and
 * GatewayHighNodeTest.
 */
record CrossingSteps(Outbox outbox, Inbox inbox, JdbcClient jdbc) {

    /** Delivers what is due now, and answers the attempts of the messages {@code ids} only. */
    List<Outbox.Attempt> deliver(GatewayClient c, String... ids) {
        outbox.retryNow();
        List<String> mine = List.of(ids);
        return outbox.deliverDue(c, 1000).stream().filter(a -> mine.contains(a.messageId())).toList();
    }

    /** Claims and imports what the gateway offers, and answers the outcomes of the messages {@code ids} only. */
    List<Inbox.Outcome> claim(GatewayClient c, String... ids) {
        List<String> mine = List.of(ids);
        return inbox.claimAndImport(c, 100).stream().filter(o -> mine.contains(o.messageId())).toList();
    }

    void signIn(String username) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(Principals.of(jdbc, username), null, List.of()));
    }

    void grantRelease(String username) {
        jdbc.sql("""
                insert into access_grant (official_id, role, unit_id, scope)
                select a.official_id, 'GATEWAY_RELEASER', o.unit_id, 'UNIT' from access_account a join org_official o on o.id = a.official_id
                where a.username = ? on conflict do nothing""").param(username).update();
    }
}
