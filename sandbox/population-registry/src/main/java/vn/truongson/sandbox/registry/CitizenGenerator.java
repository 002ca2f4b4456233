package vn.truongson.sandbox.registry;

import java.io.StringReader;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fills an empty registry with synthetic households and citizens, the same ones for the same seed: COPY
 * into PostgreSQL, so 100,000 citizens take a few seconds. Dates are drawn up to a fixed reference day,
 * not today, so that a seed gives the same people on any day.
 */
@Component
class CitizenGenerator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CitizenGenerator.class);

    static final LocalDate REFERENCE_DAY = LocalDate.of(2025, 12, 31);

    /** Documented people for demos and tests (see README.md). */
    record Fixture(String idNumber, String family, String middle, String given, String gender, LocalDate born,
            String previousFullName, LocalDate nameChangedOn, LocalDate deceasedOn) {}

    static final List<Fixture> FIXTURES = List.of(
            new Fixture("001090001234", "Nguyễn", "Văn", "An", "MALE", LocalDate.of(1990, 5, 14), null, null, null),
            new Fixture("079155000777", "Trần", "Thị", "Bích", "FEMALE", LocalDate.of(1955, 3, 2), null, null, LocalDate.of(2021, 8, 15)),
            new Fixture("048203000999", "Lê", "Hoàng", "Nam", "MALE", LocalDate.of(2003, 11, 20), "Lê Văn Tèo", LocalDate.of(2019, 6, 1), null),
            new Fixture("036307004321", "Phạm", "Thị Thu", "Hà", "FEMALE", LocalDate.of(2007, 9, 2), null, null, null));

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final int count;
    private final long seed;

    CitizenGenerator(DataSource dataSource, JdbcClient jdbc, Environment env) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.count = env.getProperty("sandbox.citizens.count", Integer.class, 100_000);
        this.seed = env.getProperty("sandbox.citizens.seed", Long.class, 20260101L);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (jdbc.sql("select count(*) from citizen").query(Long.class).single() > 0) {
            log.info("Sandbox registry already holds its synthetic citizens");
            return;
        }
        long t0 = System.nanoTime();
        Generated g = generate(seed, count);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy household (id, province_code, address) from stdin with (format csv)", new StringReader(g.households.toString()));
            copy.copyIn("copy citizen (id_number, family_name, middle_name, given_name, full_name, previous_full_name, name_changed_on, "
                    + "gender, date_of_birth, birth_province, household_id, relation_to_head, deceased_on) from stdin with (format csv)",
                    new StringReader(g.citizens.toString()));
            try (var st = c.prepareStatement("insert into generation (seed, count) values (?, ?)")) {
                st.setLong(1, seed);
                st.setInt(2, g.count);
                st.executeUpdate();
            }
            c.commit();
        }
        log.info("Generated {} synthetic citizens in {} households from seed {} in {} ms", g.count, g.householdCount, seed,
                (System.nanoTime() - t0) / 1_000_000);
    }

    static final class Generated {
        final StringBuilder households = new StringBuilder();
        final StringBuilder citizens = new StringBuilder();
        int count;
        long householdCount;
    }

    /** The CSV of households and citizens for a seed: pure, so a test can check it is reproducible. */
    static Generated generate(long seed, int target) {
        Random rng = new Random(seed);
        Generated g = new Generated();
        Set<String> used = new HashSet<>();
        long household = 0;
        for (Fixture f : FIXTURES) {
            used.add(f.idNumber());
            household++;
            String province = f.idNumber().substring(0, 3);
            g.households.append(household).append(',').append(province).append(',').append(csv(address(rng, province))).append('\n');
            row(g, f.idNumber(), f.family(), f.middle(), f.given(), f.previousFullName(), f.nameChangedOn(), f.gender(), f.born(), province,
                    household, "Chủ hộ", f.deceasedOn());
        }
        while (g.count < target) {
            household++;
            String province = pick(rng, Provinces.CODES);
            g.households.append(household).append(',').append(province).append(',').append(csv(address(rng, province))).append('\n');
            // The head: 22 to 90 years old at the reference day.
            boolean headMale = rng.nextInt(100) < 75;
            int headYear = REFERENCE_DAY.getYear() - 22 - rng.nextInt(69);
            String family = Names.family(rng);
            Person head = person(rng, used, province, headMale, headYear, family);
            add(g, rng, head, household, "Chủ hộ", province);
            int size = 1 + rng.nextInt(6);
            if (size > 1 && g.count < target) {
                int spouseYear = Math.max(1900, headYear + rng.nextInt(9) - 4);
                Person spouse = person(rng, used, province, !headMale, spouseYear, Names.family(rng));
                add(g, rng, spouse, household, headMale ? "Vợ" : "Chồng", province);
            }
            String childFamily = headMale ? family : Names.family(rng);
            for (int i = 2; i < size && g.count < target; i++) {
                int childYear = headYear + 20 + rng.nextInt(22);
                if (childYear > REFERENCE_DAY.getYear()) break;
                // Some children were registered where they were born, not where the household lives.
                String birthProvince = rng.nextInt(10) == 0 ? pick(rng, Provinces.CODES) : province;
                Person child = person(rng, used, birthProvince, rng.nextBoolean(), childYear, childFamily);
                add(g, rng, child, household, "Con", birthProvince);
            }
        }
        g.householdCount = household;
        return g;
    }

    record Person(String idNumber, String family, String middle, String given, boolean male, LocalDate born, String province) {}

    private static Person person(Random rng, Set<String> used, String province, boolean male, int year, String family) {
        LocalDate born = LocalDate.of(year, 1, 1).plusDays(rng.nextInt(LocalDate.of(year, 1, 1).lengthOfYear()));
        if (born.isAfter(REFERENCE_DAY)) born = REFERENCE_DAY;
        String id;
        do {
            id = idNumber(province, male, born.getYear(), rng.nextInt(1_000_000));
        } while (!used.add(id));
        return new Person(id, family, Names.middle(rng, male), Names.given(rng, male), male, born, province);
    }

    /** Digits 1–3 province, 4 century and gender, 5–6 year, 7–12 random (DOMAIN-VN.md §6). */
    static String idNumber(String province, boolean male, int year, int random) {
        int digit4 = (year - 1900) / 100 * 2 + (male ? 0 : 1);
        return province + digit4 + String.format("%02d%06d", year % 100, random);
    }

    private static void add(Generated g, Random rng, Person p, long household, String relation, String province) {
        int age = REFERENCE_DAY.getYear() - p.born().getYear();
        LocalDate deceased = null;
        // About 1 in 100 overall, far more among the old.
        int deathChance = age >= 80 ? 25 : age >= 65 ? 8 : 1;
        if (rng.nextInt(200) < deathChance) {
            long span = java.time.temporal.ChronoUnit.DAYS.between(p.born().plusYears(Math.min(age, 40)), REFERENCE_DAY);
            deceased = REFERENCE_DAY.minusDays(span <= 0 ? 0 : rng.nextLong(span));
        }
        String previous = null;
        LocalDate changedOn = null;
        if (age >= 2 && rng.nextInt(100) == 0) {
            // A changed given name (Civil Status Law 2014, Art. 26–28): the previous name is kept.
            String old = Names.given(rng, p.male());
            if (!old.equals(p.given())) {
                previous = String.join(" ", p.family(), p.middle(), old);
                changedOn = p.born().plusDays(1 + rng.nextLong(java.time.temporal.ChronoUnit.DAYS.between(p.born(), REFERENCE_DAY)));
            }
        }
        row(g, p.idNumber(), p.family(), p.middle(), p.given(), previous, changedOn, p.male() ? "MALE" : "FEMALE", p.born(), p.province(),
                household, relation, deceased);
    }

    private static void row(Generated g, String id, String family, String middle, String given, String previous, LocalDate changedOn,
            String gender, LocalDate born, String province, long household, String relation, LocalDate deceased) {
        StringBuilder b = g.citizens;
        b.append(id).append(',').append(csv(family)).append(',').append(csv(middle)).append(',').append(csv(given)).append(',')
                .append(csv(String.join(" ", family, middle, given))).append(',').append(previous == null ? "" : csv(previous)).append(',')
                .append(changedOn == null ? "" : changedOn).append(',').append(gender).append(',').append(born).append(',')
                .append(province).append(',').append(household).append(',').append(csv(relation)).append(',')
                .append(deceased == null ? "" : deceased).append('\n');
        g.count++;
    }

    private static String address(Random rng, String province) {
        return "Số " + (1 + rng.nextInt(200)) + ", " + pick(rng, Names.STREETS) + ", " + Provinces.NAMES.get(province);
    }

    static <T> T pick(Random rng, List<T> list) { return list.get(rng.nextInt(list.size())); }

    private static String csv(String s) { return '"' + s.replace("\"", "\"\"") + '"'; }

    static List<String> ids(Generated g) {
        List<String> out = new ArrayList<>();
        for (String line : g.citizens.toString().split("\n")) out.add(line.substring(0, 12));
        return out;
    }
}
