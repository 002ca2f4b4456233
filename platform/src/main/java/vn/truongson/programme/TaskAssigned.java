package vn.truongson.programme;

import org.jspecify.annotations.Nullable;

/** A task was given to a unit, directly or cascaded from {@code parentAssignmentId}. */
public record TaskAssigned(long assignmentId, long planId, long taskId, long unitId, @Nullable Long parentAssignmentId) {}
