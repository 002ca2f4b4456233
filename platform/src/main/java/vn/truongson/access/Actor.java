package vn.truongson.access;

import java.util.List;
import vn.truongson.core.SecrecyLevel;

/**
 * The person making the current request, as the policy sees them: their grants as they stand now, their
 * clearance, and the zone and address of this request.
 */
public record Actor(long accountId, long officialId, String username, String fullName, long unitId,
        SecrecyLevel clearance, List<Grant> grants, NetworkZone zone, String ip, String unitCode, String unitName,
        boolean totpEnabled) {

    public boolean has(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }

    /** The highest level this request may see: the lower of clearance and what the zone may carry. */
    public SecrecyLevel effectiveLevel(SecrecyLevel zoneMax) {
        return SecrecyLevel.lower(clearance, zoneMax);
    }
}
