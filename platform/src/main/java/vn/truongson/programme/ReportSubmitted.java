package vn.truongson.programme;

import java.time.Instant;

/** A unit submitted (revision 1) or revised its report for a period. */
public record ReportSubmitted(long assignmentId, long planId, long unitId, String period, int revision, boolean onTime,
        Instant submittedAt) {}
