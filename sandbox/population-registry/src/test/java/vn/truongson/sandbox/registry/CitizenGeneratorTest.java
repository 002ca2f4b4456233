package vn.truongson.sandbox.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The synthetic population: reproducible from its seed, every ID number consistent with its person. */
class CitizenGeneratorTest {

    @Test
    void theSameSeedGivesTheSamePeopleAndAnotherSeedOthers() {
        var a = CitizenGenerator.generate(7, 20_000);
        var b = CitizenGenerator.generate(7, 20_000);
        assertThat(a.citizens.toString()).isEqualTo(b.citizens.toString());
        assertThat(a.households.toString()).isEqualTo(b.households.toString());
        assertThat(CitizenGenerator.generate(8, 20_000).citizens.toString()).isNotEqualTo(a.citizens.toString());
    }

    @Test
    void aHundredThousandWellFormedCitizensWithTheEdgeCases() {
        var g = CitizenGenerator.generate(20260101L, 100_000);
        assertThat(g.count).isEqualTo(100_000);
        Set<String> ids = new HashSet<>();
        int deceased = 0, renamed = 0, minors = 0, elderly = 0;
        Set<String> provinces = new HashSet<>();
        for (String line : g.citizens.toString().split("\n")) {
            String[] f = line.split(",", -1);
            String id = f[0];
            assertThat(id).matches("\\d{12}");
            assertThat(ids.add(id)).as("unique %s", id).isTrue();
            assertThat(Provinces.NAMES).containsKey(id.substring(0, 3));
            assertThat(id.substring(0, 3)).isEqualTo(f[9]);
            LocalDate born = LocalDate.parse(f[8]);
            boolean male = f[7].equals("MALE");
            int d4 = id.charAt(3) - '0';
            assertThat(1900 + d4 / 2 * 100 + Integer.parseInt(id.substring(4, 6))).isEqualTo(born.getYear());
            assertThat(d4 % 2 == 0).isEqualTo(male);
            String fullName = f[4].replace("\"", "");
            assertThat(Normalizer.isNormalized(fullName, Normalizer.Form.NFC)).isTrue();
            assertThat(fullName.split(" ").length).isGreaterThanOrEqualTo(3);
            provinces.add(id.substring(0, 3));
            if (!f[12].isEmpty()) {
                deceased++;
                assertThat(LocalDate.parse(f[12])).isAfterOrEqualTo(born);
            }
            if (!f[5].isEmpty()) renamed++;
            int age = CitizenGenerator.REFERENCE_DAY.getYear() - born.getYear();
            if (age < 18) minors++;
            if (age >= 70) elderly++;
        }
        assertThat(provinces).hasSize(63);
        assertThat(deceased).isBetween(500, 10_000);
        assertThat(renamed).isBetween(200, 3_000);
        assertThat(minors).isGreaterThan(5_000);
        assertThat(elderly).isGreaterThan(3_000);
    }

    @Test
    void nameComparisonIgnoresCaseSpacingAndNormalForm() {
        String nfd = Normalizer.normalize("Lê Hoàng Nam", Normalizer.Form.NFD);
        assertThat(RegistryController.sameName("Lê Hoàng Nam", "  LÊ   HOÀNG nam ")).isTrue();
        assertThat(RegistryController.sameName("Lê Hoàng Nam", nfd)).isTrue();
        assertThat(RegistryController.sameName("Lê Hoàng Nam", "Le Hoang Nam")).isFalse();
    }
}
