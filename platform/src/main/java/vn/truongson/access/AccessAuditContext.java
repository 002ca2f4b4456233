package vn.truongson.access;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import vn.truongson.audit.AuditContext;

/** Tells the audit trail who acts and from where. */
@Component
class AccessAuditContext implements AuditContext {

    // Lazily: the policy itself records to the trail, which asks this context.
    private final ObjectProvider<AccessPolicy> policy;

    AccessAuditContext(ObjectProvider<AccessPolicy> policy) {
        this.policy = policy;
    }

    private static @Nullable AccountPrincipal principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof AccountPrincipal p ? p : null;
    }

    @Override
    public String actor() {
        AccountPrincipal p = principal();
        if (p != null) return p.username();
        return RequestContextHolder.getRequestAttributes() == null ? "system" : "anonymous";
    }

    @Override
    public @Nullable Long unitId() {
        return principal() == null ? null : policy.getObject().currentActor().map(Actor::unitId).orElse(null);
    }

    @Override
    public String zone() {
        String[] o = ORIGIN.get();
        if (o != null) return o[0];
        return RequestOrigin.inRequest() ? RequestOrigin.currentZone().id() : "system";
    }

    @Override
    public String ip() {
        String[] o = ORIGIN.get();
        return o != null ? o[1] : RequestOrigin.currentIp();
    }

    /** The zone and address of a request, for rows written for it on another thread ({@link SignInAudit}). */
    private static final ThreadLocal<String[]> ORIGIN = new ThreadLocal<>();

    static void runFrom(String zone, String ip, Runnable r) {
        ORIGIN.set(new String[] {zone, ip});
        try {
            r.run();
        } finally {
            ORIGIN.remove();
        }
    }
}
