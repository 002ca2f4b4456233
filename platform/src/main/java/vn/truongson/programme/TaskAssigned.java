package vn.truongson.programme;

import org.jspecify.annotations.Nullable;

/**
 * A task was given to a unit, directly or cascaded from {@code parentAssignmentId}; {@code planIssued}: whether its plan
 * was issued at that moment (a draft's assignments are told when the plan is issued, see {@link PlanIssued}).
 */
public record TaskAssigned(long assignmentId, long planId, long taskId, long unitId, @Nullable Long parentAssignmentId, boolean planIssued) {}
