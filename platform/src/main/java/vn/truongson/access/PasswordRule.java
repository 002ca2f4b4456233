package vn.truongson.access;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.passay.DictionaryRule;
import org.passay.DictionarySubstringRule;
import org.passay.EnglishSequenceData;
import org.passay.IllegalSequenceRule;
import org.passay.LengthRule;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.RepeatCharacterRegexRule;
import org.passay.RuleResult;
import org.passay.UsernameRule;
import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.WordLists;
import org.passay.dictionary.sort.ArraysSort;
import vn.truongson.core.DomainException.FieldError;

/**
 * The password rule, after NIST SP 800-63B §5.1.1.2 (checked with Passay): 12 to 128 characters, no composition
 * rules, and none of: a password from the bundled list of common ones (53,829, see {@code common-passwords.NOTICE.md}),
 * five or more repeated or sequential characters, the username, the person's name, the platform's name. Applied
 * wherever a person or an administrator sets a password; the demo loader's documented seed password is not set
 * through it.
 */
public final class PasswordRule {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    /**
     * The documented demo password of the seeded demo accounts (README.md). It names the platform, so the rule refuses
     * it; in demo mode only, {@link Accounts#create} lets it through for new accounts too.
     */
    public static final String DEMO_PASSWORD = "TruongSon@2026";

    /** The platform's own names, as they look with diacritics, spaces and case taken away. */
    static final List<String> PLATFORM_NAMES = List.of("truongson");

    private static volatile @Nullable WordListDictionary common;

    private PasswordRule() {}

    /**
     * What is wrong with a new password, as errors on {@code field} (empty: it may be used).
     *
     * @param fullName the person's name, or null when not known yet
     */
    public static List<FieldError> check(String field, String password, @Nullable String username, @Nullable String fullName) {
        var errors = new ArrayList<FieldError>();
        RuleResult basic = new PasswordValidator(List.of(
                new LengthRule(MIN_LENGTH, MAX_LENGTH),
                new RepeatCharacterRegexRule(5),
                new IllegalSequenceRule(EnglishSequenceData.Alphabetical, 5, false),
                new IllegalSequenceRule(EnglishSequenceData.Numerical, 5, false),
                new IllegalSequenceRule(EnglishSequenceData.USQwerty, 5, false),
                new DictionaryRule(commonPasswords())))
                .validate(new PasswordData(password));
        for (var d : basic.getDetails()) {
            String code = d.getErrorCode();
            String key = switch (code) {
                case LengthRule.ERROR_CODE_MIN, LengthRule.ERROR_CODE_MAX -> "problem.password.length";
                case DictionaryRule.ERROR_CODE, DictionaryRule.ERROR_CODE_REVERSED -> "problem.password.common";
                default -> code.endsWith("SEQUENCE") ? "problem.password.sequence" : "problem.password.repetitive";
            };
            FieldError e = key.equals("problem.password.length")
                    ? new FieldError(field, key, MIN_LENGTH, MAX_LENGTH) : new FieldError(field, key);
            if (errors.stream().noneMatch(x -> x.messageKey().equals(key))) errors.add(e);
        }
        if (username != null && username.length() >= 3) {
            RuleResult r = new PasswordValidator(new UsernameRule(true, true)).validate(new PasswordData(username, password));
            if (!r.isValid()) errors.add(new FieldError(field, "problem.password.username"));
        }
        String folded = fold(password);
        if (PLATFORM_NAMES.stream().anyMatch(folded::contains)) errors.add(new FieldError(field, "problem.password.platform"));
        if (fullName != null && !nameParts(fullName).isEmpty()) {
            var names = new DictionarySubstringRule(new WordListDictionary(new ArrayWordList(nameParts(fullName).toArray(String[]::new), false, new ArraysSort())));
            if (!new PasswordValidator(names).validate(new PasswordData(folded)).isValid()) errors.add(new FieldError(field, "problem.password.name"));
        }
        return errors;
    }

    /** Lower case, no diacritics (đ as d), letters and digits only: how a name hides in a password. */
    static String fold(String s) {
        String n = Normalizer.normalize(s.toLowerCase(Locale.ROOT).replace('đ', 'd'), Normalizer.Form.NFD);
        return n.replaceAll("\\p{M}", "").replaceAll("[^\\p{Alnum}]", "");
    }

    /** The parts of a name worth refusing: each of four letters or more, and the whole name run together. */
    static Set<String> nameParts(String fullName) {
        var parts = new LinkedHashSet<String>();
        for (String w : fullName.trim().split("\\s+")) {
            String f = fold(w);
            if (f.length() >= 4) parts.add(f);
        }
        String whole = fold(fullName);
        if (whole.length() >= 4) parts.add(whole);
        return parts;
    }

    static WordListDictionary commonPasswords() {
        WordListDictionary d = common;
        if (d == null) {
            synchronized (PasswordRule.class) {
                d = common;
                if (d == null) {
                    try (Reader r = new InputStreamReader(Objects.requireNonNull(PasswordRule.class.getResourceAsStream("common-passwords.txt"),
                            "common-passwords.txt"), StandardCharsets.UTF_8)) {
                        ArrayWordList words = WordLists.createFromReader(new Reader[] {r}, false, new ArraysSort());
                        common = d = new WordListDictionary(words);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return d;
    }

    /** How many common passwords are bundled (for the tests and the documentation). */
    static int commonPasswordCount() {
        return commonPasswords().getWordList().size();
    }
}
