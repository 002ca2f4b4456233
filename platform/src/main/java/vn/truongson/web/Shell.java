package vn.truongson.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Grant;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.runtime.DemoMode;

/** What every screen's header shows: the person, their unit, and which menus they have. */
@ControllerAdvice(annotations = Controller.class)
class Shell {

    public record View(String fullName, String username, String unitName, String unitCode, String clearance, String zone,
            boolean admin, boolean auditor, List<Grant> grants) {}

    private final AccessPolicy policy;
    private final OfficialDirectory officials;
    private final boolean demo;

    Shell(AccessPolicy policy, OfficialDirectory officials, DemoMode demo) {
        this.policy = policy;
        this.officials = officials;
        this.demo = demo.enabled();
    }

    @ModelAttribute("shell")
    @Nullable View shell() {
        Actor a = policy.currentActor().orElse(null);
        if (a == null) return null;
        var profile = officials.profile(a.officialId()).orElse(null);
        return new View(a.fullName(), a.username(), profile == null ? "" : profile.unitName(), profile == null ? "" : profile.unitCode(),
                a.clearance().name(), a.zone().id(), a.has(Role.ADMIN), a.has(Role.AUDITOR) || a.has(Role.ADMIN), a.grants());
    }

    @ModelAttribute("demoMode")
    boolean demoMode() {
        return demo;
    }
}
