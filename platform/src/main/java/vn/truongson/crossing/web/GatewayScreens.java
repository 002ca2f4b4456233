package vn.truongson.crossing.web;

import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.access.Role;
import vn.truongson.crossing.Releases;

/**
 * {@code /office/gateway} on the high node (issue 15): the crossing's outbox and inbox, the gateway's release queue with
 * each message's cleaned content, and the approval of a GATEWAY_RELEASER (the second different official releases it).
 * Hidden (404) on other nodes and from officials without the release, security-officer or administrator role.
 */
@Controller
class GatewayScreens {

    static final DateTimeFormatter VN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(vn.truongson.core.Vietnam.ZONE);

    private final Releases releases;

    GatewayScreens(Releases releases) {
        this.releases = releases;
    }

    @GetMapping("/office/gateway")
    String page(Model model) {
        var actor = releases.viewer();
        model.addAttribute("releaser", actor.has(Role.GATEWAY_RELEASER));
        model.addAttribute("me", actor.username());
        model.addAttribute("held", releases.held());
        model.addAttribute("outbox", releases.outbox(50));
        model.addAttribute("inbox", releases.inbox(50));
        model.addAttribute("counts", releases.counts());
        model.addAttribute("fmt", VN);
        return "crossing/gateway";
    }

    @PostMapping("/office/gateway/releases/{id}/approve")
    String approve(@PathVariable String id, RedirectAttributes flash) {
        Releases.Approval a = releases.approve(id);
        flash.addFlashAttribute(a.ok() ? "done" : "refused", a.message());
        return "redirect:/office/gateway";
    }
}
