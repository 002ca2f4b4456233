package vn.truongson.population;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.DomainException.BadInput;

/**
 * A well-formed personal identification number (số định danh cá nhân, Decree 137/2015/NĐ-CP Art. 7;
 * Circular 59/2021/TT-BCA Art. 7): 12 digits, no checksum. Digits 1–3 the province of birth registration,
 * digit 4 century and gender, digits 5–6 the year of birth within the century, 7–12 random. Only the
 * structure can be checked here; whether the number was issued is the registry's answer.
 */
public record IdNumber(String value, String provinceCode, Gender gender, int birthYear) {

    public static final int LENGTH = 12;

    /** One thing wrong with a candidate number: a message key and its arguments. */
    public record Problem(String code, String messageKey, Object... args) {

        /** The problem in Vietnamese, as the result files of the lists write it (issue 13: never the code, "LENGTH"). */
        public String vietnamese() {
            try {
                var bundle = java.util.ResourceBundle.getBundle("messages_population", java.util.Locale.ROOT,
                        java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
                return new java.text.MessageFormat(bundle.getString(messageKey), java.util.Locale.forLanguageTag("vi")).format(args);
            } catch (RuntimeException e) {
                return code;
            }
        }
    }

    /**
     * Everything the structure says about a candidate number, and every problem found at once (a clerk
     * correcting a typed number should see them all, not one per attempt).
     */
    public record Check(String input, List<Problem> problems, @Nullable String provinceCode, @Nullable String provinceName,
            @Nullable Gender gender, @Nullable Integer birthYearFrom, @Nullable Integer birthYearTo) {
        public boolean valid() { return problems.isEmpty(); }
    }

    public IdNumber {
        Check c = check(value, null);
        if (!c.valid() || !provinceCode.equals(c.provinceCode()) || gender != c.gender() || !Integer.valueOf(birthYear).equals(c.birthYearFrom())) {
            throw new IllegalArgumentException("not a well-formed ID number, or parts that disagree with it");
        }
    }

    /** The number, or a 400 naming {@code field} with the first problem. */
    public static IdNumber parse(String field, @Nullable String raw, Year now) {
        Check c = check(raw == null ? "" : raw, now);
        if (!c.valid()) {
            Problem p = c.problems().getFirst();
            throw new BadInput(field, p.messageKey(), p.args());
        }
        return fromChecked(c);
    }

    private static IdNumber fromChecked(Check c) {
        return new IdNumber(c.input(), c.provinceCode(), c.gender(), c.birthYearFrom());
    }

    /** A number from its parts: the inverse of {@link #check}. */
    public static IdNumber of(String provinceCode, Gender gender, int birthYear, String random6) {
        if (birthYear < 1900 || birthYear > 2399) throw new IllegalArgumentException("birth year out of range: " + birthYear);
        int century = (birthYear - 1900) / 100;
        int digit4 = century * 2 + (gender == Gender.FEMALE ? 1 : 0);
        return new IdNumber(provinceCode + digit4 + String.format("%02d", birthYear % 100) + random6, provinceCode, gender, birthYear);
    }

    /**
     * Checks the structure. {@code now} (null: no check against the current year) rejects a century
     * that has not begun and a year of birth still to come.
     */
    public static Check check(String input, @Nullable Year now) {
        List<Problem> problems = new ArrayList<>();
        if (input.length() != LENGTH) problems.add(new Problem("LENGTH", "population.id.length", LENGTH, input.length()));
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < input.length(); i++) {
            char ch = input.charAt(i);
            if (ch < '0' || ch > '9') bad.add(i + 1);
        }
        if (!bad.isEmpty()) {
            problems.add(new Problem("NOT_DIGITS", "population.id.not-digits", String.join(", ", bad.stream().map(String::valueOf).toList())));
        }
        String provinceCode = null;
        String provinceName = null;
        if (input.length() >= 3 && digits(input, 0, 3)) {
            String code = input.substring(0, 3);
            var name = Provinces.name(code);
            if (name.isPresent()) {
                provinceCode = code;
                provinceName = name.get();
            } else {
                problems.add(new Problem("UNKNOWN_PROVINCE", "population.id.unknown-province", code));
            }
        }
        Gender gender = null;
        Integer year = null;
        if (input.length() >= 4 && digits(input, 3, 4)) {
            int d4 = input.charAt(3) - '0';
            gender = d4 % 2 == 0 ? Gender.MALE : Gender.FEMALE;
            int centuryStart = 1900 + (d4 / 2) * 100;
            if (now != null && centuryStart > now.getValue()) {
                problems.add(new Problem("IMPOSSIBLE_CENTURY", "population.id.impossible-century", String.valueOf(d4), centuryStart));
            } else if (input.length() >= 6 && digits(input, 4, 6)) {
                int y = centuryStart + Integer.parseInt(input.substring(4, 6));
                if (now != null && y > now.getValue()) {
                    problems.add(new Problem("FUTURE_BIRTH_YEAR", "population.id.future-birth-year", y));
                } else {
                    year = y;
                }
            }
        }
        return new Check(input, List.copyOf(problems), provinceCode, provinceName, gender, year, year);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** For logs and the audit trail (Decree 13/2023/NĐ-CP on personal data): province and the last 3 digits only. */
    public String masked() { return masked(value); }

    public static String masked(String raw) {
        if (raw.length() < 7) return "*".repeat(raw.length());
        return raw.substring(0, 3) + "*".repeat(raw.length() - 6) + raw.substring(raw.length() - 3);
    }

    @Override public String toString() { return masked(); }
}
