package vn.truongson.demo;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.truongson.access.AccountPrincipal;

/**
 * How the demo loaders act: as a named demo person, through the modules' own services, so the access policy and
 * the audit trail treat demo data like anyone's. The caller's security context comes back afterwards.
 */
final class DemoActors {

    private DemoActors() {}

    static <T> T as(AccountPrincipal person, Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(person, null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
