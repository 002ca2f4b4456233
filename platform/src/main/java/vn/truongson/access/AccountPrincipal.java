package vn.truongson.access;

import java.io.Serializable;

/**
 * Who signed in, as kept in the session or resolved from a bearer token. Grants and clearance are not
 * kept here: the policy reads them fresh for each request, so a revoked grant takes effect at once.
 */
public record AccountPrincipal(long accountId, long officialId, String username) implements Serializable, java.security.Principal {

    /** The username: what Spring Session indexes sessions by, and what logs show. */
    @Override
    public String getName() {
        return username;
    }
}
