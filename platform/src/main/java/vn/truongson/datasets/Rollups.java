package vn.truongson.datasets;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.access.UnitHierarchy;
import vn.truongson.access.Visibility;
import vn.truongson.core.DomainException;

/**
 * The roll-up of a period over a unit's subtree, computed by PostgreSQL in one statement from the submissions as they
 * stand: nothing is precomputed, so a submission counts the moment it commits. Only the units the reader's grants cover
 * are counted: a reader sees his own subtree, never his neighbour's.
 */
@Service
public class Rollups {

    /** The roll-up's scope: the data set, the period, the unit whose subtree is rolled up and its path. */
    public record Scope(Dataset dataset, String period, long unitId, String path, SqlFilter acl, String subtreeSql, Long[] subtreeUnits) {}

    private final JdbcClient jdbc;
    private final Datasets datasets;
    private final Submissions submissions;
    private final AccessPolicy policy;
    private final UnitHierarchy hierarchy;
    private final JsonMapper json;
    private final TransactionTemplate nested;

    Rollups(JdbcClient jdbc, Datasets datasets, Submissions submissions, AccessPolicy policy, UnitHierarchy hierarchy, JsonMapper json,
            PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.datasets = datasets;
        this.submissions = submissions;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.json = json;
        // A savepoint within the caller's transaction: a failed typed read leaves the transaction usable.
        this.nested = new TransactionTemplate(txm);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.nested.setReadOnly(true);
    }

    /**
     * The scope, or: 404 when the data set is not readable (or missing), 400 for a malformed period, 403 when the unit
     * is not covered by a reader's grant or does not exist (the same answer, so the refusal tells nothing). Without a
     * unit, the owner unit.
     */
    public Scope scope(long datasetId, @Nullable String periodText, @Nullable Long unitId) {
        Dataset d = datasets.requireReadable(datasetId);
        String period = d.periodType().parse("period", periodText);
        long unit = unitId == null ? d.ownerUnitId() : unitId;
        Visibility v = policy.visibility(DatasetRoles.READER);
        Optional<String> path = hierarchy.pathOf(unit);
        if (path.isEmpty() || !v.coversUnitPath(unit, path.get())) throw new DomainException.Forbidden("problem.forbidden");
        return new Scope(d, period, unit, path.get(), v.where("a.unit_id", null), UnitHierarchy.unitIn("a.unit_id", "scope_units"), hierarchy.unitsWithin(path.get()));
    }

    @Transactional(readOnly = true)
    public Rollup rollup(long datasetId, @Nullable String periodText, @Nullable Long unitId) {
        return rollup(scope(datasetId, periodText, unitId));
    }

    /** At most this many periods are compared at once. */
    public static final int MAX_COMPARED = 12;

    /**
     * The roll-ups of several periods over one subtree, oldest first: the same statement per period, in one read-only
     * transaction. Without periods, the latest {@value #MAX_COMPARED} periods the data set is assigned for. 400 naming
     * {@code periods[i]} for a malformed one, {@code periods} for too many; the refusals of {@link #scope} otherwise.
     */
    @Transactional(readOnly = true)
    public List<Rollup> compare(long datasetId, @Nullable List<String> periodTexts, @Nullable Long unitId) {
        Dataset d = datasets.requireReadable(datasetId);
        List<String> periods = new ArrayList<>();
        if (periodTexts == null || periodTexts.isEmpty()) {
            periods.addAll(jdbc.sql("select distinct period from datasets_assignment where dataset_id = ? order by period desc limit " + MAX_COMPARED)
                    .param(datasetId).query(String.class).list().reversed());
        } else {
            if (periodTexts.size() > MAX_COMPARED) throw new DomainException.BadInput("periods", "datasets.compare.count", MAX_COMPARED);
            for (int i = 0; i < periodTexts.size(); i++) {
                String p = d.periodType().parse("periods[" + i + "]", periodTexts.get(i));
                if (!periods.contains(p)) periods.add(p);
            }
            periods.sort(null);
        }
        if (periods.isEmpty()) return List.of();
        Scope first = scope(datasetId, periods.getFirst(), unitId);
        List<Rollup> out = new ArrayList<>();
        for (String p : periods) out.add(rollup(new Scope(first.dataset(), p, first.unitId(), first.path(), first.acl(), first.subtreeSql(), first.subtreeUnits())));
        return out;
    }

