package vn.truongson.population.web;

import vn.truongson.core.Vietnam;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.access.AccessPolicy;
import vn.truongson.core.Problems;
import vn.truongson.population.IdNumber;

/** The structural check of an ID number: no registry call, every problem at once. */
@RestController
@RequestMapping("/api/v1/population")
@Tag(name = "Dữ liệu dân cư / Population data")
class IdNumberController {

    static final ZoneId VIETNAM = Vietnam.ZONE;

    record ProblemView(String code, String message) {}

    record CheckView(boolean valid, @Nullable String provinceCode, @Nullable String provinceName, @Nullable String gender,
            @Nullable Integer birthYearFrom, @Nullable Integer birthYearTo, List<ProblemView> problems) {}

    private final AccessPolicy policy;
    private final Problems problems;
    private final Clock clock;

    IdNumberController(AccessPolicy policy, Problems problems, Clock clock) {
        this.policy = policy;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/id-numbers/{idNumber}")
    @Operation(summary = "Kiểm tra cấu trúc số định danh cá nhân / Check the structure of a personal ID number",
            description = "Structure only (province code, century and gender digit, year of birth, length, digits); no registry "
                    + "call. Every problem is listed at once. 200 for a valid and an invalid number alike.")
    CheckView check(@PathVariable String idNumber, HttpServletRequest req) {
        policy.actor(); // any signed-in official
        IdNumber.Check c = IdNumber.check(idNumber, Year.now(clock.withZone(VIETNAM)));
        Locale locale = Problems.locale(req);
        List<ProblemView> list = c.problems().stream()
                .map(p -> new ProblemView(p.code(), problems.message(p.messageKey(), p.args(), locale))).toList();
        return new CheckView(c.valid(), c.provinceCode(), c.provinceName(), c.gender() == null ? null : c.gender().name(),
                c.birthYearFrom(), c.birthYearTo(), list);
    }
}
