package vn.truongson.datasets;

import java.util.Set;
import vn.truongson.access.Role;

/** Who does what with data sets; the access policy decides where. The screens ask with the same sets. */
public final class DatasetRoles {

    private DatasetRoles() {}

    /** Defines, publishes and assigns data sets (on the owner unit; assigns to units its grant covers). */
    public static final Set<Role> COORDINATOR = Set.of(Role.DATA_COORDINATOR);
    /** Fills in the data set for a unit the grant covers. */
    public static final Set<Role> REPORTER = Set.of(Role.UNIT_REPORTER);
    /** Reads data sets, submissions and roll-ups of the units the grant covers. */
    public static final Set<Role> READER = Set.of(Role.DATA_COORDINATOR, Role.COMMANDER, Role.UNIT_REPORTER);
}
