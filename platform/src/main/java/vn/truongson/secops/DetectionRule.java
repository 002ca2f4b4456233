package vn.truongson.secops;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A detection rule as stored ({@code secops_rule}): what a security officer sees and edits. */
public record DetectionRule(String code, String name, Severity severity, boolean enabled, Map<String, Integer> params,
        @Nullable String updatedBy, @Nullable Instant updatedAt) {

    public enum Severity {
        LOW("Thấp"), MEDIUM("Trung bình"), HIGH("Cao"), CRITICAL("Nghiêm trọng");

        private final String vietnamese;

        Severity(String vietnamese) {
            this.vietnamese = vietnamese;
        }

        public String vietnamese() { return vietnamese; }
    }

    public int param(String key) {
        Integer v = params.get(key);
        if (v == null) throw new IllegalStateException("rule " + code + " has no parameter " + key);
        return v;
    }
}
