package vn.truongson.training;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-only training figures for coverage, asked by this module's own coverage and by secops' IT adoption (the Modulith
 * rule: no module reads another's tables). No policy check: the caller has already decided the person may see the unit.
 * An official is <em>trained</em> in a topic over a span when he attended a class of a course of that topic whose last
 * day lies in the span, and passed it (result PASSED). docs/training.md.
 */
@Component
public class TrainingFigures {

    /** One topic's coverage: {@code trained} of {@code officials}; {@code share} in percent with one decimal, null for no officials. */
    public record Coverage(Topic topic, long trained, long officials, @Nullable Double share) {}

    private final JdbcClient jdbc;

    TrainingFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The officials trained in each covered topic by classes ending between {@code from} and {@code to} (both included). */
    public Map<Topic, Set<Long>> trained(LocalDate from, LocalDate to) {
        Map<Topic, Set<Long>> out = new EnumMap<>(Topic.class);
        for (Topic t : Topic.COVERED) out.put(t, new HashSet<>());
        jdbc.sql("""
                select distinct c.topic, p.official_id from training_participant p join training_class k on k.id = p.class_id
                join training_course c on c.id = k.course_id
                where p.attended and p.result = 'PASSED' and k.end_date between ? and ? and c.topic <> 'OTHER'""")
                .params(from, to).query(rs -> {
                    out.get(Topic.valueOf(rs.getString(1))).add(rs.getLong(2));
                });
        return out;
    }

    /** Coverage of a set of active officials (a unit's subtree), topic by topic in {@link Topic#COVERED} order. */
    public static List<Coverage> coverage(Set<Long> activeOfficials, Map<Topic, Set<Long>> trained) {
        List<Coverage> out = new ArrayList<>();
        for (Topic t : Topic.COVERED) {
            long n = activeOfficials.stream().filter(trained.getOrDefault(t, Set.of())::contains).count();
            long all = activeOfficials.size();
            out.add(new Coverage(t, n, all, all == 0 ? null : Math.round(n * 1000.0 / all) / 10.0));
        }
        return out;
    }
}
