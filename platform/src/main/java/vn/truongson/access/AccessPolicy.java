package vn.truongson.access;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import vn.truongson.core.SecrecyLevel;

/**
 * The one authorization policy. Every read and write in every module asks it, and list queries filter
 * through {@link #visibility}, so a list never shows what a detail page would refuse.
 *
 * <p>A record is allowed when all three hold (ARCHITECTURE.md §3):
 * <ol>
 *   <li>a grant of one of the asked roles covers the record's unit (UNIT: that unit; SUBTREE: it and below);</li>
 *   <li>the person's clearance is at least the record's secrecy;</li>
 *   <li>the request's network zone may carry the record's secrecy.</li>
 * </ol>
 */
public interface AccessPolicy {

    /** Any role at all: for reading organisation data that every granted person may see within scope. */
    Set<Role> ANY_ROLE = Set.of(Role.values());

    /** The person of the current request. */
    Actor actor();

    Optional<Actor> currentActor();

    /** The highest secrecy the current request may carry in its zone. */
    SecrecyLevel zoneMax(NetworkZone zone);

    boolean permits(Collection<Role> roles, ProtectedRecord record);

    /**
     * Refuses unless {@link #permits}: 404 when the record's level is above what this request may see
     * (its existence is itself secret), 403 when only the grant is missing. A classified record that is
     * allowed is audited as read.
     */
    void require(Collection<Role> roles, ProtectedRecord record);

    /** Refuses unless a grant of one of the roles covers the unit (no secrecy involved). */
    void requireOnUnit(Collection<Role> roles, long unitId);

    /** An ADMIN grant on a root unit with SUBTREE scope: ministry-wide settings (calendar, zones). */
    void requireSystemAdmin();

    /** Refuses unless the person holds one of the roles on some unit. */
    void requireAnyGrant(Collection<Role> roles);

    /** What the current request may see of records guarded by these roles, for list queries. */
    Visibility visibility(Collection<Role> roles);
}
