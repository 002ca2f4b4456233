package vn.truongson.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Year;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The structure of DOMAIN-VN.md §6, generated and corrupted. */
class IdNumberProperties {

    static final Year NOW = Year.of(2026);

    record Parts(String province, Gender gender, int year, String random) {}

    @Provide
    Arbitrary<Parts> parts() {
        return Combinators.combine(
                Arbitraries.of(List.copyOf(Provinces.all().keySet())),
                Arbitraries.of(Gender.class),
                Arbitraries.integers().between(1900, NOW.getValue()),
                Arbitraries.strings().numeric().ofLength(6)).as(Parts::new);
    }

    @Property
    void everyWellFormedNumberValidatesAndRoundTrips(@ForAll("parts") Parts p) {
        IdNumber n = IdNumber.of(p.province(), p.gender(), p.year(), p.random());
        IdNumber.Check c = IdNumber.check(n.value(), NOW);
        assertThat(c.problems()).isEmpty();
        assertThat(c.provinceCode()).isEqualTo(p.province());
        assertThat(c.provinceName()).isEqualTo(Provinces.all().get(p.province()));
        assertThat(c.gender()).isEqualTo(p.gender());
        assertThat(c.birthYearFrom()).isEqualTo(p.year());
        assertThat(c.birthYearTo()).isEqualTo(p.year());
        assertThat(IdNumber.parse("idNumber", n.value(), NOW)).isEqualTo(n);
    }

    /** No checksum: a changed digit can give another valid number, but then it reads as exactly that number. */
    @Property
    void aChangedDigitIsCaughtOrReadsAsTheNewDigitsSay(@ForAll("parts") Parts p, @ForAll @IntRange(min = 0, max = 11) int position,
            @ForAll @IntRange(min = 0, max = 9) int digit) {
        String s = IdNumber.of(p.province(), p.gender(), p.year(), p.random()).value();
        String bad = s.substring(0, position) + digit + s.substring(position + 1);
        IdNumber.Check c = IdNumber.check(bad, NOW);
        String province = bad.substring(0, 3);
        int d4 = bad.charAt(3) - '0';
        int year = 1900 + d4 / 2 * 100 + Integer.parseInt(bad.substring(4, 6));
        List<String> codes = c.problems().stream().map(IdNumber.Problem::code).toList();
        if (!Provinces.all().containsKey(province)) assertThat(codes).contains("UNKNOWN_PROVINCE");
        if (1900 + d4 / 2 * 100 > NOW.getValue()) assertThat(codes).contains("IMPOSSIBLE_CENTURY");
        else if (year > NOW.getValue()) assertThat(codes).contains("FUTURE_BIRTH_YEAR");
        if (c.valid()) {
            assertThat(c.provinceCode()).isEqualTo(province);
            assertThat(c.gender()).isEqualTo(d4 % 2 == 0 ? Gender.MALE : Gender.FEMALE);
            assertThat(c.birthYearFrom()).isEqualTo(year);
        }
    }

    @Property
    void aNonDigitAnywhereIsCaughtWithItsPosition(@ForAll("parts") Parts p, @ForAll @IntRange(min = 0, max = 11) int position,
            @ForAll("nonDigits") char ch) {
        String s = IdNumber.of(p.province(), p.gender(), p.year(), p.random()).value();
        String bad = s.substring(0, position) + ch + s.substring(position + 1);
        IdNumber.Check c = IdNumber.check(bad, NOW);
        assertThat(c.valid()).isFalse();
        assertThat(c.problems()).anySatisfy(pr -> {
            assertThat(pr.code()).isEqualTo("NOT_DIGITS");
            assertThat(pr.args()[0].toString()).contains(String.valueOf(position + 1));
        });
    }

    @Provide
    Arbitrary<Character> nonDigits() {
        return Arbitraries.chars().filter(c -> c < '0' || c > '9');
    }

    @Property
    void aMissingOrExtraDigitIsCaught(@ForAll("parts") Parts p, @ForAll @IntRange(min = 0, max = 11) int position, @ForAll boolean drop) {
        String s = IdNumber.of(p.province(), p.gender(), p.year(), p.random()).value();
        String bad = drop ? s.substring(0, position) + s.substring(position + 1) : s.substring(0, position) + "7" + s.substring(position);
        assertThat(IdNumber.check(bad, NOW).problems()).extracting(IdNumber.Problem::code).contains("LENGTH");
    }

    @Example
    void everyProblemAtOnce() {
        // 13 characters, a letter, province 003 (none), digit 4 = 9 (the 2300s).
        IdNumber.Check c = IdNumber.check("0039x12345678", NOW);
        assertThat(c.problems()).extracting(IdNumber.Problem::code)
                .containsExactly("LENGTH", "NOT_DIGITS", "UNKNOWN_PROVINCE", "IMPOSSIBLE_CENTURY");
        assertThat(IdNumber.check("001230123456", NOW).problems()).extracting(IdNumber.Problem::code).containsExactly("FUTURE_BIRTH_YEAR");
        IdNumber.Check ok = IdNumber.check("079301012345", NOW);
        assertThat(ok.valid()).isTrue();
        assertThat(ok.provinceName()).isEqualTo("TP. Hồ Chí Minh");
        assertThat(ok.gender()).isEqualTo(Gender.FEMALE);
        assertThat(ok.birthYearFrom()).isEqualTo(2001);
    }

    @Example
    void maskedKeepsProvinceAndLastThree() {
        assertThat(IdNumber.masked("001099012345")).isEqualTo("001******345");
    }
}
