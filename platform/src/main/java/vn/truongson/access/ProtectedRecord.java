package vn.truongson.access;

import vn.truongson.core.SecrecyLevel;

/** What the policy needs to know of any record: its owning unit and its secrecy level. */
public record ProtectedRecord(String kind, Object id, long unitId, SecrecyLevel secrecy) {}
