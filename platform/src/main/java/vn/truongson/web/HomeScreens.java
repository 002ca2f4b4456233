package vn.truongson.web;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Grant;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/** The public landing page and the officials' home. */
@Controller
class HomeScreens {

    /** A grant as the home page lists it: the role, and the unit by name rather than by id. */
    record GrantLine(Grant grant, Unit unit) {}

    private final AccessPolicy policy;
    private final Units units;

    HomeScreens(AccessPolicy policy, Units units) {
        this.policy = policy;
        this.units = units;
    }

    @GetMapping("/")
    String landing() {
        return "index";
    }

    @GetMapping("/office")
    String office(Model model) {
        Actor a = policy.actor();
        // Every grant covers its own unit, so the policy lets its holder read that unit's name.
        List<GrantLine> lines = a.grants().stream().map(g -> new GrantLine(g, units.get(g.unitId()))).toList();
        model.addAttribute("grantLines", lines);
        model.addAttribute("zone", a.zone());
        return "office/home";
    }
}
