package vn.truongson.access;

import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;

/**
 * Administrators give and take role grants. An administrator may grant only on units their own ADMIN
 * grants cover, and only to officials of such units: no one widens their own reach.
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
        policy.requireOnUnit(ADMIN, profile.unitId());
        policy.requireOnUnit(ADMIN, unitId);
        Grant g = grants.add(officialId, role, unitId, scope);
        audit.record("grant.create", "official:" + officialId, AuditTrail.SUCCESS, role + " " + scope + " unit:" + unitId);
        DefaultAccessPolicy.forgetCurrentActor();
        return g;
    }

    @Transactional
    public void revoke(long officialId, long grantId) {
        var profile = officials.profile(officialId).orElseThrow(() -> new DomainException.NotFound("official", officialId));
        Grant g = grants.of(officialId).stream().filter(x -> x.id() == grantId).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("grant", grantId));
        policy.requireOnUnit(ADMIN, profile.unitId());
        policy.requireOnUnit(ADMIN, g.unitId());
        if (officialId == policy.actor().officialId() && g.role() == Role.ADMIN) {
            throw new DomainException.Conflict("problem.grant.own-admin");
        }
        grants.remove(officialId, grantId);
        audit.record("grant.delete", "official:" + officialId, AuditTrail.SUCCESS, g.role() + " " + g.scope() + " unit:" + g.unitId());
        DefaultAccessPolicy.forgetCurrentActor();
    }

    /** Demo data and migrations from older systems: a grant recorded without an acting administrator. */
    @Transactional
    public Grant provision(long officialId, Role role, long unitId, GrantScope scope) {
        Grant g = grants.add(officialId, role, unitId, scope);
        audit.record("grant.create", "official:" + officialId, AuditTrail.SUCCESS, role + " " + scope + " unit:" + unitId + " (provisioned)");
        return g;
    }
}
