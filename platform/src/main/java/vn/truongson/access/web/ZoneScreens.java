package vn.truongson.access.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.NetworkZone;
import vn.truongson.access.Zones;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;

/**
 * The network-zone ranges on screen: list, add, delete. Zones decide what secrecy a request may carry,
 * so only a system administrator (ministry-wide ADMIN) may open the page at all.
 */
@Controller
class ZoneScreens {

    record ZoneForm(String cidr, String zone, String note) {}

    private final Zones zones;
    private final AccessPolicy policy;
    private final Problems problems;
    private final MessageSource messages;

    ZoneScreens(Zones zones, AccessPolicy policy, Problems problems, MessageSource messages) {
        this.zones = zones;
        this.policy = policy;
        this.problems = problems;
        this.messages = messages;
    }

    @GetMapping("/admin/zones")
    String page(Model model) {
        policy.requireSystemAdmin();
        return show(new ZoneForm("", NetworkZone.MILITARY_NETWORK.id(), ""), Map.of(), model);
    }

    @PostMapping("/admin/zones")
    String add(@RequestParam(defaultValue = "") String cidr, @RequestParam(defaultValue = "") String zone,
            @RequestParam(defaultValue = "") String note, Locale locale, Model model, RedirectAttributes redirect, HttpServletResponse res) {
        policy.requireSystemAdmin();
        var form = new ZoneForm(cidr.strip(), zone, note.strip());
        try {
            if (form.note().length() > 200) throw new DomainException.BadInput("note", "problem.field.length", 0, 200);
            if (form.cidr().isEmpty()) throw new DomainException.BadInput("cidr", "problem.field.required");
            NetworkZone z;
            try {
                z = NetworkZone.of(zone);
            } catch (IllegalArgumentException e) {
                throw new DomainException.BadInput("zone", "problem.zone.unknown", zone);
            }
            Zones.Range r;
            try {
                r = zones.add(form.cidr(), z, form.note());
            } catch (DomainException.Conflict e) {
                throw new DomainException.BadInput("cidr", e.messageKey(), e.args());
            }
            redirect.addFlashAttribute("notice", messages.getMessage("zones.added", new Object[] {r.cidr()}, locale));
            return "redirect:/admin/zones";
        } catch (DomainException.BadInput e) {
            res.setStatus(400);
            Map<String, String> errors = new LinkedHashMap<>();
            for (var fe : e.errors()) errors.merge(fe.field(), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
            return show(form, errors, model);
        }
    }

    @PostMapping("/admin/zones/{id}/delete")
    String delete(@PathVariable("id") long rangeId, Locale locale, RedirectAttributes redirect) {
        policy.requireSystemAdmin();
        String cidr = zones.ranges().stream().filter(r -> r.id() == rangeId).map(Zones.Range::cidr).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("zone", rangeId));
        zones.remove(rangeId);
        redirect.addFlashAttribute("notice", messages.getMessage("zones.deleted", new Object[] {cidr}, locale));
        return "redirect:/admin/zones";
    }

    private String show(ZoneForm form, Map<String, String> errors, Model model) {
        Actor a = policy.actor();
        List<Zones.Range> ranges = zones.ranges();
        Map<NetworkZone, String> max = new LinkedHashMap<>();
        for (NetworkZone z : NetworkZone.values()) max.put(z, policy.zoneMax(z).name());
        model.addAttribute("ranges", ranges);
        model.addAttribute("zones", NetworkZone.values());
        model.addAttribute("zoneMax", max);
        model.addAttribute("here", a);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "access/zones";
    }
}
