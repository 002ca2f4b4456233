package vn.truongson.publicservice.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.access.AccessPolicy;
import vn.truongson.org.Units;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.publicservice.Statistics;
import vn.truongson.publicservice.TrackingBook;

/** The leaders' dashboard: the figures of the period (Mẫu 06), units ranked by the Decision 766 index, and its monthly trend. */
@Controller("publicServiceDashboard")
@RequestMapping("/office/one-stop/statistics")
class DashboardScreens {

    /** A unit's line in the ranking. */
    record Line(int rank, String unitName, Statistics.IndexResult index) {}

    private final Statistics statistics;
    private final TrackingBook book;
    private final Units units;
    private final AccessPolicy policy;

    DashboardScreens(Statistics statistics, TrackingBook book, Units units, AccessPolicy policy) {
        this.statistics = statistics;
        this.book = book;
        this.units = units;
        this.policy = policy;
    }

    private static final tools.jackson.databind.json.JsonMapper TREND_JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @GetMapping
    String dashboard(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to, Model model) {
        policy.requireAnyGrant(Dossiers.READERS);
        LocalDate f = StatisticsController.from(from);
        LocalDate t = StatisticsController.to(to);
        var ranking = statistics.ranking(f, t);
        Map<Long, String> names = units.names(ranking.stream().map(Statistics.IndexResult::unitId).toList());
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            lines.add(new Line(i + 1, names.getOrDefault(ranking.get(i).unitId(), "?"), ranking.get(i)));
        }
        // The trend: the index of the five best units, month by month over the last six months to the period's end.
        YearMonth last = YearMonth.from(t);
        List<String> months = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        List<Line> top = lines.subList(0, Math.min(5, lines.size()));
        for (Line l : top) series.put(l.unitName(), new ArrayList<>());
        for (int m = 5; m >= 0; m--) {
            YearMonth ym = last.minusMonths(m);
            months.add(ym.getMonthValue() + "/" + ym.getYear());
            Map<Long, Double> byUnit = new LinkedHashMap<>();
            statistics.ranking(ym.atDay(1), ym.atEndOfMonth()).forEach(r -> byUnit.put(r.unitId(), r.total()));
            for (Line l : top) series.get(l.unitName()).add(byUnit.getOrDefault(l.index().unitId(), 0.0));
        }
        model.addAttribute("from", f.toString());
        model.addAttribute("to", t.toString());
        model.addAttribute("figures", statistics.figures(f, t, null));
        model.addAttribute("scopeIndex", statistics.index(f, t, null));
        model.addAttribute("lines", lines);
        model.addAttribute("months", months);
        model.addAttribute("series", series);
        // For /js/onestop-dashboard.js: data in a JSON block, no inline script (the CSP allows none); "<" escaped so that
        // no unit name can close the block.
        model.addAttribute("trendJson", TREND_JSON.writeValueAsString(Map.of("months", months, "series", series)).replace("<", "\\u003c"));
        return "publicservice/dashboard";
    }

    @GetMapping("/export")
    ResponseEntity<byte[]> export(@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to) {
        policy.requireAnyGrant(Dossiers.READERS);
        LocalDate f = StatisticsController.from(from);
        LocalDate t = StatisticsController.to(to);
        return StatisticsController.xlsx(book.workbook(f, t, null), "mau-06-so-theo-doi-" + f + "-" + t + ".xlsx");
    }
}
