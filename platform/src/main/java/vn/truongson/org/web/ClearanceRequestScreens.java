package vn.truongson.org.web;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.org.ClearanceRequests;

/**
 * The second person's screen of the two-person rule: the clearance changes waiting for approval on the officials whose
 * unit the person's ADMIN or SECURITY_OFFICER grants cover, with approve and refuse (the same rules as the API).
 */
@Controller
class ClearanceRequestScreens {

    private final ClearanceRequests requests;
    private final Problems problems;
    private final MessageSource messages;

    ClearanceRequestScreens(ClearanceRequests requests, Problems problems, MessageSource messages) {
        this.requests = requests;
        this.problems = problems;
        this.messages = messages;
    }

    record Line(ClearanceRequests.Request request, String requestedAt, String decidedAt, boolean mayDecide) {}

    @GetMapping("/office/clearance-requests")
    String list(@RequestParam(defaultValue = "PENDING") String status, Model model) {
        ClearanceRequests.Status s = "ALL".equals(status) ? null : parse(status);
        model.addAttribute("status", s == null ? "ALL" : s.name());
        model.addAttribute("statuses", ClearanceRequests.Status.values());
        model.addAttribute("lines", requests.list(s, 500).stream().map(r -> new Line(r, OrgScreens.SHOWN.format(r.requestedAt()),
                r.decidedAt() == null ? "" : OrgScreens.SHOWN.format(r.decidedAt()), requests.mayDecide(r))).toList());
        return "org/clearance-requests";
    }

    @PostMapping("/office/clearance-requests/{id}/approve")
    String approve(@PathVariable("id") long rid, @RequestParam(defaultValue = "") String back, Locale locale, RedirectAttributes redirect) {
        try {
            var r = requests.approve(rid);
            redirect.addFlashAttribute("notice", messages.getMessage("org.clearance.approved", new Object[] {r.officialName(),
                    messages.getMessage("secrecy." + r.to().name(), null, locale)}, locale));
        } catch (DomainException.Forbidden | DomainException.Conflict e) {
            redirect.addFlashAttribute("problem", problems.message(e.messageKey(), e.args(), locale));
        }
        return redirectBack(back);
    }

    @PostMapping("/office/clearance-requests/{id}/refuse")
    String refuse(@PathVariable("id") long rid, @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String back,
            Locale locale, RedirectAttributes redirect) {
        try {
            var r = requests.refuse(rid, reason);
            redirect.addFlashAttribute("notice", messages.getMessage("org.clearance.refused", new Object[] {r.officialName()}, locale));
        } catch (DomainException.Forbidden | DomainException.Conflict | DomainException.BadInput e) {
            String text = e instanceof DomainException.BadInput b ? problems.message(b.errors().getFirst().messageKey(), b.errors().getFirst().args(), locale)
                    : problems.message(e.messageKey(), e.args(), locale);
            redirect.addFlashAttribute("problem", text);
        }
        return redirectBack(back);
    }

    /** Back to the official's page when the buttons were there; never to an address the form chose. */
    private static String redirectBack(String back) {
        if (back.matches("[0-9]{1,19}")) return "redirect:/office/officials/" + back;
        return "redirect:/office/clearance-requests";
    }

    private static ClearanceRequests.Status parse(String status) {
        try {
            return ClearanceRequests.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new DomainException.BadInput("status", "problem.field.enum");
        }
    }
}
