package vn.truongson.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.Ids;

/**
 * API.md "Audit". It lives in the web module because the audit module must not depend on access (access
 * records to the trail); here both are at hand.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Nhật ký / Audit trail")
class AuditApiController {

    static final Set<Role> READERS = Set.of(Role.ADMIN, Role.AUDITOR);

    record AuditRow(String id, String at, String actor, @Nullable String unitId, String zone, String ip, String action,
            String target, String outcome, @Nullable String detail) {
        static AuditRow of(AuditRecord r) {
            return new AuditRow(Ids.str(r.id()), iso(r), r.actor(), r.unitId() == null ? null : Ids.str(r.unitId()), r.zone(), r.ip(),
                    r.action(), r.target(), r.outcome(), r.detail());
        }
    }

    record VerifyResult(boolean ok, long checked, @Nullable String firstBrokenId) {}

    private final AuditTrail trail;
    private final AccessPolicy policy;

    AuditApiController(AuditTrail trail, AccessPolicy policy) {
        this.trail = trail;
        this.policy = policy;
    }

    @GetMapping
    @Operation(summary = "Tra cứu nhật ký / Search the audit trail (admin or auditor)",
            description = "Newest first. from/to: ISO 8601 instants (to exclusive) or yyyy-MM-dd dates, whole days in Vietnam time "
                    + "(to inclusive). action takes * as a wildcard. beforeId pages to older rows; limit 1–1000.")
    List<AuditRow> search(@RequestParam(required = false) @Nullable String actor, @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String outcome, @RequestParam(required = false) @Nullable String target,
            @RequestParam(defaultValue = "200") int limit, @RequestParam(defaultValue = "0") long beforeId) {
        policy.requireAnyGrant(READERS);
        var q = AuditFilters.query(actor, action, from, to, outcome, target, limit, beforeId, false);
        return trail.search(q).stream().map(AuditRow::of).toList();
    }

    @GetMapping("/verify")
    @Operation(summary = "Kiểm tra chuỗi nhật ký / Verify the hash chain (admin or auditor)")
    VerifyResult verify() {
        policy.requireAnyGrant(READERS);
        AuditTrail.Verification v = trail.verify();
        return new VerifyResult(v.ok(), v.checked(), v.firstBrokenId() == null ? null : Ids.str(v.firstBrokenId()));
    }

    /** ISO 8601 with the Vietnam offset (+07:00), microseconds as stored. */
    static String iso(AuditRecord r) {
        return OffsetDateTime.ofInstant(r.at(), AuditFilters.VIETNAM).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
