package vn.truongson.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import vn.truongson.access.AccountPrincipal;

/**
 * A signed-in browser session for MockMvc, as the sign-in screens would leave it: the account's principal
 * in the security context. Grants and clearance are then read fresh by the policy, as in production.
 */
public final class Principals {

    private Principals() {}

    public static AccountPrincipal of(JdbcClient jdbc, String username) {
        return jdbc.sql("select id, official_id from access_account where username = ?").param(username)
                .query((rs, n) -> new AccountPrincipal(rs.getLong(1), rs.getLong(2), username)).single();
    }

    public static RequestPostProcessor as(JdbcClient jdbc, String username) {
        return authentication(UsernamePasswordAuthenticationToken.authenticated(of(jdbc, username), null,
                List.of(new SimpleGrantedAuthority("ROLE_OFFICIAL"))));
    }
}