    /** The current submissions behind a roll-up, unit by unit (the drill-down and the raw export). */
    @Transactional(readOnly = true)
    public List<Submissions.Entry> entries(Scope s) {
        return submissions.current(s.dataset().id(), s.period(), s.subtreeUnits(), s.acl(), s.subtreeSql());
    }

    /** The units assigned for the period within the scope and the reader's grants, in id order. */
    @Transactional(readOnly = true)
    public List<Long> assignedUnits(Scope s) {
        return s.acl().bind(jdbc.sql("select a.unit_id from datasets_assignment a where a.dataset_id = :d and a.period = :p and "
                        + s.subtreeSql() + " and " + s.acl().sql() + " order by a.unit_id"))
                .param("d", s.dataset().id()).param("p", s.period()).param("scope_units", s.subtreeUnits()).query(Long.class).list();
    }

    /**
     * One statement: counts, missing units, and one aggregate per field, each by its rule. Each submission's values are
     * read once, into typed columns ({@code jsonb_to_record}), instead of once per field: a data set of 50 fields read
     * each value twice per field before (type test, then cast), 4.5× the hand-written SQL (docs/datasets.md, Measured).
     * The values were checked against the fields when they were submitted; a value stored otherwise (by hand, out of
     * band) makes the typed read fail, and the roll-up is then computed by the guarded statement, which ignores it.
     */
    @Transactional(readOnly = true)
    public Rollup rollup(Scope s) {
        List<Field> fields = s.dataset().fields().stream().filter(f -> f.aggregation() != Aggregation.NONE).toList();
        try {
            return Objects.requireNonNull(nested.execute(t -> rollup(s, fields, true)));
        } catch (DataAccessException e) {
            if (!dataException(e)) throw e;
            return rollup(s, fields, false);
        }
    }

