package vn.truongson.datasets.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.datasets.Aggregation;
import vn.truongson.datasets.Dataset;
import vn.truongson.datasets.Field;
import vn.truongson.datasets.PeriodType;
import vn.truongson.datasets.Rollup;
import vn.truongson.org.Unit;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.Decree30Document.Align;
import vn.truongson.paper.Decree30Document.Block;
import vn.truongson.paper.Decree30Document.Column;
import vn.truongson.paper.Decree30Document.Paragraph;
import vn.truongson.paper.Decree30Document.Section;
import vn.truongson.paper.Decree30Document.Signature;
import vn.truongson.paper.Decree30Document.Table;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.Figures;
import vn.truongson.paper.PlaceAndDate;

/**
 * A data set's roll-up as a Báo cáo tổng hợp (Decree 30, type BC) for Word and PDF, like programme's compilation: a
 * draft for the commander of the rolled-up unit to sign, number and signer's name left for the clerk. Made from the
 * same {@link Rollup} as the JSON and the workbook, so it says neither more nor otherwise.
 */
final class RollupDocument {

    private RollupDocument() {}

    static Decree30Document of(Dataset d, Rollup r, @Nullable Unit issuer, @Nullable Unit parent, Map<Long, Unit> named, String place, LocalDate today) {
        String issuerName = issuer == null ? "Đơn vị" : issuer.name();
        String period = PeriodType.label(r.period());
        String subject = "Tổng hợp số liệu " + lowerFirst(d.title()) + (d.periodType() == PeriodType.ONCE ? "" : " kỳ " + period);
        if (subject.length() > Decree30Document.MAX_SUBJECT) subject = subject.substring(0, Decree30Document.MAX_SUBJECT - 1) + "…";
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(null, List.of(new Paragraph("Thực hiện yêu cầu thu thập số liệu " + d.title() + " (mã " + d.code() + ", phiên bản "
                + d.version() + "), " + issuerName + " tổng hợp số liệu " + (d.periodType() == PeriodType.ONCE ? "" : "kỳ " + period + " ")
                + "của các đơn vị thuộc phạm vi (số liệu đến ngày " + Figures.date(today) + ") như sau:"))));

        List<Block> reporting = new ArrayList<>();
        reporting.add(new Paragraph("- Số đơn vị được giao: " + r.expected() + "; đã nộp: " + r.received() + "; nộp đúng hạn: " + r.onTime() + "."));
        reporting.add(new Paragraph("- Tỷ lệ hoàn thành: " + Figures.percentOfRatio(r.completeness()) + "; tỷ lệ đúng hạn: "
                + Figures.percentOfRatio(r.timeliness()) + "."));
        if (!r.missing().isEmpty()) {
            List<String> names = r.missing().stream().map(id -> named.containsKey(id) ? named.get(id).name() : "Đơn vị " + id).toList();
            reporting.add(new Paragraph("- Đơn vị chưa nộp: " + String.join("; ", names) + "."));
        }
        sections.add(new Section("I. TÌNH HÌNH NỘP SỐ LIỆU", reporting));

        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Field f : d.fields()) {
            if (f.aggregation() == Aggregation.NONE) continue;
            rows.add(List.of(Integer.toString(++n), f.label(), f.unitOfMeasure() == null ? "" : f.unitOfMeasure(), f.aggregation().vietnamese(),
                    value(r.values().get(f.code()))));
            Map<String, @Nullable Object> parts = r.categories().get(f.code());
            if (parts != null) {
                for (var e : parts.entrySet()) {
                    rows.add(List.of("", "- " + e.getKey(), f.unitOfMeasure() == null ? "" : f.unitOfMeasure(), f.aggregation().vietnamese(), value(e.getValue())));
                }
            }
        }
        List<Block> figures = new ArrayList<>();
        if (rows.isEmpty()) figures.add(new Paragraph("Bộ dữ liệu không có chỉ tiêu tổng hợp."));
        else {
            figures.add(new Table(List.of(new Column("TT", 1, Align.CENTER), new Column("Chỉ tiêu", 6, Align.LEFT), new Column("Đơn vị tính", 2, Align.CENTER),
                    new Column("Cách tổng hợp", 2, Align.LEFT), new Column("Số liệu", 3, Align.RIGHT)), rows));
        }
        sections.add(new Section("II. SỐ LIỆU TỔNG HỢP", figures));
        sections.add(new Section(null, List.of(new Paragraph("Trên đây là báo cáo " + lowerFirst(subject) + " của " + issuerName + "./."))));

        List<String> recipients = new ArrayList<>();
        if (parent != null) recipients.add(parent.name() + " (để báo cáo)");
        recipients.add("Lưu: VT");
        String notation = issuer == null ? "" : issuer.shortName().replace(" ", "");
        return new Decree30Document(parent == null ? null : parent.name(), issuerName, DocumentNumber.notIssued("BC-" + notation), d.secrecy(),
                new PlaceAndDate(place, today), "Báo cáo", subject, sections, new Signature(List.of("Thủ trưởng đơn vị"), null), recipients);
    }

    private static String value(@Nullable Object v) {
        if (v == null) return "Chưa có số liệu";
        if (v instanceof BigDecimal b) return Figures.number(b);
        if (v instanceof String s && s.length() == 10 && s.charAt(4) == '-') return Figures.date(LocalDate.parse(s));
        return String.valueOf(v);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
