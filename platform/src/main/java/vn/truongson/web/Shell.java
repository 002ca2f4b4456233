package vn.truongson.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Actor;
import vn.truongson.access.Grant;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Role;
import vn.truongson.notify.Notifications;
import vn.truongson.runtime.DemoMode;

/**
 * What every screen's header shows: the person, their unit, and which menus they have. Added after the
 * handler, and only when a page is rendered, so JSON answers and redirects pay nothing for it.
 */
@Component
class Shell implements HandlerInterceptor {

    public record View(String fullName, String username, String unitName, String unitCode, String clearance, String zone,
            boolean admin, boolean auditor, List<Grant> grants, long unreadNotifications) {}

    private final AccessPolicy policy;
    private final OfficialDirectory officials;
    private final Notifications notifications;
    private final boolean demo;

    Shell(AccessPolicy policy, OfficialDirectory officials, Notifications notifications, DemoMode demo) {
        this.policy = policy;
        this.officials = officials;
        this.notifications = notifications;
        this.demo = demo.enabled();
    }

    @Override
    public void postHandle(HttpServletRequest req, HttpServletResponse res, Object handler, @Nullable ModelAndView mav) {
        if (mav == null || (mav.getViewName() != null && mav.getViewName().startsWith("redirect:"))) return;
        // A header the handler drew itself is kept: the error page of a refused request (ErrorPages.error) finds the
        // person from his session cookie, while here, on the container's error dispatch, he is anonymous (issue 13).
        if (mav.getModel().get("shell") == null) mav.addObject("shell", shell());
        mav.addObject("demoMode", demo);
    }

    /** For pages rendered outside the normal handler path (exception handlers). */
    void addTo(Model model) {
        model.addAttribute("shell", shell());
        model.addAttribute("demoMode", demo);
    }

    @Nullable View shell() {
        Actor a = policy.currentActor().orElse(null);
        if (a == null) return null;
        var profile = officials.profile(a.officialId()).orElse(null);
        return new View(a.fullName(), a.username(), profile == null ? "" : profile.unitName(), profile == null ? "" : profile.unitCode(),
                a.clearance().name(), a.zone().id(), a.has(Role.ADMIN), a.has(Role.AUDITOR) || a.has(Role.ADMIN), a.grants(),
                notifications.unread());
    }
}
