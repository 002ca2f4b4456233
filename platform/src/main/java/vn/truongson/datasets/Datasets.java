package vn.truongson.datasets;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Ids;
import vn.truongson.core.Inputs;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.core.VietnameseText;
import vn.truongson.datasets.internal.Expression;
import vn.truongson.org.Units;

/**
 * Data sets: defined by a data coordinator of the owner unit as a DRAFT, frozen once PUBLISHED (a change is a new
 * version, a new DRAFT with the same code), assigned to units below the owner for a period. Who may read one: a reader
 * covering the owner unit or one of its assigned units, cleared for its secrecy; to anyone else it does not exist (404).
 */
@Service
public class Datasets {

    /** A data set as it arrives, checked field by field. */
    public record NewDataset(@Nullable String code, @Nullable String title, @Nullable String ownerUnitId, @Nullable PeriodType periodType,
            @Nullable SecrecyLevel secrecy, @Nullable List<NewField> fields, @Nullable List<NewRule> rules, @Nullable List<NewCategory> categories) {}

    /** A category list as it arrives. */
    public record NewCategory(@Nullable String code, @Nullable String label, @Nullable List<String> options) {}

    public record NewField(@Nullable String code, @Nullable String label, @Nullable FieldType type, @Nullable Boolean required,
            @Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Aggregation aggregation, @Nullable List<String> options,
            @Nullable String unitOfMeasure, @Nullable String category, @Nullable String category2) {}

    public record NewRule(@Nullable String expression, @Nullable String message) {}

