package vn.truongson.secops.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.secops.Adoption;

/** API.md "Security operations and adoption": {@code GET /api/v1/adoption}. */
@RestController
@Tag(name = "Ứng dụng CNTT / IT adoption")
class AdoptionController {

    record UnitFigures(String unitId, String unitCode, String unitName, long officials, long activeOfficials, long issued, long issuedSigned,
            long reportsExpected, long reportsOnTime, long dossiers, long dossiersOnline, long incoming, long incomingHandled,
            @Nullable Double score, boolean total, int trainingYear, List<Trained> training) {
        static UnitFigures of(Adoption.Row r, boolean total, YearMonth p) {
            return new UnitFigures(Ids.str(r.unitId()), r.unitCode(), r.unitName(), r.officials(), r.activeOfficials(), r.issued(), r.issuedSigned(),
                    r.reportsExpected(), r.reportsOnTime(), r.dossiers(), r.dossiersOnline(), r.incoming(), r.incomingHandled(), r.score(), total,
                    p.getYear(), r.training().stream().map(c -> new Trained(c.topic().name(), c.trained(), c.share())).toList());
        }
    }

    /** Addition (docs/adoption.md): one topic's training coverage of the subtree's active officials, year to date. */
    record Trained(String topic, long trained, @Nullable Double share) {}

    record AdoptionView(String period, List<UnitFigures> units) {}

    private final Adoption adoption;

    AdoptionController(Adoption adoption) {
        this.adoption = adoption;
    }

    @GetMapping("/api/v1/adoption")
    @Operation(summary = "Tỷ lệ ứng dụng CNTT / IT adoption per unit and month",
            description = "period: yyyy-MM (default this month, Vietnam time); unitId: default the caller's own unit. units[0] is the unit itself "
                    + "(its whole subtree, total=true), then each sub-unit the caller may see, each over its own subtree, ranked by score (the "
                    + "mean of the shares that have a denominator, in percent). For commanders, coordinators, administrators, auditors and "
                    + "security officers covering the unit. Additions: trainingYear and training:[{topic, trained, share}], each covered topic's "
                    + "trained officials (attended and passed a class of the topic ending from 1 January to the period's end) and share; 404 alike for a missing unit and one outside their grants. Definitions: docs/adoption.md.")
    AdoptionView get(@RequestParam(required = false) @Nullable String period, @RequestParam(required = false) @Nullable String unitId) {
        YearMonth p = period(period);
        long unit = unitId == null || unitId.isBlank() ? adoption.defaultUnit() : Ids.parse("unitId", unitId);
        Adoption.Figures f = adoption.figures(unit, p);
        List<UnitFigures> rows = new java.util.ArrayList<>();
        rows.add(UnitFigures.of(f.unit(), true, p));
        f.subUnits().forEach(r -> rows.add(UnitFigures.of(r, false, p)));
        return new AdoptionView(p.toString(), rows);
    }

    /** yyyy-MM between 2000-01 and next month; null or blank: this month. */
    static YearMonth period(@Nullable String text) {
        YearMonth now = YearMonth.from(LocalDate.now(WorkingCalendar.ZONE));
        if (text == null || text.isBlank()) return now;
        String s = text.strip();
        try {
            if (!s.matches("\\d{4}-\\d{2}")) throw new DateTimeException(s);
            YearMonth p = YearMonth.parse(s);
            if (p.getYear() < 2000 || p.isAfter(now.plusMonths(1))) throw new DomainException.BadInput("period", "problem.secops.adoption.period");
            return p;
        } catch (DateTimeException e) {
            throw new DomainException.BadInput("period", "problem.secops.adoption.period");
        }
    }
}
