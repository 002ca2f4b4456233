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
    private final vn.truongson.publicservice.OfficerNames officers;

    ScreenSupport(Problems problems, vn.truongson.publicservice.OfficerNames officers) {
        this.problems = problems;
        this.officers = officers;
    }

    /** For templates: who acted, as people read it (the official's full name, not the username). */
    public String officer(@Nullable String actor) {
        return officers.of(actor);
    }

    /** For templates: a file size as a file manager shows it, with a decimal comma: "870 byte", "39 KB", "1,2 MB". */
    public String size(long bytes) {
        return sizeText(bytes);
    }

    /** "870 byte", "39 KB", "1,2 MB". */
    public static String sizeText(long bytes) {
        if (bytes < 1024) return bytes + " byte";
        if (bytes < 1000L * 1024) return Math.round(bytes / 1024.0) + " KB";
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0).replace('.', ',');
    }

    /** For templates: a number with a decimal comma and at most two decimals: "25,21", "18", "1.234,5". */
    public String decimal(double v) {
        return decimalText(v);
    }

    /** "25,21", "18", "1.234,5". */
    public static String decimalText(double v) {
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(Locale.forLanguageTag("vi-VN"));
        f.setMaximumFractionDigits(2);
        return f.format(v);
    }

    /** A procedure's component names by code, for a dossier's attachments. */
    static Map<String, String> componentNames(vn.truongson.publicservice.@Nullable Procedure p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (p != null) p.components().forEach(c -> out.put(c.code(), c.name()));
        return out;
    }

    /** For templates: a date "27/05/2008". */
    public String date(java.time.@Nullable LocalDate d) {
        return d == null ? "" : d.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
    }

    /** For templates: a form value as the applicant wrote it: dates dd/MM/yyyy (stored as ISO), a ticked box "Có". */
    public String value(vn.truongson.publicservice.Procedure.Field f, @Nullable Object v) {
        if (v == null) return "";
        String s = String.valueOf(v);
        return switch (f.type()) {
            case DATE -> {
                try {
                    yield date(java.time.LocalDate.parse(s));
                } catch (java.time.format.DateTimeParseException e) {
                    yield s;
                }
            }
            case CHECKBOX -> "true".equals(s) ? "Có" : "Không";
            default -> s;
        };
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