    /** One unit's assignment for a period, with its submission as it stands. */
    public record AssignedUnit(long datasetId, String period, long unitId, LocalDate deadline, @Nullable Integer revision,
            @Nullable Instant submittedAt, @Nullable Boolean onTime) {}

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    static final Pattern FIELD_CODE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");
    static final int MAX_FIELDS = 500;
    static final int MAX_RULES = 100;
    static final int MAX_OPTIONS = 100;
    static final int MAX_ASSIGNED = 5000;
    static final int MAX_CATEGORIES = 10;
    static final int MAX_CATEGORY_OPTIONS = 50;
    /** The pairs of a field broken down by two lists: as many values as a submission body takes for one field. */
    static final int MAX_PAIRS = 200;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final Units units;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    Datasets(JdbcClient jdbc, AccessPolicy policy, UnitHierarchy hierarchy, Units units, AuditTrail audit, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.units = units;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- definition

    /** Creates a DRAFT. A data coordinator on the owner unit, cleared for the secrecy; 400 naming every bad field at once. */
    @Transactional
    public Dataset create(NewDataset n) {
        long owner = Ids.parse("ownerUnitId", n.ownerUnitId());
        policy.requireOnUnit(DatasetRoles.COORDINATOR, owner);
        if (hierarchy.pathOf(owner).isEmpty() || units.named(List.of(owner)).isEmpty()) {
            throw new DomainException.BadInput("ownerUnitId", "problem.unit.unknown", Long.toString(owner));
        }
        Checked c = check(n);
        return insert(c, owner, 1);
    }

    /** What {@link #check} answers: the definition, normalised. */
    private record Checked(String code, String title, PeriodType periodType, SecrecyLevel secrecy, List<Field> fields, List<Rule> rules,
            List<Category> categories) {}

    private Checked check(NewDataset n) {
        List<FieldError> errors = new ArrayList<>();
        String code = text(errors, "code", n.code(), 40, true);
        if (code != null && !CODE.matcher(code).matches()) errors.add(new FieldError("code", "datasets.code.format"));
        String title = text(errors, "title", n.title(), 300, true);
        if (n.periodType() == null) errors.add(new FieldError("periodType", "problem.field.required"));
        SecrecyLevel secrecy = n.secrecy() == null ? SecrecyLevel.THUONG : n.secrecy();
        if (secrecy.rank() > policy.visibility(DatasetRoles.COORDINATOR).maxSecrecy().rank()) {
            errors.add(new FieldError("secrecy", "datasets.secrecy.above"));
        }
        List<Category> categories = categories(errors, n.categories());
        List<Field> fields = fields(errors, n.fields(), categories);
        List<Rule> rules = rules(errors, n.rules(), fields);
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        return new Checked(code, title, n.periodType(), secrecy, fields, rules, categories);
    }

    private static @Nullable String text(List<FieldError> errors, String field, @Nullable String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        if (!Inputs.validText(value)) {
            errors.add(new FieldError(field, Inputs.TEXT_KEY));
            return null;
        }
        String s = VietnameseText.nfc(value.strip());
        if (VietnameseText.firstControlChar(s, false) >= 0) {
            errors.add(new FieldError(field, "problem.text.control"));
            return null;
        }
        if (s.length() > max) {
            errors.add(new FieldError(field, "problem.field.length", 1, max));
            return null;
        }
        return s;
    }

    /**
     * The category lists: at most {@value #MAX_CATEGORIES}, each a code (as a field's), a label and 1–{@value
     * #MAX_CATEGORY_OPTIONS} distinct options of at most 100 characters.
     */
    private static List<Category> categories(List<FieldError> errors, @Nullable List<NewCategory> in) {
        if (in == null || in.isEmpty()) return List.of();
        if (in.size() > MAX_CATEGORIES) {
            errors.add(new FieldError("categories", "datasets.categories.count", MAX_CATEGORIES));
            return List.of();
        }
        List<Category> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String at = "categories[" + i + "].";
            NewCategory c = in.get(i);
            if (c == null) {
                errors.add(new FieldError("categories[" + i + "]", "problem.field.required"));
                continue;
            }
            int before = errors.size();
            String code = text(errors, at + "code", c.code(), 40, true);
            if (code != null && !FIELD_CODE.matcher(code).matches()) errors.add(new FieldError(at + "code", "datasets.field.code"));
            else if (code != null && !codes.add(code)) errors.add(new FieldError(at + "code", "datasets.field.duplicate", code));
            String label = text(errors, at + "label", c.label(), 300, true);
            Set<String> options = new LinkedHashSet<>();
            if (c.options() == null || c.options().isEmpty() || c.options().size() > MAX_CATEGORY_OPTIONS) {
                errors.add(new FieldError(at + "options", "datasets.category.options", MAX_CATEGORY_OPTIONS));
            } else {
                for (int j = 0; j < c.options().size(); j++) {
                    String o = text(errors, at + "options[" + j + "]", c.options().get(j), 100, true);
                    if (o != null && !options.add(o)) errors.add(new FieldError(at + "options[" + j + "]", "datasets.field.duplicate", o));
                }
            }
            if (errors.size() == before) out.add(new Category(code, label, List.copyOf(options)));
        }
        return out;
    }

