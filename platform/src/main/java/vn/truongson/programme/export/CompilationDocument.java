package vn.truongson.programme.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.truongson.core.SecrecyLevel;
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
import vn.truongson.programme.Compilation;
import vn.truongson.programme.Compilation.Bottleneck;
import vn.truongson.programme.Compilation.IndicatorResult;
import vn.truongson.programme.Compilation.Missing;
import vn.truongson.programme.Compilation.Proposal;
import vn.truongson.programme.Compilation.TaskProgress;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Task;

/**
 * The compiled report as a Báo cáo (Decree 30: type BC) for Word and PDF. It is a draft for the commander to
 * sign: the number is left for the clerk to write in when the report is issued, and the signer's name too.
 */
final class CompilationDocument {

    private CompilationDocument() {}

    static final String NO_VALUE = "Chưa có số liệu";
    static final String INVALID_VALUE = "Không hợp lệ";

    static Decree30Document of(ReportFacts f) {
        Compilation c = f.compilation();
        List<Section> sections = new ArrayList<>();
        sections.add(new Section(null, List.of(new Paragraph("Thực hiện " + f.report().plan().title() + " (mã " + f.report().plan().code() + "), "
                + f.issuerName() + " báo cáo kết quả thực hiện tháng " + f.periodLabel()
                + (c.unitId() == null ? "" : " trong phạm vi " + f.scope())
                + " (số liệu " + f.cutoff() + ") như sau:"))));
        sections.add(reporting(f));
        sections.add(progress(f));
        sections.add(indicators(f));
        sections.add(bottlenecks(f));
        sections.add(proposals(f));
        sections.add(new Section(null, List.of(new Paragraph("Trên đây là báo cáo " + lowerFirst(f.subject()) + " của " + f.issuerName() + "./."))));

        List<String> recipients = new ArrayList<>();
        if (f.parent() != null) recipients.add(f.parent().name() + " (để báo cáo)");
        long owner = f.report().plan().ownerUnitId();
        if (f.issuer() != null && f.issuer().id() != owner && (f.parent() == null || f.parent().id() != owner)) {
            recipients.add(f.unitName(owner) + " (để tổng hợp)");
        }
        recipients.add("Các đơn vị được giao nhiệm vụ");
        recipients.add("Lưu: VT");

        return new Decree30Document(f.parent() == null ? null : f.parent().name(), f.issuerName(),
                DocumentNumber.notIssued("BC-" + notation(f)), secrecy(f), new PlaceAndDate(f.place(), f.issuedOn()), "Báo cáo", f.subject(),
                sections, new Signature(List.of("Tư lệnh"), null), recipients);
    }

    /** The agency's part of the notation: its short name without spaces ("BTL86", "BĐBP"). */
    private static String notation(ReportFacts f) {
        return f.issuer() == null ? "" : f.issuer().shortName().replace(" ", "");
    }

    /** The report is as secret as the most secret task it lists (Law 29/2018: the mark goes on the document). */
    static SecrecyLevel secrecy(ReportFacts f) {
        return f.report().tasks().values().stream().map(Task::secrecy).max(Enum::compareTo).orElse(SecrecyLevel.THUONG);
    }

