package vn.truongson.publicservice;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.VietnameseText;
import vn.truongson.publicservice.Procedure.Field;
import vn.truongson.publicservice.Procedure.Form;

/**
 * Checks form data against the procedure's own form: each field's problem is named {@code formData.<name>} and
 * spoken with the field's label, in Vietnamese. Answers the cleaned values (NFC, trimmed, dates as yyyy-MM-dd).
 */
final class FormRules {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
    static final Pattern PHONE = Pattern.compile("0\\d{9,10}");
    static final Pattern ID_NUMBER = Pattern.compile("\\d{12}");
    static final DateTimeFormatter VN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    static final int MAX_TEXT = 2000;

    private FormRules() {}

    record Checked(Map<String, Object> values, List<FieldError> errors) {}

    static Checked check(Form form, @Nullable Map<String, Object> data) {
        Map<String, Object> in = data == null ? Map.of() : data;
        Map<String, Object> out = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        for (String key : in.keySet()) {
            if (form.fields().stream().noneMatch(f -> f.name().equals(key))) errors.add(new FieldError("formData." + key, "publicservice.form.unknown", key));
        }
        for (Field f : form.fields()) {
            String path = "formData." + f.name();
            Object raw = in.get(f.name());
            String s = raw == null ? "" : VietnameseText.nfc(String.valueOf(raw)).strip();
            if (s.isEmpty() || (f.type() == Procedure.FieldType.CHECKBOX && !"true".equalsIgnoreCase(s) && f.required())) {
                if (f.required()) errors.add(new FieldError(path, "publicservice.form.required", f.label()));
                continue;
            }
            if (s.length() > MAX_TEXT) {
                errors.add(new FieldError(path, "publicservice.form.length", f.label(), 0, MAX_TEXT));
                continue;
            }
            if (VietnameseText.firstControlChar(s, f.type() == Procedure.FieldType.TEXTAREA) >= 0) {
                errors.add(new FieldError(path, "publicservice.form.invalid", f.label()));
                continue;
            }
            switch (f.type()) {
                case TEXT, TEXTAREA -> {
                    if (f.min() != null && s.length() < f.min()) errors.add(new FieldError(path, "publicservice.form.length", f.label(), f.min(), f.max() == null ? MAX_TEXT : f.max()));
                    else if (f.max() != null && s.length() > f.max()) errors.add(new FieldError(path, "publicservice.form.length", f.label(), f.min() == null ? 0 : f.min(), f.max()));
                    else if (f.pattern() != null && !Pattern.compile(f.pattern()).matcher(s).matches()) {
                        errors.add(new FieldError(path, "publicservice.form.pattern", f.label(), f.help() == null ? "" : f.help()));
                    } else out.put(f.name(), s);
                }
                case DATE -> {
                    LocalDate d = date(s);
                    if (d == null) errors.add(new FieldError(path, "publicservice.form.date", f.label()));
                    else out.put(f.name(), d.toString());
                }
                case NUMBER -> {
                    try {
                        long v = Long.parseLong(s);
                        if ((f.min() != null && v < f.min()) || (f.max() != null && v > f.max())) {
                            errors.add(new FieldError(path, "publicservice.form.range", f.label(), f.min() == null ? "" : f.min(), f.max() == null ? "" : f.max()));
                        } else out.put(f.name(), v);
                    } catch (NumberFormatException e) {
                        errors.add(new FieldError(path, "publicservice.form.number", f.label()));
                    }
                }
                case EMAIL -> {
                    if (!EMAIL.matcher(s).matches()) errors.add(new FieldError(path, "publicservice.form.email", f.label()));
                    else out.put(f.name(), s);
                }
                case PHONE -> {
                    String p = s.replace(" ", "").replace(".", "");
                    if (p.startsWith("+84")) p = "0" + p.substring(3);
                    if (!PHONE.matcher(p).matches()) errors.add(new FieldError(path, "publicservice.form.phone", f.label()));
                    else out.put(f.name(), p);
                }
                case ID_NUMBER -> {
                    if (!ID_NUMBER.matcher(s).matches()) errors.add(new FieldError(path, "publicservice.form.id-number", f.label()));
                    else out.put(f.name(), s);
                }
                case SELECT -> {
                    if (!f.options().contains(s)) errors.add(new FieldError(path, "publicservice.form.option", f.label(), String.join(", ", f.options())));
                    else out.put(f.name(), s);
                }
                case CHECKBOX -> {
                    if (!"true".equalsIgnoreCase(s) && !"false".equalsIgnoreCase(s)) errors.add(new FieldError(path, "publicservice.form.invalid", f.label()));
                    else out.put(f.name(), Boolean.parseBoolean(s.toLowerCase()));
                }
            }
        }
        return new Checked(out, errors);
    }

    /** yyyy-MM-dd (the API) or dd/MM/yyyy (people). */
    static @Nullable LocalDate date(String s) {
        try {
            return s.contains("/") ? LocalDate.parse(s, VN_DATE) : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
