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
    private final MyWork work;

    HomeScreens(AccessPolicy policy, Units units, MyWork work) {
        this.policy = policy;
        this.units = units;
        this.work = work;
    }

    @GetMapping("/")
    String landing() {
        return "index";
    }

    @GetMapping("/office")
    String office(Model model) {
        Actor a = policy.actor();
        // One look-up for all grants; no per-unit policy check (and no classified-read row on every home view):
        // a grant's own unit is the holder's to know, up to what this request may carry.
        var named = units.named(a.grants().stream().map(Grant::unitId).toList());
        List<GrantLine> lines = a.grants().stream().filter(g -> named.containsKey(g.unitId()))
                .map(g -> new GrantLine(g, named.get(g.unitId()))).toList();
        model.addAttribute("grantLines", lines);
        model.addAttribute("zone", a.zone());
        model.addAttribute("work", work.of(a));
        return "office/home";
    }
}
