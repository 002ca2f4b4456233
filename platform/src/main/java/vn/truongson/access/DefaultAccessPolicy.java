package vn.truongson.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;

@Service
class DefaultAccessPolicy implements AccessPolicy {

    private static final String ACTOR = DefaultAccessPolicy.class.getName() + ".actor";

    private final Grants grants;
    private final OfficialDirectory officials;
    private final UnitHierarchy hierarchy;
    private final AccessProperties props;
    private final AuditTrail audit;
    private final ActorCache cache;

    DefaultAccessPolicy(Grants grants, OfficialDirectory officials, UnitHierarchy hierarchy, AccessProperties props, AuditTrail audit,
            ActorCache cache) {
        this.cache = cache;
        this.grants = grants;
        this.officials = officials;
        this.hierarchy = hierarchy;
        this.props = props;
        this.audit = audit;
    }

    @Override
    public Actor actor() {
        return currentActor().orElseThrow(() -> new DomainException.Forbidden("problem.unauthenticated"));
    }

    @Override
    public Optional<Actor> currentActor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof AccountPrincipal p)) return Optional.empty();
        // One look-up per request: grants as they stand now, cached for the rest of the request.
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null && attrs.getAttribute(ACTOR, RequestAttributes.SCOPE_REQUEST) instanceof Actor a && a.accountId() == p.accountId()) {
            return Optional.of(a);
        }
        Optional<Actor> actor = cache.person(p.officialId(), () -> officials.profile(p.officialId())
                        .map(profile -> new ActorCache.Person(profile, grants.ofAccount(p.officialId()))))
                .filter(person -> person.profile().active() && person.account() != null)
                .map(person -> new Actor(p.accountId(), p.officialId(), p.username(), person.profile().fullName(), person.profile().unitId(),
                        person.profile().clearance(), person.account().grants(), RequestOrigin.currentZone(), RequestOrigin.currentIp(),
                        person.profile().unitCode(), person.profile().unitName(), person.account().totpEnabled()));
        if (attrs != null) actor.ifPresent(a -> attrs.setAttribute(ACTOR, a, RequestAttributes.SCOPE_REQUEST));
        return actor;
    }

    /** Forgets the cached actor, after a change to the current person's own grants. */
    static void forgetCurrentActor() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null) attrs.removeAttribute(ACTOR, RequestAttributes.SCOPE_REQUEST);
    }

    @Override
    public SecrecyLevel zoneMax(NetworkZone zone) {
        return props.zoneMaxSecrecy().get(zone);
    }

    private boolean levelAllowed(Actor a, SecrecyLevel secrecy) {
        return a.effectiveLevel(zoneMax(a.zone())).covers(secrecy);
    }

    private boolean covers(Actor a, Collection<Role> roles, long unitId) {
        List<Grant> relevant = a.grants().stream().filter(g -> roles.contains(g.role())).toList();
        if (relevant.isEmpty()) return false;
        if (relevant.stream().anyMatch(g -> g.unitId() == unitId)) return true;
        Set<Long> roots = new HashSet<>();
        for (Grant g : relevant) if (g.scope() == GrantScope.SUBTREE) roots.add(g.unitId());
        if (roots.isEmpty()) return false;
        String path = hierarchy.pathOf(unitId).orElse(null);
        if (path == null) return false;
        return hierarchy.pathsOf(roots).values().stream().anyMatch(path::startsWith);
    }

    @Override
    public boolean permits(Collection<Role> roles, ProtectedRecord record) {
        Optional<Actor> a = currentActor();
        return a.isPresent() && levelAllowed(a.get(), record.secrecy()) && covers(a.get(), roles, record.unitId());
    }

    @Override
    public void require(Collection<Role> roles, ProtectedRecord record) {
        Actor a = actor();
        String target = record.kind() + ":" + record.id();
        if (!levelAllowed(a, record.secrecy())) {
            if (record.secrecy().isClassified()) {
                audit.recordSeparately("classified.read", target, AuditTrail.DENIED, "level " + record.secrecy() + " in zone " + a.zone().id());
            }
            throw new DomainException.NotFound(record.kind(), record.id());
        }
        if (!covers(a, roles, record.unitId())) {
            if (record.secrecy().isClassified()) {
                // Its existence is secret too: a person without a grant learns nothing of it.
                audit.recordSeparately("classified.read", target, AuditTrail.DENIED, "no grant on unit " + record.unitId());
                throw new DomainException.NotFound(record.kind(), record.id());
            }
            throw new DomainException.Forbidden("problem.forbidden.unit", record.unitId());
        }
        if (record.secrecy().isClassified()) {
            audit.record("classified.read", target, AuditTrail.SUCCESS, record.secrecy().name());
        }
    }

    @Override
    public void requireOnUnit(Collection<Role> roles, long unitId) {
        if (!covers(actor(), roles, unitId)) throw new DomainException.Forbidden("problem.forbidden.unit", unitId);
    }

    @Override
    public void requireSystemAdmin() {
        Actor a = actor();
        boolean admin = a.grants().stream().anyMatch(g -> g.role() == Role.ADMIN && g.scope() == GrantScope.SUBTREE
                && hierarchy.pathOf(g.unitId()).map(DefaultAccessPolicy::isRoot).orElse(false));
        if (!admin) throw new DomainException.Forbidden("problem.forbidden.system-admin");
    }

    @Override
    public void requireAnyGrant(Collection<Role> roles) {
        if (actor().grants().stream().noneMatch(g -> roles.contains(g.role()))) {
            throw new DomainException.Forbidden("problem.forbidden.role", roles);
        }
    }

    @Override
    public Visibility visibility(Collection<Role> roles) {
        Optional<Actor> oa = currentActor();
        if (oa.isEmpty()) return new Visibility(false, Set.of(), Set.of(), SecrecyLevel.THUONG, hierarchy);
        Actor a = oa.get();
        Set<Long> units = new HashSet<>();
        Set<Long> roots = new HashSet<>();
        for (Grant g : a.grants()) {
            if (!roles.contains(g.role())) continue;
            units.add(g.unitId());
            if (g.scope() == GrantScope.SUBTREE) roots.add(g.unitId());
        }
        Map<Long, String> rootPaths = roots.isEmpty() ? Map.of() : hierarchy.pathsOf(roots);
        boolean everything = rootPaths.values().stream().anyMatch(DefaultAccessPolicy::isRoot);
        if (!everything && !rootPaths.isEmpty()) units.addAll(hierarchy.unitsWithin(rootPaths.values()));
        return new Visibility(everything, Set.copyOf(units), Set.copyOf(rootPaths.values()), a.effectiveLevel(zoneMax(a.zone())), hierarchy);
    }

    private static boolean isRoot(String path) {
        return path.indexOf('/', 1) == path.length() - 1;
    }
}
