package vn.truongson.datasets;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A period's roll-up over a unit's subtree (API.md "Data collection"): how many units were expected (assigned, and
 * within the reader's grants), how many submitted, how many on time, completeness = received / expected, each field
 * aggregated by its rule over the submissions, and the units that have not submitted. A field broken down by a category list is
 * also aggregated per option ({@code categories}: code → option → aggregate); its value is then the total.
 */
public record Rollup(long datasetId, String period, long unitId, long expected, long received, long onTime, double completeness,
        double timeliness, Map<String, @Nullable Object> values, List<Long> missing,
        Map<String, Map<String, @Nullable Object>> categories) {}
