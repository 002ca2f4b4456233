package vn.truongson.programme.export;

import java.time.LocalDate;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import vn.truongson.org.Unit;
import vn.truongson.paper.Figures;
import vn.truongson.programme.Compilation;
import vn.truongson.programme.CompiledReport;
import vn.truongson.programme.Period;
import vn.truongson.programme.ReportStatus;

/**
 * What every export of one compilation says, worked out once: the compilation itself, the names of the units
 * it lists, who issues the report and when. The Excel, Word and PDF files are different layouts of these facts.
 *
 * @param issuer the scope unit when the compilation is of a subtree, else the plan's owner: whoever reports
 * @param parent the unit above the issuer (cơ quan chủ quản), if any
 */
record ReportFacts(CompiledReport report, Map<Long, Unit> units, @Nullable Unit issuer, @Nullable Unit parent, LocalDate issuedOn,
        String place) {

    /** Shown for a unit the reader may not know the name of (more secret than the request may carry). */
    static final String UNNAMED = "(đơn vị không hiển thị)";

    Compilation compilation() {
        return report.compilation();
    }

    String unitName(long id) {
        Unit u = units.get(id);
        return u == null ? UNNAMED : u.name();
    }

    String issuerName() {
        return issuer == null ? UNNAMED : issuer.name();
    }

    /** "03/2026" */
    String periodLabel() {
        Period p = compilation().period();
        return String.format("%02d/%d", p.month().getMonthValue(), p.year());
    }

    /** The trích yếu: "Kết quả thực hiện kế hoạch chuyển đổi số tháng 03/2026". */
    String subject() {
        String what = switch (report.plan().kind()) {
            case DIGITAL_TRANSFORMATION -> "kế hoạch chuyển đổi số";
            case PROJECT_06 -> "Đề án 06";
            case OTHER -> "kế hoạch " + report.plan().code();
        };
        return "Kết quả thực hiện " + what + " tháng " + periodLabel();
    }

    /** "Toàn bộ kế hoạch", or the subtree compiled. */
    String scope() {
        Long unit = compilation().unitId();
        return unit == null ? "Toàn bộ kế hoạch" : unitName(unit) + " và các đơn vị trực thuộc";
    }

    String cutoff() {
        return "từ ngày " + Figures.date(compilation().cutoffFrom()) + " đến ngày " + Figures.date(compilation().cutoffTo());
    }

    /** "23 giờ 59 phút ngày 20/03/2026" */
    String deadline() {
        var d = compilation().deadline().atZoneSameInstant(Period.ZONE);
        return String.format("%02d giờ %02d phút ngày %s", d.getHour(), d.getMinute(), Figures.date(d.toLocalDate()));
    }

    long tasksWith(ReportStatus status) {
        return compilation().tasks().stream().filter(t -> t.status() == status).count();
    }

    long overdueTasks() {
        return compilation().tasks().stream().filter(Compilation.TaskProgress::overdue).count();
    }

    static String periodLabel(Period p) {
        return String.format("%02d/%d", p.month().getMonthValue(), p.year());
    }
}