    private static List<Field> fields(List<FieldError> errors, @Nullable List<NewField> in, List<Category> categories) {
        if (in == null || in.isEmpty()) {
            errors.add(new FieldError("fields", "datasets.fields.count", MAX_FIELDS));
            return List.of();
        }
        if (in.size() > MAX_FIELDS) {
            errors.add(new FieldError("fields", "datasets.fields.count", MAX_FIELDS));
            return List.of();
        }
        List<Field> out = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < in.size(); i++) {
            String at = "fields[" + i + "].";
            NewField f = in.get(i);
            if (f == null) {
                errors.add(new FieldError("fields[" + i + "]", "problem.field.required"));
                continue;
            }
            int before = errors.size();
            String code = text(errors, at + "code", f.code(), 40, true);
            if (code != null && !FIELD_CODE.matcher(code).matches() || code != null && (code.equalsIgnoreCase("and") || code.equalsIgnoreCase("or"))) {
                errors.add(new FieldError(at + "code", "datasets.field.code"));
            } else if (code != null && !codes.add(code)) {
                errors.add(new FieldError(at + "code", "datasets.field.duplicate", code));
            }
            String label = text(errors, at + "label", f.label(), 300, true);
            String uom = text(errors, at + "unitOfMeasure", f.unitOfMeasure(), 50, false);
            FieldType type = f.type();
            if (type == null) {
                errors.add(new FieldError(at + "type", "problem.field.required"));
                continue;
            }
            Aggregation agg = f.aggregation() == null ? type.defaultAggregation() : f.aggregation();
            if (!type.allows(agg)) errors.add(new FieldError(at + "aggregation", "datasets.field.aggregation", agg.name(), type.name()));
            BigDecimal min = f.min();
            BigDecimal max = f.max();
            if (!type.numeric() && (min != null || max != null)) {
                errors.add(new FieldError(at + (min != null ? "min" : "max"), "datasets.field.bounds-type"));
            }
            if (type.numeric()) {
                Inputs.checkNumber(errors, at + "min", min);
                Inputs.checkNumber(errors, at + "max", max);
                if (type == FieldType.PERCENT) {
                    if (min == null) min = BigDecimal.ZERO;
                    if (max == null) max = BigDecimal.valueOf(100);
                }
                if (type == FieldType.INTEGER && (min != null && min.stripTrailingZeros().scale() > 0 || max != null && max.stripTrailingZeros().scale() > 0)) {
                    errors.add(new FieldError(at + "min", "datasets.value.integer"));
                }
                if (min != null && max != null && Inputs.validNumber(min) && Inputs.validNumber(max) && min.compareTo(max) > 0) {
                    errors.add(new FieldError(at + "max", "datasets.field.min-max"));
                }
            }
            List<String> options = new ArrayList<>();
            boolean choice = type == FieldType.CHOICE || type == FieldType.MULTI_CHOICE;
            if (choice) {
                if (f.options() == null || f.options().isEmpty() || f.options().size() > MAX_OPTIONS) {
                    errors.add(new FieldError(at + "options", "datasets.field.options", MAX_OPTIONS));
                } else {
                    Set<String> seen = new LinkedHashSet<>();
                    for (int j = 0; j < f.options().size(); j++) {
                        String o = text(errors, at + "options[" + j + "]", f.options().get(j), 200, true);
                        if (o != null && !seen.add(o)) errors.add(new FieldError(at + "options[" + j + "]", "datasets.field.duplicate", o));
                    }
                    options.addAll(seen);
                }
            } else if (f.options() != null && !f.options().isEmpty()) {
                errors.add(new FieldError(at + "options", "datasets.field.options-type"));
            }
            String category = f.category() == null || f.category().isBlank() ? null : f.category().strip();
            if (category != null) {
                if (!type.numeric()) errors.add(new FieldError(at + "category", "datasets.field.category-type"));
                else if (categories.stream().noneMatch(c -> c.code().equals(category))) {
                    errors.add(new FieldError(at + "category", "datasets.field.category-unknown", Inputs.validText(category) && category.length() <= 40 ? category : "?"));
                }
            }
            String category2 = f.category2() == null || f.category2().isBlank() ? null : f.category2().strip();
            if (category2 != null) {
                var first = categories.stream().filter(c -> c.code().equals(category)).findFirst();
                var second = categories.stream().filter(c -> c.code().equals(category2)).findFirst();
                if (category == null) errors.add(new FieldError(at + "category2", "datasets.field.category2-alone"));
                else if (!type.numeric()) errors.add(new FieldError(at + "category2", "datasets.field.category-type"));
                else if (second.isEmpty()) {
                    errors.add(new FieldError(at + "category2", "datasets.field.category-unknown", Inputs.validText(category2) && category2.length() <= 40 ? category2 : "?"));
                } else if (category2.equals(category)) errors.add(new FieldError(at + "category2", "datasets.field.category2-same"));
                else if (first.isPresent()) {
                    if (first.get().options().size() * second.get().options().size() > MAX_PAIRS) {
                        errors.add(new FieldError(at + "category2", "datasets.field.category-pairs", MAX_PAIRS));
                    }
                    if (java.util.stream.Stream.concat(first.get().options().stream(), second.get().options().stream()).anyMatch(o -> o.contains("×"))) {
                        errors.add(new FieldError(at + "category2", "datasets.field.category-sign"));
                    }
                }
            }
            if (errors.size() == before) {
                out.add(new Field(code, label, type, Boolean.TRUE.equals(f.required()), type.numeric() ? strip(min) : null,
                        type.numeric() ? strip(max) : null, agg, List.copyOf(options), uom, category, category2));
            }
        }
        return out;
    }

    private static @Nullable BigDecimal strip(@Nullable BigDecimal n) {
        return n == null ? null : n.stripTrailingZeros().scale() < 0 ? n.setScale(0) : n.stripTrailingZeros();
    }

    private static List<Rule> rules(List<FieldError> errors, @Nullable List<NewRule> in, List<Field> fields) {
        if (in == null || in.isEmpty()) return List.of();
        if (in.size() > MAX_RULES) {
            errors.add(new FieldError("rules", "datasets.rules.count", MAX_RULES));
            return List.of();
        }
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            String at = "rules[" + i + "].";
            NewRule r = in.get(i);
            if (r == null) {
                errors.add(new FieldError("rules[" + i + "]", "problem.field.required"));
                continue;
            }
            String expression = text(errors, at + "expression", r.expression(), Expression.MAX_LENGTH, true);
            String message = text(errors, at + "message", r.message(), 500, true);
            if (expression == null) continue;
            try {
                Expression e = Expression.parse(expression);
                for (String code : e.fields()) {
                    Optional<Field> f = fields.stream().filter(x -> x.code().equals(code)).findFirst();
                    if (f.isEmpty()) errors.add(new FieldError(at + "expression", "datasets.rule.unknown-field", code));
                    else if (!f.get().type().numeric()) errors.add(new FieldError(at + "expression", "datasets.rule.not-numeric", code));
                    else if (f.get().disaggregated() && f.get().aggregation() != Aggregation.SUM) {
                        errors.add(new FieldError(at + "expression", "datasets.rule.category", code));
                    }
                }
            } catch (Expression.Invalid e) {
                errors.add(new FieldError(at + "expression", "datasets.rule.syntax", e.position() + 1));
            }
            if (message != null) out.add(new Rule(expression, message));
        }
        return out;
    }

    private Dataset insert(Checked c, long owner, int version) {
        Instant now = clock.instant();
        String by = policy.actor().username();
        long id;
        try {
            id = jdbc.sql("""
                    insert into datasets_dataset (code, version, title, owner_unit_id, period_type, secrecy, status, fields, rules, categories, created_by, created_at)
                    values (:code, :version, :title, :owner, :pt, :secrecy, 'DRAFT', cast(:fields as jsonb), cast(:rules as jsonb), cast(:categories as jsonb), :by, :at)
                    returning id""")
                    .param("code", c.code()).param("version", version).param("title", c.title()).param("owner", owner)
                    .param("pt", c.periodType().name()).param("secrecy", c.secrecy().rank())
                    .param("fields", json.writeValueAsString(c.fields())).param("rules", json.writeValueAsString(c.rules()))
                    .param("categories", json.writeValueAsString(c.categories())).param("by", by).param("at", Timestamp.from(now)).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new DomainException.BadInput("code", "datasets.code.taken", c.code());
        }
        audit.record("datasets.create", "dataset:" + id, AuditTrail.SUCCESS, c.code() + " v" + version + " " + c.fields().size() + " fields, "
                + c.rules().size() + " rules, " + c.categories().size() + " category lists, " + c.secrecy());
        return new Dataset(id, c.code(), version, c.title(), owner, c.periodType(), c.secrecy(), DatasetStatus.DRAFT, c.fields(), c.rules(),
                c.categories(), by, now, null);
    }

    /** Replaces a DRAFT's definition (409 once published: a change is then a new version). */
    @Transactional
    public Dataset update(long id, NewDataset n) {
        Dataset d = requireCoordinating(lock(id));
        if (d.status() != DatasetStatus.DRAFT) throw new DomainException.Conflict("datasets.frozen");
        Checked c = check(n);
        if (!c.code().equals(d.code())) throw new DomainException.BadInput("code", "datasets.code.fixed", d.code());
        jdbc.sql("""
                update datasets_dataset set title = :title, period_type = :pt, secrecy = :secrecy, fields = cast(:fields as jsonb),
                       rules = cast(:rules as jsonb), categories = cast(:categories as jsonb) where id = :id""")
                .param("title", c.title()).param("pt", c.periodType().name()).param("secrecy", c.secrecy().rank())
                .param("fields", json.writeValueAsString(c.fields())).param("rules", json.writeValueAsString(c.rules()))
                .param("categories", json.writeValueAsString(c.categories())).param("id", id).update();
        audit.record("datasets.update", "dataset:" + id, AuditTrail.SUCCESS, c.fields().size() + " fields, " + c.rules().size() + " rules");
        return find(id).orElseThrow();
    }

    /** DRAFT → PUBLISHED: the definition is frozen from now on. 409 when already published. */
    @Transactional
    public Dataset publish(long id) {
        Dataset d = requireCoordinating(lock(id));
        if (d.status() != DatasetStatus.DRAFT) throw new DomainException.Conflict("datasets.published");
        jdbc.sql("update datasets_dataset set status = 'PUBLISHED', published_at = :at where id = :id")
                .param("at", Timestamp.from(clock.instant())).param("id", id).update();
        audit.record("datasets.publish", "dataset:" + id, AuditTrail.SUCCESS, d.code() + " v" + d.version());
        return find(id).orElseThrow();
    }

    /**
     * A new version of a published data set: a DRAFT copy with the next version number, the same code and owner, for
     * changes. Earlier versions keep their assignments and submissions. 409 unless this is the latest version and published.
     */
    @Transactional
    public Dataset newVersion(long id) {
        Dataset d = requireCoordinating(lock(id));
        if (d.status() != DatasetStatus.PUBLISHED) throw new DomainException.Conflict("datasets.version.draft");
        Integer latest = jdbc.sql("select max(version) from datasets_dataset where code = ?").param(d.code()).query(Integer.class).single();
        if (latest != null && latest != d.version()) throw new DomainException.Conflict("datasets.version.not-latest", latest);
        return insert(new Checked(d.code(), d.title(), d.periodType(), d.secrecy(), d.fields(), d.rules(), d.categories()), d.ownerUnitId(),
                d.version() + 1);
    }

    // ---------------------------------------------------------------- reading

    /** How many data sets exist (every version), for bookkeeping such as the demo loader. */
    public long count() {
        return jdbc.sql("select count(*) from datasets_dataset").query(Long.class).single();
    }

    /** The data set, to a reader allowed it; 404 to anyone else, exactly as if it did not exist. */
    public Dataset get(long id) {
        return requireReadable(id);
    }

    /** The data sets the current person may read, newest first. */
    public List<Dataset> list(int limit) {
        Visibility v = policy.visibility(DatasetRoles.READER);
        if (v.nothing()) return List.of();
        SqlFilter owner = v.where("d.owner_unit_id", "d.secrecy");
        SqlFilter assigned = v.where("a.unit_id", null);
        var spec = jdbc.sql("select " + COLUMNS + " from datasets_dataset d where (" + owner.sql()
                + " or (d.secrecy <= :acl_level and exists (select 1 from datasets_assignment a where a.dataset_id = d.id and " + assigned.sql()
                + "))) order by d.created_at desc, d.id desc limit :limit");
        spec = owner.bind(spec);
        spec = assigned.bind(spec);
        List<Dataset> out = spec.param("acl_level", v.maxSecrecy().rank()).param("limit", Math.clamp(limit, 1, 1000)).query(this::map).list();
        out.stream().map(Dataset::secrecy).filter(SecrecyLevel::isClassified).max(SecrecyLevel::compareTo).ifPresent(level ->
                audit.recordSeparately("classified.read", "datasets:list", AuditTrail.SUCCESS, "data sets up to " + level));
        return out;
    }

    /** 404 unless the current person reads the data set (see the class comment). A classified read is audited. */
    Dataset requireReadable(long id) {
        Dataset d = find(id).orElseThrow(() -> new DomainException.NotFound("dataset", id));
        Visibility v = policy.visibility(DatasetRoles.READER);
        boolean readable = d.secrecy().rank() <= v.maxSecrecy().rank() && (v.coversUnitPath(d.ownerUnitId(), hierarchy.pathOf(d.ownerUnitId()).orElse("-"))
                || assignedWithin(id, v));
        if (!readable) throw new DomainException.NotFound("dataset", id);
        if (d.secrecy().isClassified()) audit.recordSeparately("classified.read", "dataset:" + id, AuditTrail.SUCCESS, d.secrecy().name());
        return d;
    }

    private boolean assignedWithin(long id, Visibility v) {
        if (v.nothing()) return false;
        SqlFilter f = v.where("a.unit_id", null);
        return f.bind(jdbc.sql("select exists (select 1 from datasets_assignment a where a.dataset_id = :id and " + f.sql() + ")"))
                .param("id", id).query(Boolean.class).single();
    }

    /** Readable (else 404), then a coordinator on the owner unit (else 403). */
    Dataset requireCoordinating(Dataset locked) {
        Dataset d = requireReadable(locked.id());
        policy.require(DatasetRoles.COORDINATOR, d.asProtected());
        return d;
    }

    private Dataset lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from datasets_dataset d where d.id = ? for update").param(id).query(this::map).optional()
                .orElseThrow(() -> new DomainException.NotFound("dataset", id));
    }

    Optional<Dataset> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from datasets_dataset d where d.id = ?").param(id).query(this::map).optional();
    }

    private static final String COLUMNS = """
            d.id, d.code, d.version, d.title, d.owner_unit_id, d.period_type, d.secrecy, d.status, d.fields::text, d.rules::text,
            d.created_by, d.created_at, d.published_at, d.categories::text""";

    private Dataset map(ResultSet rs, int n) throws SQLException {
        Timestamp published = rs.getTimestamp(13);
        return new Dataset(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5), PeriodType.valueOf(rs.getString(6)),
                SecrecyLevel.ofRank(rs.getInt(7)), DatasetStatus.valueOf(rs.getString(8)),
                json.readValue(rs.getString(9), new TypeReference<List<Field>>() {}), json.readValue(rs.getString(10), new TypeReference<List<Rule>>() {}),
                json.readValue(rs.getString(14), new TypeReference<List<Category>>() {}),
                rs.getString(11), rs.getTimestamp(12).toInstant(), published == null ? null : published.toInstant());
    }

    // ---------------------------------------------------------------- assignments

    /**
     * Assigns the published data set to the listed units for a period with a deadline (yyyy-MM-dd, the end of that day
     * in Asia/Ho_Chi_Minh): every unit explicitly, each below the owner unit and covered by the coordinator's grant.
     * Assigning a unit again moves its deadline. Answers how many units the request assigned. All or nothing.
     */
    @Transactional
    public int assign(long id, @Nullable List<String> unitIds, @Nullable String periodText, @Nullable String deadlineText) {
        Dataset d = requireCoordinating(lock(id));
        if (d.status() != DatasetStatus.PUBLISHED) throw new DomainException.Conflict("datasets.not-published");
        List<FieldError> errors = new ArrayList<>();
        String period = null;
        try {
            period = d.periodType().parse("period", periodText);
        } catch (DomainException.BadInput e) {
            errors.addAll(e.errors());
        }
        LocalDate deadline = null;
        if (deadlineText == null || deadlineText.isBlank()) errors.add(new FieldError("deadline", "problem.field.required"));
        else {
            try {
                deadline = LocalDate.parse(deadlineText.strip());
                if (deadline.getYear() < 2000 || deadline.getYear() > 2100) throw new DateTimeParseException("year", deadlineText, 0);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("deadline", "datasets.deadline.format"));
            }
        }
        List<Long> ids = new ArrayList<>();
        if (unitIds == null || unitIds.isEmpty()) errors.add(new FieldError("unitIds", "problem.field.required"));
        else if (unitIds.size() > MAX_ASSIGNED) errors.add(new FieldError("unitIds", "datasets.assign.count", MAX_ASSIGNED));
        else {
            for (int i = 0; i < unitIds.size(); i++) {
                try {
                    ids.add(Ids.parse("unitIds[" + i + "]", unitIds.get(i)));
                } catch (DomainException.BadInput e) {
                    errors.addAll(e.errors());
                    ids.add(-1L);
                }
            }
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        String ownerPath = hierarchy.pathOf(d.ownerUnitId()).orElseThrow();
        Map<Long, String> paths = hierarchy.pathsOf(ids);
        Set<Long> known = units.named(ids).keySet();
        Visibility coordinator = policy.visibility(DatasetRoles.COORDINATOR);
        Set<Long> distinct = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            long u = ids.get(i);
            String path = paths.get(u);
            if (path == null || !known.contains(u)) errors.add(new FieldError("unitIds[" + i + "]", "problem.unit.unknown", Long.toString(u)));
            else if (!path.startsWith(ownerPath)) errors.add(new FieldError("unitIds[" + i + "]", "datasets.assign.outside"));
            else if (!coordinator.coversUnitPath(u, path)) errors.add(new FieldError("unitIds[" + i + "]", "datasets.assign.not-covered"));
            else distinct.add(u);
        }
        if (!errors.isEmpty()) throw new DomainException.BadInput(errors);
        Instant now = clock.instant();
        String by = policy.actor().username();
        int n = jdbc.sql("""
                insert into datasets_assignment (dataset_id, period, unit_id, deadline, assigned_by, assigned_at)
                select :id, :period, u, :deadline, :by, :at from unnest(:units::bigint[]) u
                on conflict (dataset_id, period, unit_id) do update set deadline = excluded.deadline""")
                .param("id", id).param("period", period).param("deadline", deadline).param("by", by).param("at", Timestamp.from(now))
                .param("units", distinct.toArray(Long[]::new)).update();
        audit.record("datasets.assign", "dataset:" + id, AuditTrail.SUCCESS, period + ": " + n + " units, deadline " + deadline);
        return n;
    }

    /** The assignments of a period that the current person may see (units his grants cover), with their submissions. */
    public List<AssignedUnit> assignments(long id, @Nullable String periodText) {
        Dataset d = requireReadable(id);
        String period = periodText == null || periodText.isBlank() ? null : d.periodType().parse("period", periodText);
        Visibility v = policy.visibility(DatasetRoles.READER);
        SqlFilter f = v.where("a.unit_id", null);
        var spec = f.bind(jdbc.sql("""
                select a.dataset_id, a.period, a.unit_id, a.deadline, s.revision, s.submitted_at, s.on_time
                from datasets_assignment a
                left join datasets_submission s on s.dataset_id = a.dataset_id and s.period = a.period and s.unit_id = a.unit_id
                where a.dataset_id = :id""" + (period == null ? "" : " and a.period = :period") + " and " + f.sql()
                + " order by a.period desc, a.unit_id limit 5000")).param("id", id);
        if (period != null) spec = spec.param("period", period);
        return spec.query((rs, n) -> {
            Timestamp at = rs.getTimestamp(6);
            return new AssignedUnit(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, LocalDate.class), (Integer) rs.getObject(5),
                    at == null ? null : at.toInstant(), (Boolean) rs.getObject(7));
        }).list();
    }
}
