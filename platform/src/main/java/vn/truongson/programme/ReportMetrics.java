package vn.truongson.programme;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.truongson.core.DomainMetrics;

/** Counts {@link ReportSubmitted} in {@code truongson_reports_submitted_total}, when the submission commits. */
@Component
class ReportMetrics {

    @EventListener
    void on(ReportSubmitted submitted) {
        DomainMetrics.countAfterCommit(DomainMetrics.Counter.REPORTS_SUBMITTED);
    }
}
