package vn.truongson.datasets;

import vn.truongson.core.Vietnam;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;
import vn.truongson.datasets.internal.Expression;

/**
 * A unit's submission of a data set for a period, by a reporter of the unit: checked field by field and rule by rule,
 * kept with every revision until the period locks ({@code truongson.datasets.lock-days} after the deadline). Whether it
 * was on time is judged by the first submission; an identical resubmission changes nothing (PUT is idempotent).
 */
@Service
public class Submissions {

    public static final ZoneId ZONE_ID = Vietnam.ZONE;
    static final int MAX_TEXT = 2000;

    /** What a submission answers. */
    public record Submitted(Instant submittedAt, boolean onTime, int revision) {}

    /** A submission as it stands, or one of its revisions. */
    public record Entry(long unitId, String period, int revision, Map<String, Object> values, Instant submittedAt, String submittedBy,
            boolean onTime) {}

    private final JdbcClient jdbc;
    private final Datasets datasets;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;
    private final int lockDays;

    Submissions(JdbcClient jdbc, Datasets datasets, AccessPolicy policy, AuditTrail audit, JsonMapper json, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${truongson.datasets.lock-days:15}") int lockDays) {
        this.jdbc = jdbc;
        this.datasets = datasets;
        this.policy = policy;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.lockDays = lockDays;
    }

    /** The instant after which a submission for this deadline is late: the end of the deadline's day in Việt Nam. */
    public static Instant deadlineEnd(LocalDate deadline) {
        return deadline.plusDays(1).atStartOfDay(ZONE_ID).toInstant();
    }

    /** The platform's clock, as submissions read it. */
    public Instant now() {
        return clock.instant();
    }

    public Instant locksAt(LocalDate deadline) {
        return deadline.plusDays(1L + lockDays).atStartOfDay(ZONE_ID).toInstant();
    }

