package vn.truongson.programme;

import java.time.Instant;

/** A plan was issued: its units may now be told and reminded. */
public record PlanIssued(long planId, String code, int year, long ownerUnitId, Instant issuedAt) {}
