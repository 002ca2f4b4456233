package vn.truongson.programme;

import java.time.Instant;

/**
 * A plan was issued: its units may now be told and reminded. {@code historical}: recorded as issued on paper at a past
 * moment ({@link Plans#issueHistorical}), so its assignments are old news and nobody is told of them.
 */
public record PlanIssued(long planId, String code, int year, long ownerUnitId, Instant issuedAt, boolean historical) {}