    private static Section reporting(ReportFacts f) {
        Compilation c = f.compilation();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("- Số báo cáo phải gửi: " + c.expectedReports() + "; đã nhận: " + c.receivedReports() + "; đúng hạn (gửi trước "
                + f.deadline() + "): " + c.onTimeReports() + "."));
        blocks.add(new Paragraph("- Tỷ lệ đầy đủ: " + Figures.percentOfRatio(c.completeness()) + "; tỷ lệ đúng hạn: "
                + Figures.percentOfRatio(c.timeliness()) + "."));
        if (c.missing().isEmpty()) {
            blocks.add(new Paragraph("- Tất cả các đơn vị đã gửi báo cáo kỳ này."));
        } else {
            // One entry per unit, with the tasks it has not reported on, in the order the compilation lists them.
            Map<Long, List<String>> byUnit = new LinkedHashMap<>();
            for (Missing m : c.missing()) byUnit.computeIfAbsent(m.unitId(), k -> new ArrayList<>()).add(f.report().task(m.taskId()).code());
            List<String> parts = new ArrayList<>();
            byUnit.forEach((unit, codes) -> parts.add(f.unitName(unit) + " (nhiệm vụ " + String.join(", ", codes) + ")"));
            blocks.add(new Paragraph("- Đơn vị chưa báo cáo (" + byUnit.size() + " đơn vị, " + c.missing().size() + " lượt nhiệm vụ): "
                    + String.join("; ", parts) + "."));
        }
        return new Section("I. TÌNH HÌNH BÁO CÁO", blocks);
    }

    private static Section progress(ReportFacts f) {
        Compilation c = f.compilation();
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Paragraph("Tổng số " + c.tasks().size() + " nhiệm vụ: " + f.tasksWith(ReportStatus.DONE) + " hoàn thành, "
                + f.tasksWith(ReportStatus.IN_PROGRESS) + " đang triển khai, " + f.tasksWith(ReportStatus.STALLED) + " vướng mắc, chậm tiến độ, "
                + f.tasksWith(ReportStatus.NOT_STARTED) + " chưa triển khai; " + f.overdueTasks() + " nhiệm vụ quá hạn."));
        if (!c.tasks().isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            int n = 0;
            for (TaskProgress t : c.tasks()) {
                Task task = f.report().task(t.taskId());
                rows.add(List.of(Integer.toString(++n), t.code(), task.title(), f.unitName(task.leadUnitId()), t.status().vietnamese(),
                        Figures.percent(t.percentComplete()), t.overdue() ? "x" : ""));
            }
            blocks.add(new Table(List.of(new Column("STT", 5, Align.CENTER), new Column("Mã", 7, Align.CENTER), new Column("Nhiệm vụ", 35, Align.LEFT),
                    new Column("Đơn vị chủ trì", 17, Align.LEFT), new Column("Trạng thái", 15, Align.LEFT), new Column("% hoàn thành", 11, Align.RIGHT),
                    new Column("Quá hạn", 8, Align.CENTER)), rows));
        }
        return new Section("II. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", blocks);
    }

    private static Section indicators(ReportFacts f) {
        Compilation c = f.compilation();
        if (c.indicators().isEmpty()) {
            return new Section("III. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", List.of(new Paragraph("Các nhiệm vụ trong phạm vi báo cáo không có chỉ tiêu định lượng.")));
        }
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (IndicatorResult r : c.indicators()) {
            Task.Indicator i = f.report().indicator(r.taskId(), r.code());
            String name = i == null ? r.code() : i.name() + (i.higherIsBetter() ? "" : " (càng thấp càng tốt)");
            // "70%", but "40 đơn vị".
            String unit = i == null || i.unit() == null ? "" : i.unit().equals("%") ? "%" : " " + i.unit();
            rows.add(List.of(Integer.toString(++n), f.report().task(r.taskId()).code(), name, (r.target() == null ? INVALID_VALUE : Figures.number(r.target()) + unit),
                    r.actual() == null ? NO_VALUE : Figures.number(r.actual()) + unit,
                    r.achievement() == null ? "" : Figures.percentOfRatio(r.achievement())));
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Table(List.of(new Column("STT", 5, Align.CENTER),
                new Column("Nhiệm vụ", 9, Align.CENTER), new Column("Chỉ tiêu", 38, Align.LEFT), new Column("Chỉ tiêu giao", 16, Align.RIGHT),
                new Column("Kết quả", 16, Align.RIGHT), new Column("Tỷ lệ đạt", 11, Align.RIGHT)), rows));
        if (!c.invalidValues().isEmpty()) blocks.add(new Paragraph(invalidValues(f)));
        return new Section("III. KẾT QUẢ THỰC HIỆN CHỈ TIÊU", blocks);
    }

    /** Stored figures outside the platform's range (issue 10, finding 6): left out of the figures, and named here. */
    static String invalidValues(ReportFacts f) {
        List<String> named = new ArrayList<>();
        for (Compilation.InvalidValue v : f.compilation().invalidValues()) {
            String task = f.report().task(v.taskId()).code();
            named.add(v.unitId() == null ? "nhiệm vụ " + task + ", " + v.field()
                    : "nhiệm vụ " + task + ", " + f.unitName(v.unitId()) + ", " + v.field());
        }
        return "Số liệu không hợp lệ (ngoài phạm vi cho phép: hữu hạn, không quá 10^15, không quá 6 chữ số thập phân), không đưa vào tổng hợp: "
                + String.join("; ", named) + ".";
    }

    private static Section bottlenecks(ReportFacts f) {
        Compilation c = f.compilation();
        String heading = "IV. KHÓ KHĂN, VƯỚNG MẮC, ĐIỂM NGHẼN";
        if (c.bottlenecks().isEmpty()) return new Section(heading, List.of(new Paragraph("Trong kỳ không có đơn vị báo cáo điểm nghẽn.")));
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Bottleneck b : c.bottlenecks()) {
            rows.add(List.of(Integer.toString(++n), f.unitName(b.unitId()), f.report().task(b.taskId()).code(), b.text() == null ? "" : b.text(),
                    ReportFacts.periodLabel(b.since())));
        }
        return new Section(heading, List.of(new Paragraph("Có " + c.bottlenecks().size() + " điểm nghẽn chưa được tháo gỡ:"),
                new Table(List.of(new Column("STT", 5, Align.CENTER), new Column("Đơn vị", 22, Align.LEFT), new Column("Nhiệm vụ", 9, Align.CENTER),
                        new Column("Khó khăn, vướng mắc", 47, Align.LEFT), new Column("Từ kỳ", 11, Align.CENTER)), rows)));
    }

    /** Section V: the proposals of the period's reports, grouped by unit in the order the compilation lists them. */
    private static Section proposals(ReportFacts f) {
        Compilation c = f.compilation();
        String heading = "V. ĐỀ XUẤT, KIẾN NGHỊ";
        if (c.proposals().isEmpty()) return new Section(heading, List.of(new Paragraph("Trong kỳ các đơn vị không có đề xuất, kiến nghị.")));
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (Proposal p : c.proposals()) {
            rows.add(List.of(Integer.toString(++n), f.unitName(p.unitId()), f.report().task(p.taskId()).code(), p.text()));
        }
        return new Section(heading, List.of(new Paragraph("Các đơn vị đề xuất, kiến nghị " + c.proposals().size() + " nội dung:"),
                new Table(List.of(new Column("STT", 5, Align.CENTER), new Column("Đơn vị", 24, Align.LEFT), new Column("Nhiệm vụ", 9, Align.CENTER),
                        new Column("Đề xuất, kiến nghị", 62, Align.LEFT)), rows)));
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
