package vn.truongson.access;

/** A role on a unit, alone or with its subtree. */
public record Grant(long id, Role role, long unitId, GrantScope scope) {}