    /**
     * Submits or revises. Refused, with nothing written: 404 when the data set is not readable (or missing), 403 without
     * a reporter's grant on the unit, 400 for a malformed period, 409 when the unit is not assigned for the period or the
     * period has locked, 400 naming each bad field ({@code values.deployed}) or each broken rule ({@code rules[0]}, with
     * the rule's own message).
     */
    @Transactional
    public Submitted submit(long datasetId, long unitId, @Nullable String periodText, Map<String, Value> values) {
        Dataset d = datasets.requireReadable(datasetId);
        policy.requireOnUnit(DatasetRoles.REPORTER, unitId);
        String period = d.periodType().parse("period", periodText);
        // The assignment's row, locked: submissions for one unit and period are decided one at a time.
        LocalDate deadline = jdbc.sql("select deadline from datasets_assignment where dataset_id = :d and period = :p and unit_id = :u for update")
                .param("d", datasetId).param("p", period).param("u", unitId).query(LocalDate.class).optional()
                .orElseThrow(() -> new DomainException.Conflict("datasets.submission.not-assigned", period));
        Instant now = clock.instant();
        if (now.isAfter(locksAt(deadline))) throw new DomainException.Conflict("datasets.submission.locked", period);
        Map<String, Object> clean = check(d, values);

        var current = jdbc.sql("""
                select revision, values::text, on_time, submitted_at, returned_revision is not null
                from datasets_submission where dataset_id = :d and period = :p and unit_id = :u""")
                .param("d", datasetId).param("p", period).param("u", unitId)
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getTimestamp(4).toInstant(), rs.getBoolean(5)})
                .optional().orElse(null);
        String text = json.writeValueAsString(clean);
        if (current != null && sameValues((String) current[1], text)) {
            if ((Boolean) current[4]) {
                // Returned for correction, and confirmed as it stands: the return is answered, no new revision.
                jdbc.sql("update datasets_submission set returned_at = null, returned_by = null, returned_revision = null where dataset_id = :d and period = :p and unit_id = :u")
                        .param("d", datasetId).param("p", period).param("u", unitId).update();
                audit.record("datasets.submit", "dataset:" + datasetId, AuditTrail.SUCCESS, "unit " + unitId + " " + period + " revision " + current[0]
                        + " confirmed after a return");
            }
            return new Submitted((Instant) current[3], (Boolean) current[2], (Integer) current[0]);
        }
        int revision = current == null ? 1 : (Integer) current[0] + 1;
        boolean onTime = current == null ? !now.isAfter(deadlineEnd(deadline)) : (Boolean) current[2];
        String by = policy.actor().username();
        jdbc.sql("""
                insert into datasets_submission (dataset_id, period, unit_id, revision, values, first_submitted_at, on_time, submitted_at, submitted_by)
                values (:d, :p, :u, :rev, cast(:values as jsonb), :at, :onTime, :at, :by)
                on conflict (dataset_id, period, unit_id) do update set revision = excluded.revision, values = excluded.values,
                    submitted_at = excluded.submitted_at, submitted_by = excluded.submitted_by,
                    returned_at = null, returned_by = null, returned_revision = null""")
                .param("d", datasetId).param("p", period).param("u", unitId).param("rev", revision).param("values", text)
                .param("at", Timestamp.from(now)).param("onTime", onTime).param("by", by).update();
        jdbc.sql("""
                insert into datasets_submission_revision (dataset_id, period, unit_id, revision, values, submitted_at, submitted_by)
                values (:d, :p, :u, :rev, cast(:values as jsonb), :at, :by)""")
                .param("d", datasetId).param("p", period).param("u", unitId).param("rev", revision).param("values", text)
                .param("at", Timestamp.from(now)).param("by", by).update();
        audit.record("datasets.submit", "dataset:" + datasetId, AuditTrail.SUCCESS,
                "unit " + unitId + " " + period + " revision " + revision + (onTime ? " on time" : " late"));
        return new Submitted(now, onTime, revision);
    }

    private boolean sameValues(String stored, String incoming) {
        JsonNode a = json.readTree(stored);
        JsonNode b = json.readTree(incoming);
        return a.equals(b);
    }

    /**
     * The values, judged by the data set's fields then its rules: a map of code → JSON-ready value (numbers as BigDecimal,
     * dates as yyyy-MM-dd, choices as lists), or a 400 naming every bad field, or, when every field is good, every broken rule.
     */
    public static Map<String, Object> check(Dataset d, Map<String, Value> values) {
        List<FieldError> errors = new ArrayList<>();
        for (String code : values.keySet()) {
            if (d.field(code).isEmpty()) errors.add(new FieldError("values." + safe(code), "datasets.value.unknown", safe(code)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, BigDecimal> numbers = new HashMap<>();
        for (Field f : d.fields()) {
            String at = "values." + f.code();
            Value v = values.getOrDefault(f.code(), new Value.Empty());
            if (v instanceof Value.Text t && t.value().isBlank() && f.type() != FieldType.TEXT) v = new Value.Empty();
            if (v instanceof Value.Text t && f.type() == FieldType.TEXT && t.value().isBlank()) v = new Value.Empty();
            if (v instanceof Value.Texts l && l.values().isEmpty()) v = new Value.Empty();
            if (f.disaggregated()) {
                Map<String, BigDecimal> parts = parts(errors, at, d, f, v);
                if (!parts.isEmpty()) {
                    out.put(f.code(), parts);
                    numbers.put(f.code(), parts.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
                }
                continue;
            }
            switch (v) {
                case Value.Empty e -> {
                    if (f.required()) errors.add(new FieldError(at, "datasets.value.required", f.label()));
                    continue;
                }
                case Value.NotFinite e -> {
                    errors.add(new FieldError(at, Inputs.NUMBER_KEY));
                    continue;
                }
                case Value.BadText e -> {
                    errors.add(new FieldError(at, Inputs.TEXT_KEY));
                    continue;
                }
                default -> {}
            }
            Object clean = switch (f.type()) {
                case INTEGER, DECIMAL, PERCENT -> number(errors, at, f, v);
                case TEXT -> text(errors, at, v);
                case CHOICE -> choice(errors, at, f, v);
                case MULTI_CHOICE -> choices(errors, at, f, v);
                case DATE -> date(errors, at, v);
                case YES_NO -> yesNo(errors, at, v);
            };
            if (clean != null) {
                out.put(f.code(), clean);
                if (clean instanceof BigDecimal n) numbers.put(f.code(), n);
            }
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        for (int i = 0; i < d.rules().size(); i++) {
            Rule r = d.rules().get(i);
            if (!Expression.parse(r.expression()).holds(numbers)) errors.add(new FieldError("rules[" + i + "]", "datasets.rule.broken", r.message(), r.expression()));
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        return out;
    }

    /**
     * The value of a field broken down by a category list: an object of option → number, each number judged as the
     * field's ({@code values.needed.Nam}), kept in the category's order; an option left empty is left out. A required
     * field needs every option.
     */
    private static Map<String, BigDecimal> parts(List<FieldError> errors, String at, Dataset d, Field f, Value v) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        List<String> options = d.options(f);
        Map<String, Value> in;
        switch (v) {
            case Value.Empty e -> in = Map.of();
            case Value.Parts p -> in = p.values();
            case Value.NotFinite e -> {
                errors.add(new FieldError(at, Inputs.NUMBER_KEY));
                return out;
            }
            case Value.BadText e -> {
                errors.add(new FieldError(at, Inputs.TEXT_KEY));
                return out;
            }
            default -> {
                errors.add(new FieldError(at, "datasets.value.parts"));
                return out;
            }
        }
        for (String key : in.keySet()) {
            if (!options.contains(VietnameseText.nfc(key.strip()))) errors.add(new FieldError(at, "datasets.value.part-unknown", safe(key)));
        }
        Map<String, Value> byOption = new HashMap<>();
        in.forEach((k, x) -> byOption.put(VietnameseText.nfc(k.strip()), x));
        for (String o : options) {
            String oat = at + "." + o;
            Value x = byOption.getOrDefault(o, new Value.Empty());
            if (x instanceof Value.Text t && t.value().isBlank()) x = new Value.Empty();
            switch (x) {
                case Value.Empty e -> {
                    if (f.required()) errors.add(new FieldError(oat, "datasets.value.required", f.label() + " — " + o));
                }
                case Value.NotFinite e -> errors.add(new FieldError(oat, Inputs.NUMBER_KEY));
                case Value.BadText e -> errors.add(new FieldError(oat, Inputs.TEXT_KEY));
                default -> {
                    BigDecimal n = number(errors, oat, f, x);
                    if (n != null) out.put(o, n);
                }
            }
        }
        return out;
    }

    /** A key as a field name in a problem: printable, bounded (a key is already valid Unicode: the edge refuses it otherwise). */
    private static String safe(String code) {
        String s = code.length() > 60 ? code.substring(0, 60) + "…" : code;
        return Inputs.validText(s) ? s : "?";
    }

    private static @Nullable BigDecimal number(List<FieldError> errors, String at, Field f, Value v) {
        BigDecimal n;
        if (v instanceof Value.Number x) n = x.value();
        else if (v instanceof Value.Text t) {
            String s = t.value().strip().replace(',', '.');
            if (s.length() > 64) {
                errors.add(new FieldError(at, Inputs.NUMBER_KEY));
                return null;
            }
            try {
                n = new BigDecimal(s);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(at, "datasets.value.number"));
                return null;
            }
        } else {
            errors.add(new FieldError(at, "datasets.value.number"));
            return null;
        }
        if (!Inputs.validNumber(n)) {
            errors.add(new FieldError(at, Inputs.NUMBER_KEY));
            return null;
        }
        if (f.type() == FieldType.INTEGER && n.signum() != 0 && n.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError(at, "datasets.value.integer"));
            return null;
        }
        if (f.min() != null && n.compareTo(f.min()) < 0 || f.max() != null && n.compareTo(f.max()) > 0) {
            errors.add(new FieldError(at, "datasets.value.range", f.min() == null ? "−∞" : f.min().toPlainString(),
                    f.max() == null ? "+∞" : f.max().toPlainString()));
            return null;
        }
        n = n.signum() == 0 ? BigDecimal.ZERO : n.stripTrailingZeros();
        return n.scale() < 0 ? n.setScale(0) : n;
    }

    private static @Nullable String text(List<FieldError> errors, String at, Value v) {
        if (!(v instanceof Value.Text t)) {
            errors.add(new FieldError(at, "datasets.value.text"));
            return null;
        }
        String s = VietnameseText.nfc(t.value().strip());
        if (VietnameseText.firstControlChar(s, true) >= 0) {
            errors.add(new FieldError(at, "problem.text.control"));
            return null;
        }
        if (s.length() > MAX_TEXT) {
            errors.add(new FieldError(at, "problem.field.length", 1, MAX_TEXT));
            return null;
        }
        return s;
    }

    private static @Nullable String choice(List<FieldError> errors, String at, Field f, Value v) {
        if (!(v instanceof Value.Text t)) {
            errors.add(new FieldError(at, "datasets.value.choice"));
            return null;
        }
        String s = VietnameseText.nfc(t.value().strip());
        if (!f.options().contains(s)) {
            errors.add(new FieldError(at, "datasets.value.choice"));
            return null;
        }
        return s;
    }

    private static @Nullable List<String> choices(List<FieldError> errors, String at, Field f, Value v) {
        List<Value> items = v instanceof Value.Texts l ? l.values() : List.of(v);
        Set<String> out = new LinkedHashSet<>();
        for (Value item : items) {
            if (!(item instanceof Value.Text t) || !f.options().contains(VietnameseText.nfc(t.value().strip()))) {
                errors.add(new FieldError(at, item instanceof Value.BadText ? Inputs.TEXT_KEY : "datasets.value.choice"));
                return null;
            }
            out.add(VietnameseText.nfc(t.value().strip()));
        }
        // In the definition's order, so that equal answers are stored alike.
        return f.options().stream().filter(out::contains).toList();
    }

    private static @Nullable String date(List<FieldError> errors, String at, Value v) {
        if (v instanceof Value.Text t && t.value().strip().length() == 10) {
            try {
                LocalDate d = LocalDate.parse(t.value().strip());
                if (d.getYear() >= 1900 && d.getYear() <= 2200) return d.toString();
            } catch (DateTimeParseException e) {
                // below
            }
        }
        errors.add(new FieldError(at, "datasets.value.date"));
        return null;
    }

    private static @Nullable Boolean yesNo(List<FieldError> errors, String at, Value v) {
        if (v instanceof Value.Bool b) return b.value();
        errors.add(new FieldError(at, "datasets.value.yes-no"));
        return null;
    }

    /** The submissions as they stand for a period, of the units in the reader's visibility below {@code unitId} (rollup rules). */
    public List<Entry> current(long datasetId, String period, Long[] scopeUnits, vn.truongson.access.SqlFilter acl, String subtreeSql) {
        // Aliased "a", as the assignments are in the roll-up: the subtree and the policy's conditions name a.unit_id.
        var spec = acl.bind(jdbc.sql("""
                select a.unit_id, a.period, a.revision, a.values::text, a.submitted_at, a.submitted_by, a.on_time
                from datasets_submission a
                where a.dataset_id = :d and a.period = :p and\s""" + subtreeSql + " and " + acl.sql()
                + " order by a.unit_id")).param("d", datasetId).param("p", period).param("scope_units", scopeUnits);
        return spec.query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getInt(3), values(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                rs.getString(6), rs.getBoolean(7))).list();
    }

    /** Every revision of one unit's submission for a period, oldest first: to a reader covering the unit. */
    public List<Entry> revisions(long datasetId, long unitId, @Nullable String periodText) {
        Dataset d = datasets.requireReadable(datasetId);
        try {
            policy.requireOnUnit(DatasetRoles.READER, unitId);
        } catch (DomainException.Forbidden e) {
            throw new DomainException.Forbidden("problem.forbidden");
        }
        String period = d.periodType().parse("period", periodText);
        return jdbc.sql("""
                select v.unit_id, v.period, v.revision, v.values::text, v.submitted_at, v.submitted_by, s.on_time
                from datasets_submission_revision v join datasets_submission s using (dataset_id, period, unit_id)
                where v.dataset_id = :d and v.period = :p and v.unit_id = :u order by v.revision""")
                .param("d", datasetId).param("p", period).param("u", unitId)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getInt(3), values(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                        rs.getString(6), rs.getBoolean(7))).list();
    }

    private Map<String, Object> values(String text) {
        JsonNode n = json.readTree(text);
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : n.properties()) {
            JsonNode v = e.getValue();
            if (v.isNumber()) out.put(e.getKey(), v.decimalValue());
            else if (v.isObject()) {
                Map<String, Object> parts = new LinkedHashMap<>();
                for (var x : v.properties()) parts.put(x.getKey(), x.getValue().isNumber() ? x.getValue().decimalValue() : x.getValue().asString());
                out.put(e.getKey(), parts);
            }
            else if (v.isBoolean()) out.put(e.getKey(), v.booleanValue());
            else if (v.isArray()) {
                List<String> l = new ArrayList<>();
                v.forEach(x -> l.add(x.asString()));
                out.put(e.getKey(), l);
            } else out.put(e.getKey(), v.asString());
        }
        return out;
    }
}
