package vn.truongson.exchange;

import vn.truongson.core.Vietnam;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.exchange.Model.InfoSystem;

/**
 * Data-sharing agreements (thỏa thuận chia sẻ dữ liệu). The consumer system's owner asks; an owner of the provider
 * system decides — approve (possibly fewer fields, a rate, an earlier end), refuse with a reason, suspend, resume,
 * revoke. The one who asked never approves nor refuses his own request, even when he owns both systems: a second
 * person decides (docs/exchange.md). Either side's owner may revoke, which only takes access away. Each decision is
 * one conditional UPDATE, so concurrent decisions apply once. An ACTIVE agreement past its end date is EXPIRED.
 */
@Service
public class Agreements {

    public enum Status { REQUESTED, ACTIVE, REFUSED, SUSPENDED, REVOKED, EXPIRED }

    public static final ZoneId ZONE = Vietnam.ZONE;
    public static final int DEFAULT_RATE = 60;

    public record NewAgreement(@Nullable String consumer, @Nullable String provider, @Nullable String service, @Nullable String purpose,
            @Nullable String legalBasis, @Nullable List<String> fields, @Nullable String validUntil) {}

    public record Approval(@Nullable List<String> fields, @Nullable Integer ratePerMinute, @Nullable String validUntil) {}

    public record Agreement(long id, long consumerId, String consumer, long consumerUnitId, long providerId, String provider, long providerUnitId,
            long serviceId, String service, SecrecyLevel secrecy, String purpose, String legalBasis, List<String> requestedFields, List<String> fields,
            int ratePerMinute, LocalDate validUntil, Status status, long requestedBy, Instant requestedAt, @Nullable Long decidedBy,
            @Nullable Instant decidedAt, @Nullable String reason) {

        ProtectedRecord providerSide() {
            return new ProtectedRecord("exchange-agreement", id, providerUnitId, secrecy);
        }

        ProtectedRecord consumerSide() {
            return new ProtectedRecord("exchange-agreement", id, consumerUnitId, secrecy);
        }
    }

    /** Who reads agreements and the message log besides the owners of either side. */
    public static final Set<Role> READERS = Set.of(Role.SYSTEM_OWNER, Role.ADMIN, Role.AUDITOR);

    static final String SELECT = """
            select a.id, a.consumer_id, c.code as consumer, c.owner_unit_id as consumer_unit, p.id as provider_id, p.code as provider,
                   p.owner_unit_id as provider_unit, v.id as service_id, v.code as service, v.secrecy, a.purpose, a.legal_basis, a.requested_fields,
                   a.fields, a.rate_per_minute, a.valid_until, a.status, a.requested_by, a.requested_at, a.decided_by, a.decided_at, a.reason
            from exchange_agreement a join exchange_system c on c.id = a.consumer_id join exchange_service v on v.id = a.service_id
            join exchange_system p on p.id = v.system_id""";

    private final JdbcClient jdbc;
    private final Catalogue catalogue;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final ExchangeCache cache;

    Agreements(JdbcClient jdbc, Catalogue catalogue, AccessPolicy policy, AuditTrail audit, ExchangeCache cache) {
        this.cache = cache;
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.policy = policy;
        this.audit = audit;
    }

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    // ---- reads -----------------------------------------------------------------------------------

    /** Agreements where the reader's grant covers the consumer's or the provider's owner unit, within his level. */
    public List<Agreement> list(@Nullable String system, int limit) {
        var vis = policy.visibility(READERS);
        SqlFilter onProvider = vis.where("p.owner_unit_id", "v.secrecy");
        SqlFilter onConsumer = vis.where("c.owner_unit_id", null);
        // The two filters bind the same parameters with the same values.
        String sql = SELECT + " where (" + onProvider.sql() + " or (" + onConsumer.sql() + " and v.secrecy <= :acl_lvl))"
                + (system == null ? "" : " and (c.code = :system or p.code = :system)") + " order by a.requested_at desc, a.id desc limit :limit";
        var spec = onConsumer.bind(onProvider.bind(jdbc.sql(sql))).param("acl_lvl", vis.maxSecrecy().rank()).param("limit", Math.clamp(limit, 1, 1000));
        if (system != null) spec = spec.param("system", system);
        return spec.query(Agreements::map).list();
    }

