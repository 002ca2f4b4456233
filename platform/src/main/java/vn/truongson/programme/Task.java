package vn.truongson.programme;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import vn.truongson.access.ProtectedRecord;
import vn.truongson.core.SecrecyLevel;

/**
 * A task (nhiệm vụ) of a plan: led by one unit (đơn vị chủ trì), supported by others (phối hợp), due on a
 * date, measured by its indicators (chỉ tiêu). It is as secret as its {@code secrecy}.
 */
public record Task(long id, long planId, long groupId, String code, String title, long leadUnitId, List<Long> supportUnitIds,
        @Nullable String expectedResult, LocalDate dueDate, SecrecyLevel secrecy, List<Indicator> indicators) {

    public Task {
        supportUnitIds = List.copyOf(supportUnitIds);
        indicators = List.copyOf(indicators);
    }

    /** The task as a record guarded on {@code unitId}: its lead unit, the plan's owner, or an assigned unit. */
    public ProtectedRecord asProtected(long unitId) {
        return new ProtectedRecord("task", id, unitId, secrecy);
    }

    /**
     * An indicator (chỉ tiêu) and its target for the plan's year.
     *
     * @param unit the unit of measure (%, hệ thống, lượt…)
     * @param higherIsBetter false for indicators to push down (incidents, days of delay): achievement is then target ÷ actual
     */
    public record Indicator(String code, String name, @Nullable String unit, BigDecimal target, Aggregation aggregation,
            boolean higherIsBetter) {}

    /** "1.10" after "1.9": numeric parts of the code zero-padded. */
    static String sortKey(String code) {
        StringBuilder b = new StringBuilder();
        for (String part : code.split("\\.", -1)) {
            if (!b.isEmpty()) b.append('.');
            if (!part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9') && part.length() <= 9) {
                b.append("0".repeat(9 - part.length())).append(part);
            } else {
                b.append(part);
            }
        }
        return b.toString();
    }
}
