package vn.truongson.population.citizen;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/** A sign-in sent to the provider and not yet back: what the callback must see again. Kept in the session, keyed by state. */
record PendingSignIn(String state, String nonce, String codeVerifier, String redirectUri, String next, Instant startedAt) implements Serializable {

    @Serial private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = "vn.truongson.population.CITIZEN_PENDING";
}
