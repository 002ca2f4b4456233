package vn.truongson.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import vn.truongson.core.VietnameseText;

/**
 * The audit trail's actions, zones and addresses as a reader knows them (issue 13): "Đăng nhập", not "signin";
 * "Mạng truyền số liệu quân sự", not "military-network"; "::1", not "0:0:0:0:0:0:0:1". The codes stay in the CSV and
 * the API. The action filter takes words too: "gửi văn bản" finds document.send.
 */
final class AuditActions {

    /** Every action the platform records, each named by audit.action.&lt;code&gt; in messages*.properties. */
    static final List<String> CODES = List.of(
            "signin",
            "signin.recovery-code",
            "account.password.change",
            "account.recovery-codes.renew",
            "account.totp.enrol",
            "account.unlock",
            "access.zone.refused",
            "audit.export",
            "bootstrap.admin",
            "calendar.day.delete",
            "calendar.day.save",
            "classified.read",
            "demo.load",
            "document.draft",
            "document.sign",
            "document.issue",
            "document.send",
            "document.receive",
            "document.assign",
            "document.progress",
            "document.close",
            "document.open",
            "document.download",
            "document.print",
            "document.edxml.import",
            "document.register.open",
            "grant.create",
            "grant.delete",
            "notify.notification.create",
            "notify.notification.read",
            "notify.notification.read-all",
            "official.clearance.approve",
            "official.clearance.refuse",
            "official.clearance.request",
            "official.clearance.supersede",
            "official.create",
            "official.update",
            "population.bulk-job.download",
            "population.bulk-job.submit",
            "population.bulk-verify",
            "population.verify",
            "programme.assignment.cascade",
            "programme.assignment.create",
            "programme.evidence.attach",
            "programme.group.create",
            "programme.plan.amend",
            "programme.plan.create",
            "programme.plan.issue",
            "programme.plan.issue-historical",
            "programme.reminders.run",
            "programme.report.import",
            "programme.report.submit",
            "programme.task.create",
            "programme.task.import",
            "publicservice.dossier.advance",
            "publicservice.dossier.apology",
            "publicservice.dossier.escalate",
            "publicservice.dossier.receive",
            "publicservice.dossier.reject",
            "publicservice.dossier.request-supplement",
            "publicservice.dossier.return",
            "publicservice.dossier.send-back",
            "publicservice.dossier.submit",
            "publicservice.dossier.supplement",
            "publicservice.procedure.publish",
            "publicservice.procedure.update",
            "publicservice.procedure.withdraw",
            "publicservice.statistics.export",
            "secops.malware.refused",
            "secops.scanner.unavailable",
            "signing.ca.create",
            "signing.certificate.issue",
            "signing.certificate.revoke",
            "signing.key.unlock",
            "signing.master-key.create",
            "signing.sign.personal",
            "signing.sign.unit",
            "signing.signature-image.set",
            "unit.create",
            "unit.update",
            "zone.create",
            "zone.delete");

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._*|-]+");
    private static final Locale VI = Locale.forLanguageTag("vi");

    private AuditActions() {}

    static String name(MessageSource messages, String code, Locale locale) {
        return messages.getMessage("audit.action." + code, null, code, locale);
    }

    static String zone(MessageSource messages, @Nullable String zone, Locale locale) {
        if (zone == null || zone.isBlank()) return messages.getMessage("audit.zone.unknown", null, "", locale);
        return messages.getMessage("zone." + zone, null, zone, locale);
    }

    /**
     * The filter as typed: a code or pattern ("signin", "unit.*") as it is; words ("đăng nhập", "gui van ban") become
     * the codes whose name, in Vietnamese or English, holds every word, as alternatives ("a|b"); none found, the words
     * stay as typed and find nothing.
     */
    static String filter(MessageSource messages, String typed) {
        String t = typed.strip();
        if (t.isEmpty() || CODE.matcher(t).matches()) return t;
        String[] words = VietnameseText.fold(t).split("\\s+");
        List<String> found = new ArrayList<>();
        for (String code : CODES) {
            String names = VietnameseText.fold(name(messages, code, VI) + " " + name(messages, code, Locale.ENGLISH) + " " + code);
            boolean all = true;
            for (String w : words) if (!w.isEmpty() && !names.contains(w)) all = false;
            if (all) found.add(code);
        }
        return found.isEmpty() ? t : String.join("|", found);
    }

    /** An address as people write it: IPv6 shortened (RFC 5952: "::1"), IPv4 as it is. */
    static String ip(@Nullable String ip) {
        if (ip == null || ip.indexOf(':') < 0) return ip == null ? "" : ip;
        String[] parts = ip.split(":", -1);
        if (parts.length != 8) return ip.toLowerCase(Locale.ROOT);
        String[] h = new String[8];
        for (int i = 0; i < 8; i++) {
            try {
                h[i] = Integer.toHexString(Integer.parseInt(parts[i], 16));
            } catch (NumberFormatException e) {
                return ip.toLowerCase(Locale.ROOT);
            }
        }
        int bestAt = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (!h[i].equals("0")) { i++; continue; }
            int j = i;
            while (j < 8 && h[j].equals("0")) j++;
            if (j - i > bestLen) { bestAt = i; bestLen = j - i; }
            i = j;
        }
        if (bestLen < 2) return String.join(":", h);
        String left = String.join(":", java.util.Arrays.copyOfRange(h, 0, bestAt));
        String right = String.join(":", java.util.Arrays.copyOfRange(h, bestAt + bestLen, 8));
        return left + "::" + right;
    }
}
