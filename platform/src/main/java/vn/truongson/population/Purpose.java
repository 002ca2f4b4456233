package vn.truongson.population;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Why population data is looked up (mục đích khai thác). Decree 13/2023/NĐ-CP Art. 3 requires personal
 * data to be processed only for a stated purpose, and Decree 47/2024/NĐ-CP on the population database has
 * every exploitation name its purpose, so a lookup without one is refused.
 */
public enum Purpose {
    ADMISSIONS, BORDER, PUBLIC_SERVICE, MILITARY_SERVICE;

    public static String list() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
