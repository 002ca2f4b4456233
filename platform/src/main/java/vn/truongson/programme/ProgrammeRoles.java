package vn.truongson.programme;

import java.util.Set;
import vn.truongson.access.Role;

/** Who does what in programme tracking; the access policy decides where. The screens ask with the same sets. */
public final class ProgrammeRoles {

    private ProgrammeRoles() {}

    /** Builds, issues and assigns plans (on the owner unit); cascades assignments (on the assigned unit). */
    public static final Set<Role> COORDINATOR = Set.of(Role.PROGRAMME_COORDINATOR);
    /** Reports on an assignment of their unit. */
    public static final Set<Role> REPORTER = Set.of(Role.UNIT_REPORTER, Role.PROGRAMME_COORDINATOR);
    /** Reads plans, tasks, reports and compilations. */
    public static final Set<Role> READER = Set.of(Role.PROGRAMME_COORDINATOR, Role.COMMANDER, Role.UNIT_REPORTER);
}
