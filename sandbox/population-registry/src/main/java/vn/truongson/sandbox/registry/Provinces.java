package vn.truongson.sandbox.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 63 province codes of ID numbers (DOMAIN-VN.md §6). The sandbox stands in for an outside system and shares no
 * code with the platform, but it shares the data: the one table, the platform's
 * {@code platform/src/main/resources/vn/truongson/population/provinces.tsv}, is copied beside this class by the pom.
 */
final class Provinces {

    static final Map<String, String> NAMES = Collections.unmodifiableMap(read(Provinces.class.getResourceAsStream("provinces.tsv")));

    static final List<String> CODES = List.copyOf(NAMES.keySet());

    private Provinces() {}

    /** Rows "code<TAB>name"; lines starting with # are comments. */
    private static Map<String, String> read(InputStream in) {
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
