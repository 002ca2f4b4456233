package vn.truongson.datasets;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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

    Rollups(JdbcClient jdbc, Datasets datasets, Submissions submissions, AccessPolicy policy, UnitHierarchy hierarchy, JsonMapper json) {
        this.jdbc = jdbc;
        this.datasets = datasets;
        this.submissions = submissions;
        this.policy = policy;
        this.hierarchy = hierarchy;
        this.json = json;
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

    /** One statement: counts, missing units, and one aggregate per field, each by its rule. */
    @Transactional(readOnly = true)
    public Rollup rollup(Scope s) {
        Dataset d = s.dataset();
        List<Field> fields = d.fields().stream().filter(f -> f.aggregation() != Aggregation.NONE).toList();
        StringBuilder sql = new StringBuilder("""
                with a as materialized (
                    select a.unit_id, s.values, s.unit_id is not null as received, coalesce(s.on_time, false) as on_time
                    from datasets_assignment a
                    left join datasets_submission s on s.dataset_id = a.dataset_id and s.period = a.period and s.unit_id = a.unit_id
                    where a.dataset_id = :d and a.period = :p and\s""").append(s.subtreeSql()).append(" and ").append(s.acl().sql()).append("""
                )
                select count(*) as expected, count(*) filter (where received) as received, count(*) filter (where on_time) as on_time,
                       coalesce(jsonb_agg(unit_id order by unit_id) filter (where not received), '[]'::jsonb)::text as missing,
                       """);
        if (fields.isEmpty()) sql.append("'{}'::jsonb::text");
        else {
            sql.append("(");
            // jsonb_build_object takes at most 100 arguments: 40 fields to a call, the calls concatenated.
            for (int chunk = 0; chunk < fields.size(); chunk += 40) {
                if (chunk > 0) sql.append(" || ");
                sql.append("jsonb_build_object(");
                for (int i = chunk; i < Math.min(fields.size(), chunk + 40); i++) {
                    if (i > chunk) sql.append(", ");
                    sql.append(":k").append(i).append("::text, ").append(aggregate(fields.get(i), ":k" + i + "::text"));
                }
                sql.append(")");
            }
            sql.append(")::text");
        }
        sql.append(" as agg from a");
        var spec = s.acl().bind(jdbc.sql(sql.toString())).param("d", d.id()).param("p", s.period()).param("scope_units", s.subtreeUnits());
        for (int i = 0; i < fields.size(); i++) spec = spec.param("k" + i, fields.get(i).code());
        return spec.query((rs, n) -> {
            long expected = rs.getLong("expected");
            long received = rs.getLong("received");
            long onTime = rs.getLong("on_time");
            List<Long> missing = new ArrayList<>();
            for (JsonNode m : json.readTree(rs.getString("missing"))) missing.add(m.asLong());
            JsonNode agg = json.readTree(rs.getString("agg"));
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (Field f : fields) {
                JsonNode v = agg.get(f.code());
                if (v == null || v.isNull()) values.put(f.code(), null);
                else if (v.isNumber()) values.put(f.code(), new BigDecimal(v.asString()));
                else values.put(f.code(), v.asString());
            }
            return new Rollup(d.id(), s.period(), s.unitId(), expected, received, onTime, ratio(received, expected), ratio(onTime, expected), values, missing);
        }).single();
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    /** The field's aggregate over the rows of {@code a}; the key is a bound parameter, never spliced. */
    private static String aggregate(Field f, String key) {
        String num = "(case when jsonb_typeof(values -> " + key + ") = 'number' then (values -> " + key + ")::numeric end)";
        if (f.type() == FieldType.DATE) {
            String date = "(case when (values ->> " + key + ") ~ '^\\d{4}-\\d{2}-\\d{2}$' then (values ->> " + key + ")::date end)";
            return (f.aggregation() == Aggregation.MIN ? "min" : "max") + "(" + date + ")::text";
        }
        return switch (f.aggregation()) {
            case SUM -> "sum(" + num + ")";
            case AVERAGE -> "round(avg(" + num + "), 6)";
            case MIN -> "min(" + num + ")";
            case MAX -> "max(" + num + ")";
            case COUNT_YES -> "count(*) filter (where values -> " + key + " = 'true'::jsonb)";
            case NONE -> "null";
        };
    }
}
