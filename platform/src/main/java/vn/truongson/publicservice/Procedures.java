package vn.truongson.publicservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.publicservice.Procedure.Component;
import vn.truongson.publicservice.Procedure.Field;
import vn.truongson.publicservice.Procedure.FieldType;
import vn.truongson.publicservice.Procedure.Form;
import vn.truongson.publicservice.Procedure.Level;
import vn.truongson.publicservice.Procedure.Step;

/**
 * The procedure catalogue. Anyone reads the published procedures (the catalogue is public); an administrator of
 * the implementing unit publishes and edits them.
 */
@Service
public class Procedures {

    /** What an administrator publishes; the same for an edit (by code). */
    public record NewProcedure(String code, String name, String field, long implementingUnitId, Level level,
            @Nullable Integer processingWorkingDays, @Nullable Integer processingWorkingHours, String fees, long feeAmount,
            List<Component> components, Form form, List<Step> steps, boolean illustrative) {}

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,31}");
    static final Pattern FIELD_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]{0,39}");
    static final Set<String> PREFILLS = Set.of("fullName", "idNumber", "dateOfBirth", "gender", "placeOfResidence", "phone", "email");
    static final Set<Role> STEP_ROLES = Set.of(Role.ONE_STOP_OFFICER, Role.PROCESSING_OFFICER, Role.COMMANDER, Role.SIGNER);
    private static final TypeReference<List<Component>> COMPONENTS = new TypeReference<>() {};
    private static final TypeReference<List<Step>> STEPS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Units units;
    private final Clock clock;

    Procedures(JdbcClient jdbc, AccessPolicy policy, UnitHierarchy hierarchy, AuditTrail audit, JsonMapper json, Units units, Clock clock) {
        this.units = units;
        this.jdbc = jdbc;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ---- reads (public) --------------------------------------------------------------------------

    /** Published procedures, optionally matching text without diacritics ("giay phep bien gioi"), by field then name. */
    public List<Procedure> list(@Nullable String q) {
        var sql = new StringBuilder("select * from publicservice_procedure where published");
        List<String> words = q == null ? List.of() : List.of(VietnameseText.fold(VietnameseText.nfc(q)).trim().split("\\s+"));
        words = words.stream().filter(w -> !w.isBlank()).toList();
        for (int i = 0; i < words.size(); i++) sql.append(" and search_text like :w").append(i);
        sql.append(" order by field, name");
        var spec = jdbc.sql(sql.toString());
        for (int i = 0; i < words.size(); i++) spec = spec.param("w" + i, "%" + escapeLike(words.get(i)) + "%");
        return spec.query(this::map).list();
    }

    /** A published procedure; 404 otherwise. */
    public Procedure get(String code) {
        return find(code).filter(Procedure::published).orElseThrow(() -> new DomainException.NotFound("procedure", code));
    }

    public Optional<Procedure> find(String code) {
        return jdbc.sql("select * from publicservice_procedure where code = ?").param(code).query(this::map).optional();
    }

    Procedure byId(long id) {
        return jdbc.sql("select * from publicservice_procedure where id = ?").param(id).query(this::map).single();
    }

    /** How many procedures are published: for the demo loader and the index. */
    public long count() {
        return jdbc.sql("select count(*) from publicservice_procedure where published").query(Long.class).single();
    }

    // ---- changes ---------------------------------------------------------------------------------

    /**
     * Publishes the procedure, or replaces the published one with the same code (dossiers already filed keep the
     * steps they were given). By an administrator of the implementing unit (of both units, on an edit that moves it).
     */
    @Transactional
    public Procedure publish(NewProcedure n) {
        List<FieldError> errors = check(n);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        policy.requireOnUnit(Set.of(Role.ADMIN), n.implementingUnitId());
        Optional<Procedure> before = find(n.code().strip());
        before.ifPresent(b -> policy.requireOnUnit(Set.of(Role.ADMIN), b.implementingUnitId()));
        Unit unit = units.get(n.implementingUnitId());
        List<Unit> above = units.ancestors(unit);
        Instant now = clock.instant();
        String name = VietnameseText.nfc(n.name().strip());
        String fieldName = VietnameseText.nfc(n.field().strip());
        jdbc.sql("""
                insert into publicservice_procedure (code, name, search_text, field, implementing_unit_id, unit_code, unit_name, parent_unit_name, level, working_days, working_hours,
                    fees, fee_amount, components, form, steps, illustrative, published, published_at, updated_at)
                values (:code, :name, :search, :field, :unit, :unitCode, :unitName, :parentName, :level, :days, :hours, :fees, :amount, cast(:components as jsonb),
                    cast(:form as jsonb), cast(:steps as jsonb), :illustrative, true, :now, :now)
                on conflict (code) do update set name = excluded.name, search_text = excluded.search_text, field = excluded.field,
                    implementing_unit_id = excluded.implementing_unit_id, unit_code = excluded.unit_code,
                    unit_name = excluded.unit_name, parent_unit_name = excluded.parent_unit_name, level = excluded.level, working_days = excluded.working_days,
                    working_hours = excluded.working_hours, fees = excluded.fees, fee_amount = excluded.fee_amount,
                    components = excluded.components, form = excluded.form, steps = excluded.steps, illustrative = excluded.illustrative,
                    published = true, updated_at = excluded.updated_at""")
                .param("code", n.code().strip()).param("name", name)
                .param("search", VietnameseText.fold(n.code().strip() + " " + name + " " + fieldName))
                .param("field", fieldName).param("unit", n.implementingUnitId())
                .param("unitCode", unit.code()).param("unitName", unit.name()).param("parentName", above.isEmpty() ? null : above.getLast().name()).param("level", n.level().name())
                .param("days", n.processingWorkingDays()).param("hours", n.processingWorkingHours())
                .param("fees", VietnameseText.nfc(n.fees().strip())).param("amount", n.feeAmount())
                .param("components", json.writeValueAsString(n.components().stream()
                        .map(c -> new Component(c.code().strip(), VietnameseText.nfc(c.name().strip()), c.required())).toList()))
                .param("form", json.writeValueAsString(n.form()))
                .param("steps", json.writeValueAsString(n.steps()))
                .param("illustrative", n.illustrative()).param("now", Timestamp.from(now))
                .update();
        Procedure p = find(n.code().strip()).orElseThrow();
        audit.record(before.isPresent() ? "publicservice.procedure.update" : "publicservice.procedure.publish", "procedure:" + p.code(),
                AuditTrail.SUCCESS, p.name());
        return p;
    }

    /** Withdraws a procedure from the catalogue: no new dossiers; filed ones go on. */
    @Transactional
    public Procedure withdraw(String code) {
        Procedure p = get(code);
        policy.requireOnUnit(Set.of(Role.ADMIN), p.implementingUnitId());
        jdbc.sql("update publicservice_procedure set published = false, updated_at = ? where id = ?")
                .params(Timestamp.from(clock.instant()), p.id()).update();
        audit.record("publicservice.procedure.withdraw", "procedure:" + p.code(), AuditTrail.SUCCESS, p.name());
        return find(code).orElseThrow();
    }

    // ---- checks ----------------------------------------------------------------------------------

    List<FieldError> check(NewProcedure n) {
        List<FieldError> e = new ArrayList<>();
        if (n.code() == null || !CODE.matcher(n.code().strip()).matches()) e.add(new FieldError("code", "publicservice.procedure.code"));
        text(e, "name", n.name(), 500);
        text(e, "field", n.field(), 200);
        text(e, "fees", n.fees(), 500);
        if (n.feeAmount() < 0) e.add(new FieldError("feeAmount", "problem.field.range"));
        if (hierarchy.pathOf(n.implementingUnitId()).isEmpty()) {
            e.add(new FieldError("implementingUnitId", "problem.unit.unknown", Long.toString(n.implementingUnitId())));
        }
        boolean days = n.processingWorkingDays() != null;
        boolean hours = n.processingWorkingHours() != null;
        if (days == hours) e.add(new FieldError("processingWorkingDays", "publicservice.procedure.time-one"));
        else if (days && (n.processingWorkingDays() < 0 || n.processingWorkingDays() > 365)) {
            e.add(new FieldError("processingWorkingDays", "publicservice.procedure.time-range", 0, 365));
        } else if (hours && (n.processingWorkingHours() < 1 || n.processingWorkingHours() > 2000)) {
            e.add(new FieldError("processingWorkingHours", "publicservice.procedure.time-range", 1, 2000));
        }
        // Components.
        if (n.components().isEmpty() || n.components().size() > 50) e.add(new FieldError("components", "publicservice.procedure.components"));
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < n.components().size(); i++) {
            Component c = n.components().get(i);
            String f = "components[" + i + "]";
            if (c.code() == null || !FIELD_NAME.matcher(c.code().strip()).matches()) e.add(new FieldError(f + ".code", "publicservice.procedure.key"));
            else if (!codes.add(c.code().strip())) e.add(new FieldError(f + ".code", "publicservice.procedure.duplicate", c.code()));
            text(e, f + ".name", c.name(), 500);
        }
        // Form.
        List<Field> fields = n.form().fields();
        if (fields.size() > 60) e.add(new FieldError("form.fields", "publicservice.procedure.fields"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            Field fd = fields.get(i);
            String f = "form.fields[" + i + "]";
            if (fd.name() == null || !FIELD_NAME.matcher(fd.name()).matches()) e.add(new FieldError(f + ".name", "publicservice.procedure.key"));
            else if (!names.add(fd.name())) e.add(new FieldError(f + ".name", "publicservice.procedure.duplicate", fd.name()));
            text(e, f + ".label", fd.label(), 300);
            if (fd.type() == null) e.add(new FieldError(f + ".type", "problem.field.enum"));
            if (fd.help() != null && fd.help().length() > 1000) e.add(new FieldError(f + ".help", "problem.field.length", 0, 1000));
            if (fd.pattern() != null) {
                try {
                    Pattern.compile(fd.pattern());
                } catch (PatternSyntaxException ex) {
                    e.add(new FieldError(f + ".pattern", "publicservice.procedure.pattern"));
                }
            }
            if (fd.min() != null && fd.max() != null && fd.min() > fd.max()) e.add(new FieldError(f + ".min", "publicservice.procedure.min-max"));
            if (fd.type() == FieldType.SELECT && fd.options().isEmpty()) e.add(new FieldError(f + ".options", "publicservice.procedure.options"));
            if (fd.prefill() != null && !PREFILLS.contains(fd.prefill())) e.add(new FieldError(f + ".prefill", "problem.field.enum"));
        }
        // Steps: 1..n in order, each in the procedure's time unit, adding up to the legal time.
        if (n.steps().isEmpty() || n.steps().size() > 30) e.add(new FieldError("steps", "publicservice.procedure.steps"));
        long sum = 0;
        for (int i = 0; i < n.steps().size(); i++) {
            Step s = n.steps().get(i);
            String f = "steps[" + i + "]";
            if (s.ordinal() != i + 1) e.add(new FieldError(f + ".ordinal", "publicservice.procedure.step-ordinal", i + 1));
            text(e, f + ".name", s.name(), 500);
            if (s.unitId() != null && hierarchy.pathOf(s.unitId()).isEmpty()) {
                e.add(new FieldError(f + ".unitId", "problem.unit.unknown", Long.toString(s.unitId())));
            }
            if (s.role() != null && !STEP_ROLES.contains(s.role())) e.add(new FieldError(f + ".role", "publicservice.procedure.step-role"));
            Integer a = days ? s.allowanceWorkingDays() : s.allowanceWorkingHours();
            Integer other = days ? s.allowanceWorkingHours() : s.allowanceWorkingDays();
            if (a == null || other != null || a < 0) {
                e.add(new FieldError(f + (days ? ".allowanceWorkingDays" : ".allowanceWorkingHours"), "publicservice.procedure.step-allowance"));
            } else {
                sum += a;
            }
        }
        if (days != hours && e.stream().noneMatch(x -> x.field().startsWith("steps"))) {
            long legal = days ? n.processingWorkingDays() : n.processingWorkingHours();
            if (sum != legal) e.add(new FieldError("steps", "publicservice.procedure.step-sum", sum, legal));
        }
        return e;
    }

    private static void text(List<FieldError> e, String field, @Nullable String value, int max) {
        if (value == null || value.isBlank()) e.add(new FieldError(field, "problem.field.required"));
        else if (value.strip().length() > max) e.add(new FieldError(field, "problem.field.length", 1, max));
        else if (VietnameseText.firstControlChar(value, false) >= 0) e.add(new FieldError(field, "problem.field.invalid"));
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private Procedure map(ResultSet rs, int n) throws SQLException {
        int days = rs.getInt("working_days");
        Integer d = rs.wasNull() ? null : days;
        int hours = rs.getInt("working_hours");
        Integer h = rs.wasNull() ? null : hours;
        return new Procedure(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("field"), rs.getLong("implementing_unit_id"),
                rs.getString("unit_code"), rs.getString("unit_name"), rs.getString("parent_unit_name"),
                Level.valueOf(rs.getString("level")), d, h, rs.getString("fees"), rs.getLong("fee_amount"),
                json.readValue(rs.getString("components"), COMPONENTS), json.readValue(rs.getString("form"), Form.class),
                json.readValue(rs.getString("steps"), STEPS), rs.getBoolean("illustrative"), rs.getBoolean("published"),
                rs.getTimestamp("published_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