    public Agreement get(long id) {
        Agreement a = find(id).orElseThrow(() -> new DomainException.NotFound("exchange-agreement", id));
        if (!policy.permits(READERS, a.providerSide()) && !policy.permits(READERS, a.consumerSide())) {
            throw new DomainException.NotFound("exchange-agreement", id);
        }
        return a;
    }

    Optional<Agreement> find(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query(Agreements::map).optional();
    }

    /**
     * For the mediator: the consumer's agreement on this provider's service that decides the call — the one in force
     * if any, else the latest suspended, revoked or expired one (to name the reason). Requests and refusals do not count.
     */
    Optional<Agreement> forCall(long consumerId, String provider, String service) {
        if (provider.length() > 64 || service.length() > 64) return Optional.empty();
        // Cached until anything changes (ExchangeCache); the day is in the key, so an end date passes at midnight.
        return cache.get(new ForCall(consumerId, provider, service, today()), k -> load(k.consumerId(), k.provider(), k.service()));
    }

    private record ForCall(long consumerId, String provider, String service, LocalDate day) {}

    private Optional<Agreement> load(long consumerId, String provider, String service) {
        return jdbc.sql(SELECT + "\n" + """
                 where a.consumer_id = ? and p.code = ? and v.code = ? and a.status in ('ACTIVE', 'SUSPENDED', 'REVOKED')
                 order by (a.status = 'ACTIVE' and a.valid_until >= ?) desc, a.id desc limit 1""")
                .params(consumerId, provider, service, today()).query(Agreements::map).optional();
    }

    /** Whether the current person may decide (approve, refuse, suspend) this agreement: an owner of the provider, not the requester. */
    public boolean mayDecide(Agreement a) {
        Optional<Actor> oa = policy.currentActor();
        return oa.isPresent() && oa.get().officialId() != a.requestedBy() && policy.permits(Catalogue.OWNERS, a.providerSide());
    }

