package vn.truongson.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;

/** {@code /office/search?q=}: the header's search box, its hits grouped by kind ({@link OfficeSearch}). */
@Controller
class SearchScreens {

    private final OfficeSearch search;
    private final Problems problems;

    SearchScreens(OfficeSearch search, Problems problems) {
        this.search = search;
        this.problems = problems;
    }

    @GetMapping("/office/search")
    String search(@RequestParam(required = false) @Nullable String q, Locale locale, HttpServletResponse res, Model model) {
        model.addAttribute("q", q == null || q.length() > OfficeSearch.MAX_QUERY ? "" : q.strip());
        try {
            var groups = search.search(q);
            model.addAttribute("groups", groups);
            model.addAttribute("total", groups.values().stream().mapToInt(java.util.List::size).sum());
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            var fe = e.errors().getFirst();
            model.addAttribute("groups", Map.of());
            model.addAttribute("total", 0);
            model.addAttribute("error", problems.message(fe.messageKey(), fe.args(), locale));
        }
        return "office/search";
    }
}
