package vn.truongson.notify;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach an official: their e-mail address and phone number. Implemented by the org module, which owns
 * officials, so that notify never reads org's tables (as access asks org through its OfficialDirectory).
 */
public interface Recipients {

    Optional<Recipient> recipient(long officialId);

    /** @param active false once the official is deactivated: nothing is then sent outside the application */
    record Recipient(long officialId, String fullName, @Nullable String email, @Nullable String phone, boolean active) {}
}
