package vn.truongson.audit;

import org.jspecify.annotations.Nullable;

/**
 * Who is acting and from where, for the rows the trail appends. Implemented by the access module (the
 * trail itself knows nothing of sign-in), so that every module can record without passing it around.
 */
public interface AuditContext {

    /** The acting person's username, or "anonymous" / "system". */
    String actor();

    @Nullable Long unitId();

    /** The request's network zone (military-network, mobile, internet), or "system" outside a request. */
    String zone();

    String ip();
}
