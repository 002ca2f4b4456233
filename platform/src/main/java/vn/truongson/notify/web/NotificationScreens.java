package vn.truongson.notify.web;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.core.Ids;
import vn.truongson.notify.DeliveryState;
import vn.truongson.notify.Notification;
import vn.truongson.notify.Notifications;

/** The person's notifications on screen: newest first, unread ones marked, each opened or marked read in one click. */
@Controller
class NotificationScreens {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    /** A channel's delivery as the page shows it: only those that were attempted. */
    record DeliveryLine(String channel, String state) {}

    record Line(String id, String kind, String title, String body, @Nullable String link, String when, boolean unread, List<DeliveryLine> sent) {
        static Line of(Notification n) {
            var sent = n.deliveries().stream().filter(d -> d.state() != DeliveryState.SKIPPED && d.channel() != vn.truongson.notify.Channel.IN_APP)
                    .map(d -> new DeliveryLine(d.channel().name(), d.state().name())).toList();
            return new Line(Ids.str(n.id()), n.kind(), n.title(), n.body(), n.link(), WHEN.format(n.createdAt().atZone(NotificationController.ZONE)),
                    n.unread(), sent);
        }
    }

    private final Notifications notifications;
    private final MessageSource messages;

    NotificationScreens(Notifications notifications, MessageSource messages) {
        this.notifications = notifications;
        this.messages = messages;
    }

    @GetMapping("/office/notifications")
    String page(@RequestParam(defaultValue = "false") boolean unread, Model model) {
        var inbox = notifications.mine(Notifications.MAX_LIST, unread);
        model.addAttribute("lines", inbox.notifications().stream().map(Line::of).toList());
        model.addAttribute("unreadCount", inbox.unread());
        model.addAttribute("unreadOnly", unread);
        return "notify/notifications";
    }

    @PostMapping("/office/notifications/{id}/read")
    String read(@PathVariable long id, @RequestParam(defaultValue = "false") boolean unread) {
        notifications.markRead(id);
        return "redirect:/office/notifications" + (unread ? "?unread=true" : "");
    }

    /** Opens what the notification is about, marking it read on the way. Its link is always a path here (see {@link Notifications#send}). */
    @PostMapping("/office/notifications/{id}/open")
    String open(@PathVariable long id) {
        Notification n = notifications.markRead(id);
        return "redirect:" + (n.link() == null ? "/office/notifications" : n.link());
    }

    @PostMapping("/office/notifications/read-all")
    String readAll(Locale locale, RedirectAttributes redirect) {
        int marked = notifications.markAllRead();
        redirect.addFlashAttribute("notice", messages.getMessage("notify.marked-all", new Object[] {marked}, locale));
        return "redirect:/office/notifications";
    }
}
