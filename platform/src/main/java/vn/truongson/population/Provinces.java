package vn.truongson.population;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The 63 province codes of digits 1–3 of an ID number (Circular 59/2021/TT-BCA, Annex; DOMAIN-VN.md §6):
 * the provinces before the 2025 merger, still valid in every number already issued. The table is the data file
 * {@code provinces.tsv} beside this class, which the sandbox registry reads too (its pom copies the same file).
 */
public final class Provinces {

    private static final Map<String, String> NAMES = Collections.unmodifiableMap(read(Provinces.class.getResourceAsStream("provinces.tsv")));

    private Provinces() {}

    /** Code → name, in the table's order. */
    public static Map<String, String> all() { return NAMES; }

    public static Optional<String> name(String code) { return Optional.ofNullable(NAMES.get(code)); }

    /** Rows "code<TAB>name"; lines starting with # are comments. */
    static Map<String, String> read(InputStream in) {
        if (in == null) throw new IllegalStateException("provinces.tsv missing from the classpath");
        Map<String, String> m = new LinkedHashMap<>();
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", 2);
                m.put(f[0].strip(), f[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
