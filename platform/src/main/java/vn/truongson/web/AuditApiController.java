package vn.truongson.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.audit.AuditRecord;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.Ids;
import vn.truongson.core.DomainException;

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

    /** {@code reason} is an addition to API.md: what is broken, in English, for the security officer. */
    record VerifyResult(boolean ok, long checked, @Nullable String firstBrokenId, @Nullable String reason) {}

    /** API.md: {@code rootHash} hex, {@code signature} base64 over the signed text (docs/security.md), {@code certificate} PEM. */
    record Head(String treeSize, String rootHash, String signedAt, String signature, String certificate, @Nullable String timestamp) {
        static Head of(AuditTrail.TreeHead h) {
            try {
                String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(h.certificate().getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
                return new Head(Long.toString(h.treeSize()), HexFormat.of().formatHex(h.rootHash()), h.signedAt().toString(),
                        Base64.getEncoder().encodeToString(h.signature()), pem, h.timestamp() == null ? null : Base64.getEncoder().encodeToString(h.timestamp()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** API.md; {@code leafData} (the record's HMAC, hex) is an addition: leafHash = SHA-256(0x00 || leafData). */
    record ProofResult(String id, String leafData, String leafHash, String leafIndex, String treeSize, List<String> path, Head head) {}


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
        return new VerifyResult(v.ok(), v.checked(), v.firstBrokenId() == null ? null : Ids.str(v.firstBrokenId()), v.reason());
    }

    @GetMapping("/heads")
    @Operation(summary = "Các đầu cây đã ký / Signed tree heads, newest first (admin or auditor)")
    List<Head> heads(@RequestParam(defaultValue = "20") String limit) {
        policy.requireAnyGrant(READERS);
        int n;
        try {
            n = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) throw new DomainException.BadInput("limit", "problem.field.range");
        return trail.heads(n).stream().map(Head::of).toList();
    }

    @GetMapping("/{id}/proof")
    @Operation(summary = "Bằng chứng bao hàm / Inclusion proof of a record under the newest signed head (admin or auditor)",
            description = "409 while the record is not sealed yet (a few seconds after it was written); 404 when there is no such record.")
    ProofResult proof(@PathVariable("id") long n) {
        policy.requireAnyGrant(READERS);
        AuditTrail.Proof p = trail.proof(n);
        HexFormat hex = HexFormat.of();
        return new ProofResult(Ids.str(p.id()), hex.formatHex(p.leafData()), hex.formatHex(p.leafHash()), Long.toString(p.leafIndex()),
                Long.toString(p.treeSize()), p.path().stream().map(hex::formatHex).toList(), Head.of(p.head()));
    }

    /** Addition (docs/security.md): the RFC 9162 consistency proof between two signed heads, both heads with it. */
    record ConsistencyResult(String from, String to, List<String> path, Head fromHead, Head toHead) {}

    @GetMapping("/consistency")
    @Operation(summary = "Bằng chứng nhất quán / Consistency proof between two signed tree heads (admin or auditor)",
            description = "from, to: tree sizes of signed heads (to: the newest when absent); 404 when no head has that size. The path is "
                    + "RFC 9162 §2.1.4.1 PROOF(from, D[to]); verify it with §2.1.4.2 or ./truongson audit-prove.")
    ConsistencyResult consistency(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to) {
        policy.requireAnyGrant(READERS);
        long f = size("from", from);
        Long t = to == null || to.isBlank() ? null : size("to", to);
        if (t != null && f > t) throw new DomainException.BadInput("from", "problem.field.range");
        AuditTrail.Consistency c = trail.consistency(f, t);
        HexFormat hex = HexFormat.of();
        return new ConsistencyResult(Long.toString(c.from().treeSize()), Long.toString(c.to().treeSize()), c.path().stream().map(hex::formatHex).toList(),
                Head.of(c.from()), Head.of(c.to()));
    }

    private static long size(String field, @Nullable String value) {
        try {
            long n = Long.parseLong(value == null ? "" : value.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // below
        }
        throw new DomainException.BadInput(field, "problem.field.range");
    }

    /** ISO 8601 with the Vietnam offset (+07:00), microseconds as stored. */
    static String iso(AuditRecord r) {
        return OffsetDateTime.ofInstant(r.at(), AuditFilters.VIETNAM).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
