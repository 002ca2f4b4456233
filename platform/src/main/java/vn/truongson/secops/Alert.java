package vn.truongson.secops;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An alert raised by a detection rule ({@code secops_alert}). */
public record Alert(long id, String rule, String ruleName, DetectionRule.Severity severity, String subject, @Nullable Long unitId,
        Status status, String summary, Instant firstAt, Instant lastAt, int eventCount, Instant createdAt,
        @Nullable String acknowledgedBy, @Nullable Instant acknowledgedAt, @Nullable String closedBy, @Nullable Instant closedAt,
        @Nullable String note) {

    public enum Status {
        NEW("Mới"), ACKNOWLEDGED("Đã tiếp nhận"), RESOLVED("Đã xử lý"), FALSE_POSITIVE("Cảnh báo nhầm");

        private final String vietnamese;

        Status(String vietnamese) {
            this.vietnamese = vietnamese;
        }

        public String vietnamese() { return vietnamese; }

        public boolean open() { return this == NEW || this == ACKNOWLEDGED; }
    }
}
