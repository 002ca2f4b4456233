package vn.truongson.programme;

import org.jspecify.annotations.Nullable;

/**
 * A task given to a unit, which reports on it each month. {@code parentId} names the assignment it was
 * cascaded from, when a unit passed its own part down to a unit below it.
 */
public record Assignment(long id, long planId, long taskId, long unitId, @Nullable Long parentId) {}