    /** SQL state class 22 (data exception): a stored value that does not read as its field's type. */
    private static boolean dataException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q && q.getSQLState() != null && q.getSQLState().startsWith("22")) return true;
        }
        return false;
    }

    private Rollup rollup(Scope s, List<Field> fields, boolean typed) {
        Dataset d = s.dataset();
        // The aggregates, as (key, expression) pairs: a field by its code; a field broken down by a category list by
        // "code:j" per option j (a code holds no colon), with "code:j:s" and "code:j:n" (sum and count) for an average.
        List<String> keys = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        for (Field f : fields) {
            if (!f.disaggregated()) {
                expressions.add(typed ? typedAggregate(f, "v." + column(f)) : aggregate(f, ":k" + keys.size() + "::text"));
                keys.add(f.code());
                continue;
            }
            int fieldKey = keys.size();
            keys.add(f.code());
            expressions.add("null");
            List<String> options = d.options(f);
            for (int j = 0; j < options.size(); j++) {
                int optionKey = keys.size() + 1;
                String value = typed ? "(v." + column(f) + " ->> :k" + optionKey + "::text)::numeric"
                        : "(case when jsonb_typeof(s.values -> :k" + fieldKey + "::text -> :k" + optionKey + "::text) = 'number' then (s.values -> :k"
                                + fieldKey + "::text -> :k" + optionKey + "::text)::numeric end)";
                keys.add(f.code() + ":" + j);
                expressions.add(numericAggregate(f.aggregation(), value));
                // The option's key, bound as its own parameter (the option's text, read from the stored value).
                keys.add(options.get(j));
                expressions.add(null);
                if (f.aggregation() == Aggregation.AVERAGE) {
                    keys.add(f.code() + ":" + j + ":s");
                    expressions.add("sum(" + value + ")");
                    keys.add(f.code() + ":" + j + ":n");
                    expressions.add("count(" + value + ")");
                }
            }
        }
        StringBuilder sql = new StringBuilder("""
                select count(*) as expected, count(s.unit_id) as received, count(*) filter (where s.on_time) as on_time,
                       coalesce(jsonb_agg(a.unit_id order by a.unit_id) filter (where s.unit_id is null), '[]'::jsonb)::text as missing,
                       """);
        List<Integer> pairs = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) if (expressions.get(i) != null && !"null".equals(expressions.get(i))) pairs.add(i);
        if (pairs.isEmpty()) sql.append("'{}'::jsonb::text");
        else {
            sql.append("(");
            // jsonb_build_object takes at most 100 arguments: 40 pairs to a call, the calls concatenated.
            for (int chunk = 0; chunk < pairs.size(); chunk += 40) {
                if (chunk > 0) sql.append(" || ");
                sql.append("jsonb_build_object(");
                for (int x = chunk; x < Math.min(pairs.size(), chunk + 40); x++) {
                    if (x > chunk) sql.append(", ");
                    int i = pairs.get(x);
                    sql.append(":k").append(i).append("::text, ").append(expressions.get(i));
                }
                sql.append(")");
            }
            sql.append(")::text");
        }
        sql.append("""
                 as agg
                from datasets_assignment a
                left join datasets_submission s on s.dataset_id = a.dataset_id and s.period = a.period and s.unit_id = a.unit_id
                """);
        if (typed && !fields.isEmpty()) {
            sql.append("left join lateral jsonb_to_record(s.values) as v(");
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                if (i > 0) sql.append(", ");
                sql.append(column(f)).append(' ').append(f.disaggregated() ? "jsonb" : switch (f.type()) {
                    case YES_NO -> "boolean";
                    case DATE -> "text";
                    default -> "numeric";
                });
            }
            sql.append(") on true\n");
        }
        sql.append("where a.dataset_id = :d and a.period = :p and ").append(s.subtreeSql()).append(" and ").append(s.acl().sql());
        String statement = sql.toString();
        var spec = s.acl().bind(jdbc.sql(statement)).param("d", d.id()).param("p", s.period()).param("scope_units", s.subtreeUnits());
        for (int i = 0; i < keys.size(); i++) if (statement.contains(":k" + i + "::")) spec = spec.param("k" + i, keys.get(i));
        return spec.query((rs, n) -> {
            long expected = rs.getLong("expected");
            long received = rs.getLong("received");
            long onTime = rs.getLong("on_time");
            List<Long> missing = new ArrayList<>();
            for (JsonNode m : json.readTree(rs.getString("missing"))) missing.add(m.asLong());
            JsonNode agg = json.readTree(rs.getString("agg"));
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            Map<String, Map<String, @Nullable Object>> categories = new LinkedHashMap<>();
            for (Field f : fields) {
                if (f.disaggregated()) {
                    Map<String, @Nullable Object> parts = new LinkedHashMap<>();
                    List<String> options = d.options(f);
                    for (int j = 0; j < options.size(); j++) parts.put(options.get(j), read(agg.get(f.code() + ":" + j)));
                    categories.put(f.code(), parts);
                    values.put(f.code(), total(f, options.size(), parts, agg));
                    continue;
                }
                values.put(f.code(), read(agg.get(f.code())));
            }
            return new Rollup(d.id(), s.period(), s.unitId(), expected, received, onTime, ratio(received, expected), ratio(onTime, expected), values,
                    missing, categories);
        }).single();
    }

    private static @Nullable Object read(@Nullable JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return new BigDecimal(v.asString());
        return v.asString();
    }

    /**
     * The total of a field broken down by a category list, from its options' aggregates: the sum of the sums, the least
     * of the minima, the greatest of the maxima, or every value entered averaged (the options' sums over their counts).
     */
    private static @Nullable BigDecimal total(Field f, int options, Map<String, @Nullable Object> parts, JsonNode agg) {
        List<BigDecimal> present = parts.values().stream().filter(BigDecimal.class::isInstance).map(BigDecimal.class::cast).toList();
        if (present.isEmpty()) return null;
        return switch (f.aggregation()) {
            case SUM -> present.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case MIN -> present.stream().min(BigDecimal::compareTo).orElseThrow();
            case MAX -> present.stream().max(BigDecimal::compareTo).orElseThrow();
            case AVERAGE -> {
                BigDecimal sum = BigDecimal.ZERO;
                long count = 0;
                for (int j = 0; j < options; j++) {
                    JsonNode sj = agg.get(f.code() + ":" + j + ":s");
                    JsonNode nj = agg.get(f.code() + ":" + j + ":n");
                    if (sj != null && sj.isNumber()) sum = sum.add(new BigDecimal(sj.asString()));
                    if (nj != null && nj.isNumber()) count += nj.asLong();
                }
                yield count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 6, java.math.RoundingMode.HALF_UP);
            }
            default -> null;
        };
    }

    private static String numericAggregate(Aggregation a, String value) {
        return switch (a) {
            case SUM -> "sum(" + value + ")";
            case AVERAGE -> "round(avg(" + value + "), 6)";
            case MIN -> "min(" + value + ")";
            case MAX -> "max(" + value + ")";
            default -> "null";
        };
    }

    /**
     * The record column of a field: its code, quoted, since {@code jsonb_to_record} matches keys to column names. The
     * code was checked against {@link Datasets#FIELD_CODE} when the data set was defined (letters, digits, underscore);
     * it is checked again here, as it is the one name written into the statement.
     */
    private static String column(Field f) {
        if (!Datasets.FIELD_CODE.matcher(f.code()).matches()) throw new IllegalStateException("field code " + f.code());
        return "\"" + f.code() + "\"";
    }

    /** The field's aggregate over the typed column {@code c}. */
    private static String typedAggregate(Field f, String c) {
        if (f.type() == FieldType.DATE) {
            String date = "(case when " + c + " ~ '^\\d{4}-\\d{2}-\\d{2}$' then " + c + "::date end)";
            return (f.aggregation() == Aggregation.MIN ? "min" : "max") + "(" + date + ")::text";
        }
        return switch (f.aggregation()) {
            case SUM -> "sum(" + c + ")";
            case AVERAGE -> "round(avg(" + c + "), 6)";
            case MIN -> "min(" + c + ")";
            case MAX -> "max(" + c + ")";
            case COUNT_YES -> "count(*) filter (where " + c + ")";
            case NONE -> "null";
        };
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    /** The guarded aggregate: the field's value read by its key (a bound parameter) and used only if of its type. */
    private static String aggregate(Field f, String key) {
        String num = "(case when jsonb_typeof(s.values -> " + key + ") = 'number' then (s.values -> " + key + ")::numeric end)";
        if (f.type() == FieldType.DATE) {
            String date = "(case when (s.values ->> " + key + ") ~ '^\\d{4}-\\d{2}-\\d{2}$' then (s.values ->> " + key + ")::date end)";
            return (f.aggregation() == Aggregation.MIN ? "min" : "max") + "(" + date + ")::text";
        }
        return switch (f.aggregation()) {
            case SUM -> "sum(" + num + ")";
            case AVERAGE -> "round(avg(" + num + "), 6)";
            case MIN -> "min(" + num + ")";
            case MAX -> "max(" + num + ")";
            case COUNT_YES -> "count(*) filter (where s.values -> " + key + " = 'true'::jsonb)";
            case NONE -> "null";
        };
    }
}
