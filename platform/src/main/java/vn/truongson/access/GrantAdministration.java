package vn.truongson.access;

import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Administrators give and take role grants. An administrator may grant only on units their own ADMIN
 * grants cover, no wider than they hold, only to officials of such units, and never to themselves: no one widens
 * their own reach (see {@code requireMayAdminister}).
 */
@Service
public class GrantAdministration {

    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);

    private final Grants grants;
    private final AccessPolicy policy;
    private final OfficialDirectory officials;
    private final UnitHierarchy units;
    private final AuditTrail audit;

    GrantAdministration(Grants grants, AccessPolicy policy, OfficialDirectory officials, UnitHierarchy units, AuditTrail audit) {
        this.grants = grants;
        this.policy = policy;
        this.officials = officials;
        this.units = units;
        this.audit = audit;
    }

    public List<Grant> of(long officialId) {
        var profile = officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
        // Hidden and missing alike (issue 10, finding 9): an official outside the reader's units is answered as none.
        try {
            policy.requireOnUnit(AccessPolicy.ANY_ROLE, profile.unitId());
        } catch (DomainException.Forbidden e) {
            throw new DomainException.NotFound("official", officialId);
        }
        return grants.of(officialId);
    }

    @Transactional
    public Grant grant(long officialId, Role role, long unitId, GrantScope scope) {
        var profile = officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
        if (units.pathOf(unitId).isEmpty()) throw new DomainException.BadInput("unitId", "problem.unit.unknown", unitId);
        String detail = role + " " + scope + " unit:" + unitId;
        requireMayAdminister("grant.create", officialId, profile.unitId(), role, unitId, scope, detail);
        Grant g = grants.add(officialId, role, unitId, scope);
        audit.record("grant.create", "official:" + officialId, AuditTrail.SUCCESS, detail);
        DefaultAccessPolicy.forgetCurrentActor();
        return g;
    }

    @Transactional
    public void revoke(long officialId, long grantId) {
        var profile = officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
        Grant g = grants.of(officialId).stream().filter(x -> x.id() == grantId).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("grant", grantId));
        String detail = g.role() + " " + g.scope() + " unit:" + g.unitId();
        requireMayAdminister("grant.delete", officialId, profile.unitId(), g.role(), g.unitId(), g.scope(), detail);
        grants.remove(officialId, grantId);
        audit.record("grant.delete", "official:" + officialId, AuditTrail.SUCCESS, detail);
        DefaultAccessPolicy.forgetCurrentActor();
    }

    /**
     * Nobody grants what he does not hold (docs/security.md, "Privilege"). The acting administrator:
     * <ul>
     *   <li>never changes his own grants (neither adds nor revokes);</li>
     *   <li>holds ADMIN over the official's unit and over the grant's unit;</li>
     *   <li>gives SUBTREE scope only where an ADMIN SUBTREE grant of his own covers the unit (no wider than his);</li>
     *   <li>gives or takes the oversight roles (AUDITOR, SECURITY_OFFICER), which watch administrators and approve their
     *       clearance requests, only as a system administrator.</li>
     * </ul>
     * Every refusal is audited (after the surrounding transaction, so it survives the rollback).
     */
    private void requireMayAdminister(String action, long officialId, long officialUnit, Role role, long unitId, GrantScope scope, String detail) {
        Actor a = policy.actor();
        try {
            if (officialId == a.officialId()) throw new DomainException.Forbidden("problem.grant.self");
            policy.requireOnUnit(ADMIN, officialUnit);
            policy.requireOnUnit(ADMIN, unitId);
            if (scope == GrantScope.SUBTREE && !adminSubtreeCovers(a, unitId)) {
                throw new DomainException.Forbidden("problem.grant.scope-wider", unitId);
            }
            if (OVERSIGHT.contains(role)) policy.requireSystemAdmin();
        } catch (DomainException.Forbidden e) {
            audit.recordSeparately(action, "official:" + officialId, AuditTrail.DENIED, detail + " (" + e.messageKey() + ")");
            throw e;
        }
    }

    /** Roles that oversee administrators: only a system administrator gives or takes them. */
    public static final Set<Role> OVERSIGHT = Set.of(Role.AUDITOR, Role.SECURITY_OFFICER, Role.GATEWAY_RELEASER);

    /** Whether one of the person's own ADMIN SUBTREE grants covers the unit: on it, or on a unit above it. */
    private boolean adminSubtreeCovers(Actor a, long unitId) {
        String path = units.pathOf(unitId).orElse(null);
        if (path == null) return false;
        var roots = a.grants().stream().filter(g -> g.role() == Role.ADMIN && g.scope() == GrantScope.SUBTREE).map(Grant::unitId).toList();
        if (roots.isEmpty()) return false;
        return units.pathsOf(roots).values().stream().anyMatch(path::startsWith);
    }

    /** Demo data and migrations from older systems: a grant recorded without an acting administrator. */
    @Transactional
    public Grant provision(long officialId, Role role, long unitId, GrantScope scope) {
        Grant g = grants.add(officialId, role, unitId, scope);
        audit.record("grant.create", "official:" + officialId, AuditTrail.SUCCESS, role + " " + scope + " unit:" + unitId + " (provisioned)");
        return g;
    }
}
