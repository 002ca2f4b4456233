package vn.truongson.access;

import java.util.Optional;
import vn.truongson.core.SecrecyLevel;

/** What sign-in needs to know of an official. Implemented by the org module. */
public interface OfficialDirectory {

    Optional<Profile> profile(long officialId);

    record Profile(long officialId, String fullName, long unitId, String unitCode, String unitName,
            SecrecyLevel clearance, boolean active) {}
}
