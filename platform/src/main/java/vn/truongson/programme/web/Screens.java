package vn.truongson.programme.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.core.Problems;
import vn.truongson.paper.Figures;
import vn.truongson.programme.Period;

/** What the programme's screens share: Vietnamese dates, numbers as people type them, and inline field errors. */
@Component
class Screens {

    /** ARCHITECTURE.md §3: dates as dd/MM/yyyy (paper's Figures, as documents write them), instants in Vietnam time. */
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT).withZone(Period.ZONE);
    static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy", Locale.ROOT);
    /** As people type dates: 1/7/2026 or 01/07/2026, and no 31/02. */
    static final DateTimeFormatter TYPED_DATE = DateTimeFormatter.ofPattern("d/M/uuuu", Locale.ROOT).withResolverStyle(java.time.format.ResolverStyle.STRICT);

    private final Problems problems;
    private final MessageSource messages;

    Screens(Problems problems, MessageSource messages) {
        this.problems = problems;
        this.messages = messages;
    }

    static String date(LocalDate d) {
        return Figures.date(d);
    }

    static String dateTime(Instant i) {
        return DATE_TIME.format(i);
    }

    static String month(Period p) {
        return MONTH.format(p.month());
    }

    /** A figure to read: 12.000 and 95,5 in Vietnamese (as documents write them), 12,000 and 95.5 in English. */
    static String number(BigDecimal v, Locale locale) {
        if (!english(locale)) return Figures.number(v);
        var f = java.text.NumberFormat.getNumberInstance(Locale.UK);
        f.setMaximumFractionDigits(2);
        return f.format(v);
    }

    /** A figure to edit again: no grouping (a typed "12.000" would be refused as ambiguous), the reader's decimal mark. */
    static String editable(BigDecimal v, Locale locale) {
        String s = v.stripTrailingZeros().toPlainString();
        return english(locale) ? s : s.replace('.', ',');
    }

    static boolean english(Locale locale) {
        return "en".equals(locale.getLanguage());
    }

    String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** Field → message(s) in the reader's language; {@code rename} maps a service's field to the form's control. */
    Map<String, String> fieldErrors(DomainException.BadInput e, Locale locale, UnaryOperator<String> rename) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FieldError fe : e.errors()) {
            out.merge(rename.apply(fe.field()), problems.message(fe.messageKey(), fe.args(), locale), (a, b) -> a + " " + b);
        }
        return out;
    }

    Map<String, String> fieldErrors(DomainException.BadInput e, Locale locale) {
        return fieldErrors(e, locale, UnaryOperator.identity());
    }

    String problem(DomainException e, Locale locale) {
        return problems.message(e.messageKey(), e.args(), locale);
    }

    // ---- parsing form fields: each adds a field error rather than throwing, so a form names all at once ----

    static @Nullable Integer integer(String field, String value, List<FieldError> errors) {
        if (value.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "problem.field.type"));
            return null;
        }
    }

    /** A number as typed: "95", "95.5" or, the Vietnamese way, "95,5"; blank is null. Grouping separators are refused, not guessed. */
    static @Nullable BigDecimal decimal(String field, @Nullable String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip().replace('\u00a0', ' ').replace(" ", "");
        if (v.indexOf(',') >= 0 && v.indexOf('.') < 0 && v.indexOf(',') == v.lastIndexOf(',')) v = v.replace(',', '.');
        try {
            BigDecimal n = new BigDecimal(v);
            // The platform's one range (API.md): finite, |x| ≤ 10¹⁵, at most 6 decimals.
            return vn.truongson.core.Inputs.checkNumber(errors, field, n) ? n : null;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "problem.field.type"));
            return null;
        }
    }

    static @Nullable Long id(String field, String value, List<FieldError> errors) {
        try {
            return vn.truongson.core.Ids.parse(field, value);
        } catch (DomainException.BadInput e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    static List<Long> ids(String field, List<String> values, List<FieldError> errors) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isBlank()) continue;
            Long id = id(field + "[" + i + "]", values.get(i), errors);
            if (id != null) out.add(id);
        }
        return out;
    }

    static <E extends Enum<E>> @Nullable E enumeration(Class<E> type, String field, String value, List<FieldError> errors) {
        return vn.truongson.core.Inputs.requiredEnum(type, field, value, errors);
    }

    /** A date from a date picker (yyyy-MM-dd) or typed as dd/MM/yyyy. */
    static @Nullable LocalDate localDate(String field, String value, List<FieldError> errors) {
        if (value.isBlank()) {
            errors.add(new FieldError(field, "problem.field.required"));
            return null;
        }
        String v = value.strip();
        try {
            return v.contains("/") ? LocalDate.parse(v, TYPED_DATE) : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "problem.field.format"));
            return null;
        }
    }

    /** The period a plan's screens start at: this month when it is in the plan's year, else the nearest month of that year. */
    static Period periodFor(int year, YearMonth now) {
        if (now.getYear() == year) return new Period(now);
        return now.getYear() < year ? Period.of(year, 1) : Period.of(year, 12);
    }
}
