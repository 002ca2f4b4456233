package vn.truongson.population;

import java.util.Optional;

/**
 * Who the citizen on this request is. Citizens sign in at {@code /citizen/login?next=<path>} (OIDC
 * authorization code with PKCE against the e-identity provider) and use the portal under {@code /} and
 * {@code /citizen/**}; they never reach {@code /office} or {@code /admin}. Other modules (the public-service
 * portal) ask this, and never read the session themselves.
 */
public interface Citizens {

    /** The signed-in citizen of the current request, or empty. */
    Optional<CitizenIdentity> current();
}
