package vn.truongson.datasets.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.Ids;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.Datasets;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.Rollup;
import vn.truongson.datasets.Rule;
import vn.truongson.datasets.Submissions;

/** The API's JSON shapes: identifiers as strings, instants with the Việt Nam offset (API.md). */
final class DatasetViews {

    private DatasetViews() {}

    static String instant(Instant i) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atZone(Submissions.ZONE_ID).toOffsetDateTime());
    }

    static @Nullable String instant(@Nullable Instant i, boolean nullable) {
        return i == null ? null : instant(i);
    }

    record FieldView(String code, String label, String type, boolean required, @Nullable BigDecimal min, @Nullable BigDecimal max,
            String aggregation, List<String> options, @Nullable String unitOfMeasure, @Nullable String category, @Nullable String category2) {
        static FieldView of(Field f) {
            return new FieldView(f.code(), f.label(), f.type().name(), f.required(), f.min(), f.max(), f.aggregation().name(), f.options(),
                    f.unitOfMeasure(), f.category(), f.category2());
        }
    }

    record DatasetView(String id, String code, int version, String title, String ownerUnitId, String periodType, String secrecy, String status,
            List<FieldView> fields, List<Rule> rules, List<vn.truongson.datasets.Category> categories, String createdBy, String createdAt,
            @Nullable String publishedAt) {
        static DatasetView of(Dataset d) {
            return new DatasetView(Ids.str(d.id()), d.code(), d.version(), d.title(), Ids.str(d.ownerUnitId()), d.periodType().name(),
                    d.secrecy().name(), d.status().name(), d.fields().stream().map(FieldView::of).toList(), d.rules(), d.categories(), d.createdBy(),
                    instant(d.createdAt()), instant(d.publishedAt(), true));
        }
    }

    record AssignedView(String unitId, String period, String deadline, @Nullable Integer revision, @Nullable String submittedAt,
            @Nullable Boolean onTime) {
        static AssignedView of(Datasets.AssignedUnit a) {
            return new AssignedView(Ids.str(a.unitId()), a.period(), a.deadline().toString(), a.revision(), instant(a.submittedAt(), true), a.onTime());
        }
    }

    record SubmittedView(String submittedAt, boolean onTime, int revision) {
        static SubmittedView of(Submissions.Submitted s) {
            return new SubmittedView(instant(s.submittedAt()), s.onTime(), s.revision());
        }
    }

    record ImportView(String datasetId, String period, int submitted, List<ImportedRow> rows) {
        record ImportedRow(int row, String unitId, String unitCode, int revision, boolean onTime, String submittedAt) {}

        static ImportView of(vn.truongson.datasets.SubmissionImport.Result r) {
            return new ImportView(Long.toString(r.datasetId()), r.period(), r.rows().size(), r.rows().stream()
                    .map(i -> new ImportedRow(i.row(), Long.toString(i.unitId()), i.unitCode(), i.revision(), i.onTime(), instant(i.submittedAt()))).toList());
        }
    }

    record EntryView(String unitId, String period, int revision, Map<String, Object> values, String submittedAt, String submittedBy, boolean onTime) {
        static EntryView of(Submissions.Entry e) {
            return new EntryView(Ids.str(e.unitId()), e.period(), e.revision(), e.values(), instant(e.submittedAt()), e.submittedBy(), e.onTime());
        }
    }

    record RollupView(String datasetId, String period, String unitId, long expected, long received, long onTime, double completeness,
            double timeliness, Map<String, @Nullable Object> values, List<String> missing, Map<String, Map<String, @Nullable Object>> categories) {
        static RollupView of(Rollup r) {
            return new RollupView(Ids.str(r.datasetId()), r.period(), Ids.str(r.unitId()), r.expected(), r.received(), r.onTime(), r.completeness(),
                    r.timeliness(), r.values(), r.missing().stream().map(Ids::str).toList(), r.categories());
        }
    }
}