    public boolean mayRevoke(Agreement a) {
        return policy.permits(Catalogue.OWNERS, a.providerSide()) || policy.permits(Catalogue.OWNERS, a.consumerSide());
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional
    public Agreement request(NewAgreement n) {
        Actor actor = policy.actor();
        List<FieldError> errors = new ArrayList<>();
        String consumerCode = Checks.code(errors, "consumer", n.consumer(), Checks.SYSTEM_CODE);
        String providerCode = Checks.code(errors, "provider", n.provider(), Checks.SYSTEM_CODE);
        String serviceCode = Checks.code(errors, "service", n.service(), Checks.SERVICE_CODE);
        String purpose = Checks.text(errors, "purpose", n.purpose(), 2000, true);
        String legalBasis = Checks.text(errors, "legalBasis", n.legalBasis(), 1000, true);
        LocalDate until = date(errors, "validUntil", n.validUntil(), true);
        List<String> fields = names(errors, "fields", n.fields());
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        if (consumerCode.equals(providerCode)) throw new DomainException.BadInput("provider", "problem.exchange.same-system");
        InfoSystem consumer = catalogue.managed(consumerCode);
        InfoSystem provider = catalogue.visible(providerCode).orElseThrow(() -> new DomainException.NotFound("exchange-system", providerCode));
        Model.Service service = provider.services().stream().filter(s -> s.code().equals(serviceCode)).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("exchange-service", serviceCode));
        for (int i = 0; i < fields.size(); i++) {
            if (!service.fieldNames().contains(fields.get(i))) errors.add(new FieldError("fields[" + i + "]", "problem.exchange.field-unknown"));
        }
        // A consumer system receives nothing more secret than it is registered to hold.
        if (!consumer.secrecy().covers(service.secrecy())) errors.add(new FieldError("consumer", "problem.exchange.consumer-secrecy", service.secrecy().vietnamese()));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        long id;
        try {
            id = jdbc.sql("""
                    insert into exchange_agreement (consumer_id, service_id, purpose, legal_basis, requested_fields, fields, valid_until, requested_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(consumer.id(), service.id(), purpose, legalBasis, fields.toArray(String[]::new), fields.toArray(String[]::new), until,
                            actor.officialId()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new DomainException.Conflict("problem.exchange.agreement-open");
        }
        audit.record("exchange.agreement.request", "exchange-agreement:" + id, AuditTrail.SUCCESS,
                consumer.code() + " → " + provider.code() + "/" + service.code() + " fields:" + fields + " until:" + until);
        return find(id).orElseThrow();
    }

    @Transactional
    public Agreement approve(long id, Approval in) {
        Agreement a = decidable(id, "exchange.agreement.approve", true);
        List<FieldError> errors = new ArrayList<>();
        List<String> fields = in.fields() == null ? a.requestedFields() : names(errors, "fields", in.fields());
        for (int i = 0; in.fields() != null && i < fields.size(); i++) {
            // Fewer fields than asked, never more.
            if (!a.requestedFields().contains(fields.get(i))) errors.add(new FieldError("fields[" + i + "]", "problem.exchange.field-not-requested"));
        }
        Integer rate = in.ratePerMinute() == null ? DEFAULT_RATE : in.ratePerMinute();
        if (rate < 1 || rate > 100_000) errors.add(new FieldError("ratePerMinute", "problem.field.range"));
        LocalDate until = in.validUntil() == null ? a.validUntil() : date(errors, "validUntil", in.validUntil(), false);
        if (until != null && until.isAfter(a.validUntil())) errors.add(new FieldError("validUntil", "problem.exchange.until-after-request"));
        if (until != null && until.isBefore(today())) errors.add(new FieldError("validUntil", "problem.exchange.until-past"));
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        int n = jdbc.sql("""
                update exchange_agreement set status = 'ACTIVE', fields = ?, rate_per_minute = ?, valid_until = ?, decided_by = ?, decided_at = now()
                where id = ? and status = 'REQUESTED'""")
                .params(fields.toArray(String[]::new), rate, until, policy.actor().officialId(), id).update();
        if (n != 1) throw new DomainException.Conflict("problem.exchange.agreement-state");
        audit.record("exchange.agreement.approve", "exchange-agreement:" + id, AuditTrail.SUCCESS,
                a.consumer() + " → " + a.provider() + "/" + a.service() + " fields:" + fields + " rate:" + rate + "/min until:" + until);
        return find(id).orElseThrow();
    }

    @Transactional
    public Agreement refuse(long id, @Nullable String reason) {
        List<FieldError> errors = new ArrayList<>();
        String r = Checks.text(errors, "reason", reason, 1000, true);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Agreement a = decidable(id, "exchange.agreement.refuse", true);
        int n = jdbc.sql("update exchange_agreement set status = 'REFUSED', reason = ?, decided_by = ?, decided_at = now() where id = ? and status = 'REQUESTED'")
                .params(r, policy.actor().officialId(), id).update();
        if (n != 1) throw new DomainException.Conflict("problem.exchange.agreement-state");
        audit.record("exchange.agreement.refuse", "exchange-agreement:" + id, AuditTrail.SUCCESS, a.consumer() + " → " + a.provider() + "/" + a.service() + ": " + r);
        return find(id).orElseThrow();
    }

    @Transactional
    public Agreement suspend(long id, @Nullable String reason) {
        return change(id, "exchange.agreement.suspend", decidable(id, "exchange.agreement.suspend", false), "SUSPENDED", List.of("ACTIVE"), reason);
    }

    @Transactional
    public Agreement resume(long id) {
        return change(id, "exchange.agreement.resume", decidable(id, "exchange.agreement.resume", false), "ACTIVE", List.of("SUSPENDED"), null);
    }

    /** Either side's owner may revoke: it only takes access away. */
    @Transactional
    public Agreement revoke(long id, @Nullable String reason) {
        Agreement a = find(id).orElseThrow(() -> new DomainException.NotFound("exchange-agreement", id));
        if (!mayRevoke(a)) refuse(a, "exchange.agreement.revoke");
        return change(id, "exchange.agreement.revoke", a, "REVOKED", List.of("REQUESTED", "ACTIVE", "SUSPENDED"), reason);
    }

    private Agreement change(long id, String action, Agreement a, String to, List<String> from, @Nullable String reason) {
        List<FieldError> errors = new ArrayList<>();
        String r = Checks.optionalText(errors, "reason", reason, 1000, true);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        int n = jdbc.sql("update exchange_agreement set status = ?, reason = coalesce(?, reason), changed_by = ?, changed_at = now() where id = ? and status = any(?)")
                .params(to, r, policy.actor().officialId(), id, from.toArray(String[]::new)).update();
        if (n != 1) throw new DomainException.Conflict("problem.exchange.agreement-state");
        audit.record(action, "exchange-agreement:" + id, AuditTrail.SUCCESS, a.consumer() + " → " + a.provider() + "/" + a.service() + (r == null ? "" : ": " + r));
        return find(id).orElseThrow();
    }

    /** An owner of the provider; for approve and refuse also not the requester. Out of sight: 404; seen but not his: 403. */
    private Agreement decidable(long id, String action, boolean notRequester) {
        Agreement a = find(id).orElseThrow(() -> new DomainException.NotFound("exchange-agreement", id));
        if (!policy.permits(Catalogue.OWNERS, a.providerSide())) refuse(a, action);
        if (notRequester && policy.actor().officialId() == a.requestedBy()) {
            audit.recordSeparately(action, "exchange-agreement:" + id, AuditTrail.DENIED, "the requester decides his own request");
            throw new DomainException.Forbidden("problem.exchange.own-request");
        }
        return a;
    }

    private void refuse(Agreement a, String action) {
        boolean seen = policy.permits(READERS, a.consumerSide()) || policy.permits(READERS, a.providerSide());
        audit.recordSeparately(action, "exchange-agreement:" + a.id(), AuditTrail.DENIED, "not an owner of the provider " + a.provider());
        if (!seen) throw new DomainException.NotFound("exchange-agreement", a.id());
        throw new DomainException.Forbidden("problem.exchange.not-provider-owner", a.provider());
    }

    private static List<String> names(List<FieldError> errors, String field, @Nullable List<String> in) {
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return List.of();
        }
        if (in.size() > 200) {
            errors.add(new FieldError(field, "problem.field.size", 1, 200));
            return List.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String f = Checks.code(errors, field + "[" + i + "]", in.get(i), Checks.FIELD_NAME);
            if (f != null) out.add(f);
        }
        return List.copyOf(out);
    }

    private static @Nullable LocalDate date(List<FieldError> errors, String field, @Nullable String s, boolean required) {
        if (s == null || s.isBlank()) {
            if (required) errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        try {
            if (s.length() != 10) throw new DateTimeParseException("length", s, 0);
            LocalDate d = LocalDate.parse(s);
            if (required && !d.isAfter(today())) {
                errors.add(new FieldError(field, "problem.exchange.until-past"));
                return null;
            }
            if (d.isAfter(today().plusYears(10))) {
                errors.add(new FieldError(field, "problem.exchange.until-far"));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "problem.field.format"));
            return null;
        }
    }

    static Agreement map(ResultSet rs, int n) throws SQLException {
        LocalDate until = rs.getDate("valid_until").toLocalDate();
        Status status = Status.valueOf(rs.getString("status"));
        if (status == Status.ACTIVE && until.isBefore(today())) status = Status.EXPIRED;
        long decided = rs.getLong("decided_by");
        boolean noDecider = rs.wasNull();
        Timestamp at = rs.getTimestamp("decided_at");
        return new Agreement(rs.getLong("id"), rs.getLong("consumer_id"), rs.getString("consumer"), rs.getLong("consumer_unit"), rs.getLong("provider_id"),
                rs.getString("provider"), rs.getLong("provider_unit"), rs.getLong("service_id"), rs.getString("service"), SecrecyLevel.ofRank(rs.getInt("secrecy")),
                rs.getString("purpose"), rs.getString("legal_basis"), Arrays.asList((String[]) rs.getArray("requested_fields").getArray()),
                Arrays.asList((String[]) rs.getArray("fields").getArray()), rs.getInt("rate_per_minute"), until, status, rs.getLong("requested_by"),
                rs.getTimestamp("requested_at").toInstant(), noDecider ? null : decided, at == null ? null : at.toInstant(), rs.getString("reason"));
    }
}
