package vn.truongson.programme.web;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.programme.Assignment;
import vn.truongson.programme.Compilation;
import vn.truongson.programme.Evidence;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.Plans;
import vn.truongson.programme.Report;
import vn.truongson.programme.Reports;
import vn.truongson.programme.Task;

/** The programme's JSON shapes (API.md "Programme tracking"): identifiers as strings, instants in +07:00. */
final class ProgrammeViews {

    private ProgrammeViews() {}

    /** An instant in Vietnam's offset, always with seconds: 2026-03-20T23:59:59+07:00. */
    private static final DateTimeFormatter OFFSET_INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffsetId()
            .toFormatter(Locale.ROOT);

    static String instant(Instant i) {
        return OFFSET_INSTANT.format(i.atZone(Period.ZONE).toOffsetDateTime());
    }

    static String instant(OffsetDateTime t) {
        return OFFSET_INSTANT.format(t.atZoneSameInstant(Period.ZONE).toOffsetDateTime());
    }

    static @Nullable Long optionalId(String field, @Nullable String value) {
        return value == null || value.isBlank() ? null : Ids.parse(field, value);
    }

    static @Nullable Integer optionalInt(String field, @Nullable String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new DomainException.BadInput(field, "problem.field.type");
        }
    }

    record PlanView(String id, String code, String title, int year, String kind, @Nullable String theme, @Nullable String breakthrough,
            String ownerUnitId, int reportDueDay, String status, @Nullable String issuedAt) {
        static PlanView of(Plan p) {
            return new PlanView(Ids.str(p.id()), p.code(), p.title(), p.year(), p.kind().name(), p.theme(), p.breakthrough(),
                    Ids.str(p.ownerUnitId()), p.reportDueDay(), p.status().name(), p.issuedAt() == null ? null : instant(p.issuedAt()));
        }
    }

    record PlanDetailView(String id, String code, String title, int year, String kind, @Nullable String theme, @Nullable String breakthrough,
            String ownerUnitId, int reportDueDay, String status, @Nullable String issuedAt, List<GroupView> groups) {
        static PlanDetailView of(Plans.PlanDetail d) {
            Plan p = d.plan();
            List<GroupView> groups = d.groups().stream().map(g -> new GroupView(Ids.str(g.id()), Ids.str(g.planId()), g.ordinal(), g.title(),
                    d.tasks().stream().filter(t -> t.groupId() == g.id()).map(TaskView::of).toList())).toList();
            return new PlanDetailView(Ids.str(p.id()), p.code(), p.title(), p.year(), p.kind().name(), p.theme(), p.breakthrough(),
                    Ids.str(p.ownerUnitId()), p.reportDueDay(), p.status().name(), p.issuedAt() == null ? null : instant(p.issuedAt()), groups);
        }
    }

    record GroupView(String id, String planId, int ordinal, String title, List<TaskView> tasks) {
        static GroupView of(Plans.Group g) {
            return new GroupView(Ids.str(g.id()), Ids.str(g.planId()), g.ordinal(), g.title(), List.of());
        }
    }

    record IndicatorView(String code, String name, @Nullable String unit, BigDecimal target, String aggregation, boolean higherIsBetter) {
        static IndicatorView of(Task.Indicator i) {
            return new IndicatorView(i.code(), i.name(), i.unit(), i.target(), i.aggregation().name(), i.higherIsBetter());
        }
    }

    record TaskView(String id, String planId, String groupId, String code, String title, String leadUnitId, List<String> supportUnitIds,
            @Nullable String expectedResult, String dueDate, String secrecy, List<IndicatorView> indicators) {
        static TaskView of(Task t) {
            return new TaskView(Ids.str(t.id()), Ids.str(t.planId()), Ids.str(t.groupId()), t.code(), t.title(), Ids.str(t.leadUnitId()),
                    t.supportUnitIds().stream().map(Ids::str).toList(), t.expectedResult(), t.dueDate().toString(), t.secrecy().name(),
                    t.indicators().stream().map(IndicatorView::of).toList());
        }
    }

    record TaskDetailView(String id, String planId, String groupId, String code, String title, String leadUnitId,
            List<String> supportUnitIds, @Nullable String expectedResult, String dueDate, String secrecy, List<IndicatorView> indicators,
            String planStatus, List<AssignmentView> assignments) {
        static TaskDetailView of(Task t, Plan plan, List<Assignment> assignments) {
            TaskView v = TaskView.of(t);
            return new TaskDetailView(v.id(), v.planId(), v.groupId(), v.code(), v.title(), v.leadUnitId(), v.supportUnitIds(),
                    v.expectedResult(), v.dueDate(), v.secrecy(), v.indicators(), plan.status().name(),
                    assignments.stream().map(AssignmentView::of).toList());
        }
    }

    record AssignmentView(String id, String planId, String taskId, String unitId, @Nullable String parentId) {
        static AssignmentView of(Assignment a) {
            return new AssignmentView(Ids.str(a.id()), Ids.str(a.planId()), Ids.str(a.taskId()), Ids.str(a.unitId()),
                    a.parentId() == null ? null : Ids.str(a.parentId()));
        }
    }

    record SubmittedView(String assignmentId, String period, int revision, String submittedAt, String firstSubmittedAt, boolean onTime) {
        static SubmittedView of(Report r) {
            return new SubmittedView(Ids.str(r.assignmentId()), r.period().toString(), r.revision(), instant(r.submittedAt()),
                    instant(r.firstSubmittedAt()), r.onTime());
        }
    }

    record RevisionView(String assignmentId, String period, int revision, String status, BigDecimal percentComplete,
            Map<String, BigDecimal> indicatorValues, @Nullable String obstacles, boolean bottleneck, @Nullable String proposal,
            String submittedAt, String submittedBy, boolean onTime) {
        static RevisionView of(Reports.Revision r) {
            Report.Content c = r.content();
            return new RevisionView(Ids.str(r.assignmentId()), r.period().toString(), r.revision(), c.status().name(), c.percentComplete(),
                    c.indicatorValues(), c.obstacles(), c.bottleneck(), c.proposal(), instant(r.submittedAt()), r.submittedBy(), r.onTime());
        }
    }

    record Cutoff(String from, String to) {}

    record MissingView(String assignmentId, String taskId, String unitId) {}

    record TaskProgressView(String taskId, String code, String status, double percentComplete, boolean overdue) {}

    record IndicatorResultView(String taskId, String code, BigDecimal target, @Nullable Double actual, @Nullable Double achievement) {}

    record BottleneckView(String taskId, String unitId, @Nullable String text, String since) {}

    record ProposalView(String taskId, String unitId, String text) {}

    /** A stored figure outside the platform's range, left out of the compilation and named (issue 10, finding 6). */
    record InvalidValueView(String taskId, @Nullable String assignmentId, @Nullable String unitId, String field) {}

    record CompilationView(String period, Cutoff cutoff, String deadline, @Nullable String unitId, int planVersion, long expectedReports, long receivedReports,
            long onTimeReports, double completeness, double timeliness, List<MissingView> missing, List<TaskProgressView> tasks,
            List<IndicatorResultView> indicators, List<BottleneckView> bottlenecks, List<ProposalView> proposals, List<InvalidValueView> invalidValues) {
        static CompilationView of(Compilation c) {
            return new CompilationView(c.period().toString(), new Cutoff(c.cutoffFrom().toString(), c.cutoffTo().toString()), instant(c.deadline()),
                    c.unitId() == null ? null : Ids.str(c.unitId()), c.planVersion(), c.expectedReports(), c.receivedReports(), c.onTimeReports(),
                    c.completeness(), c.timeliness(),
                    c.missing().stream().map(m -> new MissingView(Ids.str(m.assignmentId()), Ids.str(m.taskId()), Ids.str(m.unitId()))).toList(),
                    c.tasks().stream().map(t -> new TaskProgressView(Ids.str(t.taskId()), t.code(), t.status().name(), t.percentComplete(),
                            t.overdue())).toList(),
                    c.indicators().stream().map(i -> new IndicatorResultView(Ids.str(i.taskId()), i.code(), i.target(), i.actual(),
                            i.achievement())).toList(),
                    c.bottlenecks().stream().map(b -> new BottleneckView(Ids.str(b.taskId()), Ids.str(b.unitId()), b.text(),
                            b.since().toString())).toList(),
                    c.proposals().stream().map(p -> new ProposalView(Ids.str(p.taskId()), Ids.str(p.unitId()), p.text())).toList(),
                    c.invalidValues().stream().map(v -> new InvalidValueView(Ids.str(v.taskId()),
                            v.assignmentId() == null ? null : Ids.str(v.assignmentId()), v.unitId() == null ? null : Ids.str(v.unitId()), v.field())).toList());
        }
    }

    record EvidenceView(String assignmentId, String period, String sha256, String name, long size, String contentType, String uploadedBy,
            String uploadedAt, String href) {
        static EvidenceView of(Evidence.Item e) {
            return new EvidenceView(Ids.str(e.assignmentId()), e.period().toString(), e.sha256(), e.name(), e.size(), e.contentType(),
                    e.uploadedBy(), instant(e.uploadedAt()),
                    "/api/v1/assignments/" + Ids.str(e.assignmentId()) + "/reports/" + e.period() + "/evidence/" + e.sha256());
        }
    }

    /**
     * An evidence file as an attachment under the name it was uploaded with (RFC 6266, UTF-8 for Vietnamese names),
     * its type as the store detected it, and never sniffed by the browser.
     */
    static ResponseEntity<InputStreamResource> download(Evidence.Download d) {
        Evidence.Item e = d.item();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(e.contentType()))
                .contentLength(e.size())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(e.name(), StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.noStore())
                .body(new InputStreamResource(d.content()));
    }
}
