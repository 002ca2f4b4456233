package vn.truongson.publicservice.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import vn.truongson.core.DomainException;
import vn.truongson.core.Problems;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;
import vn.truongson.publicservice.Forms;

/** What the portal's and the back office's screens share: Vietnamese times, field errors, uploads from a form. */
@Component("publicServiceScreens")
public class ScreenSupport {

    private final Problems problems;

    ScreenSupport(Problems problems) {
        this.problems = problems;
    }

    /** For templates: "09:00 06/03/2026". */
    public String time(@Nullable Instant at) {
        return Forms.shortTime(at);
    }

    public boolean overdue(Dossier.Step s) {
        return s.dueAt() != null && s.completedAt() == null && Instant.now().isAfter(s.dueAt());
    }

    Map<String, String> errors(DomainException.BadInput e, Locale locale) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DomainException.FieldError fe : e.errors()) {
            String field = fe.field().startsWith("formData.") ? fe.field().substring("formData.".length()) : fe.field();
            out.merge(field, problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        }
        return out;
    }

    String message(DomainException e, Locale locale) {
        if (e instanceof DomainException.BadInput b) return String.join(" ", errors(b, locale).values());
        return problems.message(e.messageKey(), e.args(), locale);
    }

    /** The form's own fields (named f.<name>) as form data. */
    static Map<String, Object> formData(Map<String, String> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k.startsWith("f.") && v != null && !v.isBlank()) out.put(k.substring(2), v);
        });
        return out;
    }

    static List<Dossiers.Upload> uploads(@Nullable MultipartHttpServletRequest request) {
        if (request == null) return List.of();
        List<Dossiers.Upload> out = new ArrayList<>();
        request.getMultiFileMap().forEach((name, files) -> {
            for (MultipartFile f : files) {
                if (f.isEmpty()) continue;
                String component = name.startsWith("attachments.") ? name.substring("attachments.".length()) : name;
                out.add(new Dossiers.Upload(component, f.getOriginalFilename() == null ? component : f.getOriginalFilename(), () -> {
                    try {
                        return f.getInputStream();
                    } catch (java.io.IOException e) {
                        throw new DomainException.BadInput("attachments." + component, "publicservice.upload.unreadable", component);
                    }
                }));
            }
        });
        return out;
    }

    /** dd/MM/yyyy or yyyy-MM-dd; a 400 on applicant.dateOfBirth otherwise. */
    static java.time.LocalDate date(String s) {
        try {
            return s.contains("/") ? java.time.LocalDate.parse(s.strip(), java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu"))
                    : java.time.LocalDate.parse(s.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new DomainException.BadInput("applicant.dateOfBirth", "problem.field.format");
        }
    }
}
