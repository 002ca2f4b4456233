package vn.truongson.access;

/** Whether a grant covers its unit only, or the unit and everything below it. */
public enum GrantScope { UNIT, SUBTREE }
