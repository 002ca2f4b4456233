package vn.truongson.secops;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;

/**
 * Per kind of file, whether an upload fails open (accepted unscanned) while the malware scanner cannot answer. The
 * default, and the rule for every kind without a row, is fail closed (503). Only a system administrator (ADMIN over the
 * whole tree) changes it, with a reason; each change is audited, and the security officers see the kinds that fail open
 * on the security dashboard and at {@code GET /api/v1/security/scanner}.
 */
@Service
public class ScannerOverrides {

    public static final int MAX_REASON = 500;

    /** One kind's setting. */
    public record Override(FileKind kind, boolean failOpen, @Nullable String reason, @Nullable String setBy, @Nullable Instant setAt) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;

    ScannerOverrides(JdbcClient jdbc, AccessPolicy policy, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
    }

    /** No policy: the scanner asks this while refusing or accepting a file. */
    boolean failsOpen(FileKind kind) {
        return jdbc.sql("select fail_open from secops_scanner_override where kind = ?").param(kind.name()).query(Boolean.class).optional().orElse(false);
    }

    /** Every kind, in order, with its setting (fail closed when never set); for security officers and administrators. */
    @Transactional(readOnly = true)
    public List<Override> list() {
        policy.requireAnyGrant(Alerts.ROLES);
        return all();
    }

    /** The kinds now failing open: for the dashboard's warning. */
    @Transactional(readOnly = true)
    public List<Override> failingOpen() {
        return all().stream().filter(Override::failOpen).toList();
    }

    private List<Override> all() {
        Map<FileKind, Override> set = new EnumMap<>(FileKind.class);
        jdbc.sql("select kind, fail_open, reason, set_by, set_at from secops_scanner_override").query((rs, n) -> {
            FileKind k = FileKind.valueOf(rs.getString(1));
            Timestamp t = rs.getTimestamp(5);
            set.put(k, new Override(k, rs.getBoolean(2), rs.getString(3), rs.getString(4), t == null ? null : t.toInstant()));
            return null;
        }).list();
        List<Override> out = new ArrayList<>();
        for (FileKind k : FileKind.values()) out.add(set.getOrDefault(k, new Override(k, false, null, null, null)));
        return out;
    }

    /** Sets one kind. Fail open needs a reason (what is down, until when); fail closed may carry one. */
    @Transactional
    public Override set(@Nullable String kindText, @Nullable Boolean failOpen, @Nullable String rawReason) {
        List<FieldError> errors = new ArrayList<>();
        FileKind kind = null;
        try {
            if (kindText != null && kindText.length() <= 20) kind = FileKind.valueOf(kindText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            kind = null;
        }
        if (kind == null) errors.add(new FieldError("kind", "problem.secops.scanner.kind"));
        if (failOpen == null) errors.add(new FieldError("failOpen", "problem.field.required"));
        String reason = null;
        if (rawReason != null && !rawReason.isBlank()) {
            if (!Inputs.validText(rawReason)) errors.add(new FieldError("reason", Inputs.TEXT_KEY));
            else {
                reason = VietnameseText.nfc(rawReason).strip();
                if (reason.codePointCount(0, reason.length()) > MAX_REASON) errors.add(new FieldError("reason", "problem.field.length", 1, MAX_REASON));
                else if (VietnameseText.firstControlChar(reason, true) >= 0) errors.add(new FieldError("reason", "problem.text.control"));
            }
        }
        if (Boolean.TRUE.equals(failOpen) && reason == null && errors.stream().noneMatch(e -> e.field().equals("reason")))
            errors.add(new FieldError("reason", "problem.secops.scanner.reason-required"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        try {
            policy.requireSystemAdmin();
        } catch (DomainException e) {
            audit.recordSeparately("secops.scanner.override", "file-kind:" + kind, AuditTrail.DENIED, failOpen ? "fail open" : "fail closed");
            throw e;
        }
        jdbc.sql("""
                insert into secops_scanner_override (kind, fail_open, reason, set_by) values (:kind, :open, :reason, :by)
                on conflict (kind) do update set fail_open = excluded.fail_open, reason = excluded.reason, set_by = excluded.set_by, set_at = now()""")
                .param("kind", kind.name()).param("open", failOpen).param("reason", reason).param("by", policy.actor().username()).update();
        audit.record("secops.scanner.override", "file-kind:" + kind, AuditTrail.SUCCESS, (failOpen ? "fail open" : "fail closed") + (reason == null ? "" : ": " + reason));
        FileKind k = kind;
        return all().stream().filter(o -> o.kind() == k).findFirst().orElseThrow();
    }
}
