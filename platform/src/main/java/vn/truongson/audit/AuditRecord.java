package vn.truongson.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the trail, as the API and the audit screen show it. */
public record AuditRecord(long id, Instant at, String actor, @Nullable Long unitId, String zone, String ip,
        String action, String target, String outcome, @Nullable String detail) {}
