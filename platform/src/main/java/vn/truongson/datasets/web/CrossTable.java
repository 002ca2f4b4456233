package vn.truongson.datasets.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.Rollup;

/**
 * A field broken down by two category lists, rolled up as a cross table (phân tổ chéo): the first list's options as
 * rows, the second's as columns, each cell the pair's aggregate. The margins are the rows' and columns' aggregates of
 * the cells by the field's rule (sum, least, greatest); for an average they cannot be made from the cells' averages and
 * are left empty, the grand total being the field's value as the roll-up answers it (every value entered averaged).
 */
record CrossTable(Field field, String rowTitle, String columnTitle, List<String> rows, List<String> columns, List<List<@Nullable Object>> cells,
        List<@Nullable Object> rowTotals, List<@Nullable Object> columnTotals, @Nullable Object total) {

    static List<CrossTable> of(Dataset d, Rollup r) {
        List<CrossTable> out = new ArrayList<>();
        for (Field f : d.fields()) {
            if (!f.crossed() || f.aggregation() == Aggregation.NONE) continue;
            Map<String, @Nullable Object> parts = r.categories().getOrDefault(f.code(), Map.of());
            List<String> rows = d.categoryOptions(f.category());
            List<String> cols = d.categoryOptions(f.category2());
            List<List<@Nullable Object>> cells = new ArrayList<>();
            for (String row : rows) {
                List<@Nullable Object> line = new ArrayList<>();
                for (String col : cols) line.add(parts.get(row + Field.PAIR + col));
                cells.add(line);
            }
            List<@Nullable Object> rowTotals = new ArrayList<>();
            for (List<@Nullable Object> line : cells) rowTotals.add(margin(f, line));
            List<@Nullable Object> colTotals = new ArrayList<>();
            for (int c = 0; c < cols.size(); c++) {
                int k = c;
                colTotals.add(margin(f, cells.stream().map(l -> l.get(k)).toList()));
            }
            out.add(new CrossTable(f, d.categoryLabel(Objects.requireNonNull(f.category())), d.categoryLabel(Objects.requireNonNull(f.category2())), rows,
                    cols, cells, rowTotals, colTotals, r.values().get(f.code())));
        }
        return out;
    }

    private static @Nullable Object margin(Field f, List<@Nullable Object> cells) {
        List<BigDecimal> present = cells.stream().filter(BigDecimal.class::isInstance).map(BigDecimal.class::cast).toList();
        if (present.isEmpty()) return null;
        return switch (f.aggregation()) {
            case SUM -> present.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            case MIN -> present.stream().min(BigDecimal::compareTo).orElseThrow();
            case MAX -> present.stream().max(BigDecimal::compareTo).orElseThrow();
            default -> null;
        };
    }
}
