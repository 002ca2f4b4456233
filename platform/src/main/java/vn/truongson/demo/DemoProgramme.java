package vn.truongson.demo;

import static vn.truongson.demo.DemoActors.as;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.Accounts;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.programme.Aggregation;
import vn.truongson.programme.Assignment;
import vn.truongson.programme.Assignments;
import vn.truongson.programme.Period;
import vn.truongson.programme.Plan;
import vn.truongson.programme.PlanKind;
import vn.truongson.programme.Plans;
import vn.truongson.programme.ProgrammeProperties;
import vn.truongson.programme.ReportStatus;
import vn.truongson.programme.Reports;
import vn.truongson.programme.Task;
import vn.truongson.programme.Tasks;
import vn.truongson.runtime.DemoMode;

/**
 * The demo's two illustrative 2024 plans: the digital-transformation plan of 64 tasks and the Đề án 06 plan
 * of 40 items, as the press described them (seeds 000, 001), with assignments across the demo units and six
 * months of reports. Loaded once, after the demo organisation, when demo mode is on and no plan exists yet.
 *
 * <p>Everything goes through the programme's services, as the demo coordinators would do it: {@code
 * kehoach.btl86} (cleared Mật, for the Mật tasks) builds, issues and assigns; {@code dieuphoi.qk1} cascades
 * within Quân khu 1. Reports from January to June 2024 are back-filled at their real past times with
 * {@link Reports#importHistorical}, so on-time and late are judged as they would have been then. The story
 * is fixed by a seeded generator: most reports on time, some late (after the 20th), some missing, a few
 * tasks stalled on bottlenecks that persist for months, progress rising month by month.
 */
@Component
class DemoProgramme {

    private static final Logger log = LoggerFactory.getLogger(DemoProgramme.class);

    /** Builds the plans: a coordinator on the ministry's subtree cleared Mật, since some tasks are. */
    static final String COORDINATOR = "kehoach.btl86";
    /** Cascades assignments within Quân khu 1, as its own coordinator would. */
    static final String QK1_COORDINATOR = "dieuphoi.qk1";
    static final String OWNER = "BTL86";
    static final int YEAR = 2024;
    /** Reports are back-filled for the periods January..LAST_MONTH. */
    static final int LAST_MONTH = 6;

    record PlanSpec(String code, String title, PlanKind kind, String theme, String breakthrough, String resource, LocalDateTime issuedAt) {}

    static final List<PlanSpec> PLANS = List.of(
            new PlanSpec("BQP-CDS-2024", "Kế hoạch chuyển đổi số năm 2024 của Bộ Quốc phòng (minh họa)", PlanKind.DIGITAL_TRANSFORMATION,
                    "Mở rộng hạ tầng đồng bộ, rộng khắp, sáng tạo ứng dụng số, tiếp tục phát triển dữ liệu số để nâng cao năng lực, hiệu quả "
                            + "công tác lãnh đạo, chỉ đạo, chỉ huy, quản lý, điều hành",
                    "Phát triển hạ tầng số và nguồn nhân lực phục vụ chuyển đổi số", "programme-cds-2024.tsv",
                    LocalDateTime.of(2024, 1, 5, 9, 0)),
            new PlanSpec("BQP-DA06-2024", "Kế hoạch thực hiện Đề án 06 năm 2024 của Bộ Quốc phòng (minh họa)", PlanKind.PROJECT_06,
                    "Phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số trong Bộ Quốc phòng",
                    "Khai thác dữ liệu dân cư phục vụ tuyển sinh quân sự, quản lý biên giới và kiểm soát xuất nhập cảnh",
                    "programme-da06-2024.tsv", LocalDateTime.of(2024, 1, 8, 14, 0)));

    /** An obstacle a unit reports month after month: the task stalls there from {@code from} to {@code to} (months, inclusive). */
    record Bottleneck(String plan, String task, String unit, int from, int to, String text, String proposal) {}

    private static final String CIPHER = "Thiếu thiết bị bảo mật cơ yếu cho các đơn vị điểm";

    static final List<Bottleneck> BOTTLENECKS = List.of(
            new Bottleneck("BQP-CDS-2024", "2.2", "SD3", 3, 6, "Chưa có đường truyền số liệu quân sự đến cấp trung đoàn; tuyến cáp quang "
                    + "từ sư đoàn đến các trung đoàn chưa được đầu tư", "Đề nghị Binh chủng Thông tin liên lạc bổ sung tuyến cáp quang vào kế hoạch năm 2024"),
            new Bottleneck("BQP-CDS-2024", "2.2", "TD2", 4, 6, "Chưa có đường truyền số liệu quân sự đến cấp trung đoàn",
                    "Đề nghị Sư đoàn báo cáo cấp trên ưu tiên kéo đường truyền cho trung đoàn điểm"),
            new Bottleneck("BQP-CDS-2024", "5.1", "QK5", 2, 6, CIPHER,
                    "Đề nghị Bộ Tổng Tham mưu chỉ đạo cơ quan cơ yếu ưu tiên cấp thiết bị cho các đơn vị điểm chuyển đổi số"),
            new Bottleneck("BQP-CDS-2024", "5.1", "QK9", 3, 6, CIPHER,
                    "Đề nghị Bộ Tổng Tham mưu chỉ đạo cơ quan cơ yếu ưu tiên cấp thiết bị cho các đơn vị điểm chuyển đổi số"),
            new Bottleneck("BQP-CDS-2024", "3.1", "QK9", 4, 6, "Chưa được cấp đủ thiết bị ký số (USB token) cho cán bộ đầu mối cấp trung đoàn",
                    "Đề nghị Bộ Tư lệnh 86 điều chỉnh kế hoạch cấp phát thiết bị ký số"),
            new Bottleneck("BQP-CDS-2024", "2.10", "BPHP", 2, 4, "Địa hình phức tạp, chưa có tuyến cáp quang đến đồn biên phòng",
                    "Đề nghị phối hợp doanh nghiệp viễn thông thuê kênh truyền tạm thời"),
            new Bottleneck("BQP-CDS-2024", "3.3", "TTDL", 4, 6, "Chưa thống nhất giải pháp ký số văn bản mật trên mạng máy tính quân sự",
                    "Đề nghị Bộ Tư lệnh 86 chủ trì thống nhất giải pháp với cơ quan cơ yếu"),
            new Bottleneck("BQP-CDS-2024", "2.8", "QCHQ", 5, 6, "Thiết bị đầu cuối mạng di động dùng riêng chưa được cấp đủ, việc gửi, nhận "
                    + "văn bản điện tử còn gián đoạn", "Đề nghị Binh chủng Thông tin liên lạc bổ sung thiết bị đầu cuối"),
            new Bottleneck("BQP-DA06-2024", "3.1", "CNT", 2, 4, "Ban tuyển sinh các trường chưa được cấp đủ tài khoản khai thác Cơ sở dữ "
                    + "liệu quốc gia về dân cư", "Đề nghị Bộ Tư lệnh 86 phối hợp Bộ Công an cấp bổ sung tài khoản trước kỳ sơ tuyển"),
            new Bottleneck("BQP-DA06-2024", "3.3", "DBPMC", 3, 6, "Đường truyền kết nối đến Trung tâm dữ liệu quốc gia về dân cư chập chờn, "
                    + "chưa ổn định", "Đề nghị nâng cấp băng thông, bổ sung đường truyền dự phòng"),
            new Bottleneck("BQP-DA06-2024", "4.1", "QK9", 2, 6, CIPHER,
                    "Đề nghị ưu tiên cấp thiết bị bảo mật cho các điểm kết nối khai thác dữ liệu dân cư"));

    /** Units that usually report after the deadline. */
    static final Set<String> LATE_UNITS = Set.of("QK9", "BCCB", "HVCT", "SD330", "CHQSCT", "LD229");
    /** Units that send nothing in some months. */
    static final Map<String, Set<Integer>> SILENT = Map.of("TD12", Set.of(4, 5, 6), "SD395", Set.of(3, 6), "HVLQ", Set.of(6),
            "DBPHG", Set.of(5, 6), "BTLTD", Set.of(6));
    /** Who sends a unit's reports: the named demo reporters, else the unit's generated reporter (code.02). */
    static final Map<String, String> REPORTERS = Map.of("QK1", "baocao.qk1", "SD3", "baocao.sd3", "BTLBP", "baocao.btlbp",
            "BTL86", "baocao.btl86", "TTDL", "coyeu.ttdl");

    /** Difficulties reported in passing, without calling them a bottleneck. */
    static final String[] MINOR_OBSTACLES = {
            "Kinh phí năm 2024 chưa được phân bổ đầy đủ, một số hạng mục phải lùi thời gian",
            "Cán bộ kỹ thuật còn thiếu, phần lớn kiêm nhiệm",
            "Đang chờ hướng dẫn của cơ quan chức năng Bộ Quốc phòng",
            "Một số đơn vị cấp dưới cập nhật dữ liệu chưa đầy đủ, chưa kịp thời",
            "Thủ tục mua sắm thiết bị kéo dài"};

    private final Plans plans;
    private final Tasks tasks;
    private final Assignments assignments;
    private final Reports reports;
    private final ProgrammeProperties programme;
    private final AuditTrail audit;
    private final Accounts accounts;
    private final Units orgUnits;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoProgramme(Plans plans, Tasks tasks, Assignments assignments, Reports reports, ProgrammeProperties programme, AuditTrail audit,
            Accounts accounts, Units orgUnits, TransactionTemplate tx, DemoMode demo) {
        this.plans = plans;
        this.tasks = tasks;
        this.assignments = assignments;
        this.reports = reports;
        this.programme = programme;
        this.audit = audit;
        this.accounts = accounts;
        this.orgUnits = orgUnits;
        this.tx = tx;
        this.demo = demo;
    }

    /** After {@link DemoDataLoader} (order 0), which it builds on. */
    @EventListener(ApplicationStartedEvent.class)
    @Order(1)
    void load() {
        if (!demo.enabled()) return;
        Map<String, AccountPrincipal> people = principals();
        if (!people.containsKey(COORDINATOR) || !people.containsKey(QK1_COORDINATOR)) {
            // A demo organisation loaded by an earlier version, without the Mật coordinator: leave it as it is.
            log.info("Demo programme not loaded: the demo accounts {} and {} are missing", COORDINATOR, QK1_COORDINATOR);
            return;
        }
        // Loaded once: the coordinator sees every plan of the ministry, so none means none was loaded.
        if (!as(people.get(COORDINATOR), () -> plans.list(null)).isEmpty()) return;
        long t0 = System.nanoTime();
        int[] counts;
        try {
            counts = tx.execute(s -> loadAll(people));
        } catch (DomainException.BadInput e) {
            // The demo data itself is wrong: say where, rather than "bad input".
            throw new IllegalStateException("demo programme data refused: " + e.errors().stream()
                    .map(f -> f.field() + " " + f.messageKey() + " " + Arrays.toString(f.args())).toList(), e);
        }
        log.info("Demo programme loaded: {} plans, {} tasks, {} assignments, {} report submissions in {} ms", PLANS.size(), counts[0], counts[1], counts[2],
                (System.nanoTime() - t0) / 1_000_000);
    }

    private int[] loadAll(Map<String, AccountPrincipal> people) {
        Map<String, DemoUnit> units = as(people.get(COORDINATOR), this::demoUnits);
        int[] counts = new int[3];
        Random random = new Random(YEAR);
        for (PlanSpec spec : PLANS) {
            long t0 = System.nanoTime();
            List<Line> lines = read(spec.resource());
            Built built = as(people.get(COORDINATOR), () -> build(spec, lines, units, people));
            long t1 = System.nanoTime();
            List<Reports.HistoricalReport> history = history(spec, built, random);
            as(people.get(COORDINATOR), () -> reports.importHistorical(built.plan().id(), history));
            log.info("Demo plan {}: built, assigned and issued in {} ms, {} report submissions imported in {} ms", spec.code(), (t1 - t0) / 1_000_000,
                    history.size(), (System.nanoTime() - t1) / 1_000_000);
            counts[0] += built.tasks().size();
            counts[1] += built.assignments().values().stream().mapToInt(Map::size).sum();
            counts[2] += history.size();
        }
        audit.record("demo.load", "programme", AuditTrail.SUCCESS, counts[0] + " tasks, " + counts[1] + " assignments, " + counts[2] + " reports");
        return counts;
    }

    // ---- the plans, as data ----------------------------------------------------------------------

    /** A line of a plan's TSV file: a group (G) or a task (T). */
    sealed interface Line permits GroupLine, TaskLine {}

    record GroupLine(int ordinal, String title) implements Line {}

    /** {@code assigned}: unit codes in order; "A>B" cascades A's assignment of the task to B. */
    record TaskLine(int group, String code, String title, String expectedResult, LocalDate due, String lead, List<String> support,
            SecrecyLevel secrecy, List<String> assigned, List<Task.Indicator> indicators) implements Line {}

    static List<Line> read(String resource) {
        String text;
        try (InputStream in = DemoProgramme.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("demo resource missing: " + resource);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Line> out = new ArrayList<>();
        int group = 0;
        for (String raw : text.split("\n")) {
            if (raw.isBlank() || raw.startsWith("#")) continue;
            String[] c = raw.split("\t", -1);
            try {
                if (c[0].equals("G")) {
                    group = Integer.parseInt(c[1]);
                    out.add(new GroupLine(group, c[2]));
                } else if (c[0].equals("T") && c.length == 10) {
                    out.add(new TaskLine(group, c[1], c[2], c[3], LocalDate.parse(c[4]), c[5], codes(c[6]), SecrecyLevel.valueOf(c[7]), codes(c[8]),
                            indicators(c[9])));
                } else {
                    throw new IllegalArgumentException("neither a group nor a task of 10 columns");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(resource + ": bad line \"" + raw + "\": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static List<String> codes(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::strip).toList();
    }

    /** code|name|unit|target|aggregation|+ or -, separated by ";". */
    private static List<Task.Indicator> indicators(String s) {
        if (s.isBlank()) return List.of();
        List<Task.Indicator> out = new ArrayList<>();
        for (String one : s.split(";")) {
            String[] f = one.split("\\|", -1);
            out.add(new Task.Indicator(f[0], f[1], f[2], new BigDecimal(f[3]), Aggregation.valueOf(f[4]), f[5].equals("+")));
        }
        return out;
    }

    // ---- building through the services -----------------------------------------------------------

    /** A plan as built: its tasks by code and each task's assignments by unit code, in the order made. */
    record Built(Plan plan, Map<String, Task> tasks, Map<String, Map<String, Assignment>> assignments, Map<String, TaskLine> lines) {}

    private Built build(PlanSpec spec, List<Line> lines, Map<String, DemoUnit> units, Map<String, AccountPrincipal> people) {
        Plan plan = plans.create(new Plans.NewPlan(spec.code(), spec.title(), YEAR, spec.kind(), spec.theme(), spec.breakthrough(),
                unit(units, OWNER), Plan.DEFAULT_REPORT_DUE_DAY));
        Map<Integer, Long> groups = new HashMap<>();
        Map<String, Task> byCode = new LinkedHashMap<>();
        Map<String, TaskLine> lineOf = new HashMap<>();
        for (Line line : lines) {
            switch (line) {
                case GroupLine g -> groups.put(g.ordinal(), plans.addGroup(plan.id(), new Plans.NewGroup(g.ordinal(), g.title())).id());
                case TaskLine t -> {
                    Long group = groups.get(t.group());
                    if (group == null) throw new IllegalStateException(spec.resource() + ": task " + t.code() + " before its group");
                    Task task = tasks.create(plan.id(), new Tasks.NewTask(group, t.code(), t.title(), unit(units, t.lead()),
                            t.support().stream().map(u -> unit(units, u)).toList(), t.expectedResult(), t.due(), t.secrecy(), t.indicators()));
                    byCode.put(t.code(), task);
                    lineOf.put(t.code(), t);
                }
            }
        }
        Map<String, Map<String, Assignment>> assigned = new LinkedHashMap<>();
        for (Task task : byCode.values()) {
            Map<String, Assignment> mine = new LinkedHashMap<>();
            for (String entry : lineOf.get(task.code()).assigned()) {
                int arrow = entry.indexOf('>');
                if (arrow < 0) {
                    mine.put(entry, assignments.assign(task.id(), unit(units, entry)));
                } else {
                    String from = entry.substring(0, arrow);
                    String to = entry.substring(arrow + 1);
                    Assignment parent = mine.get(from);
                    if (parent == null) throw new IllegalStateException(spec.resource() + ": task " + task.code() + " cascades from " + from + ", not yet assigned");
                    // Within Quân khu 1, its own coordinator passes the work down; elsewhere the plan's coordinator does.
                    String who = units.get(to).path().startsWith(units.get("QK1").path()) ? QK1_COORDINATOR : COORDINATOR;
                    mine.put(to, as(people.get(who), () -> assignments.cascade(parent.id(), unit(units, to))));
                }
            }
            assigned.put(task.code(), mine);
        }
        plans.issueHistorical(plan.id(), spec.issuedAt().atZone(Period.ZONE).toInstant());
        return new Built(plan, byCode, assigned, lineOf);
    }

    /** A demo unit: its id, and its path in the tree (to tell who may cascade below it). */
    record DemoUnit(long id, String path) {}

    private static long unit(Map<String, DemoUnit> units, String code) {
        DemoUnit u = units.get(code);
        if (u == null) throw new IllegalStateException("demo unit " + code + " does not exist");
        return u.id();
    }

    // ---- six months of reports -------------------------------------------------------------------

    /**
     * The reports of January..LAST_MONTH for every assignment: each starts in a month of its own and advances
     * towards its finish month (some finish after the due date, and are overdue); a bottleneck freezes it as
     * STALLED for its months; late units mostly report after the 20th, silent ones skip months.
     */
    private List<Reports.HistoricalReport> history(PlanSpec spec, Built built, Random random) {
        int lockDays = programme.lockDays();
        List<Reports.HistoricalReport> out = new ArrayList<>();
        Map<String, Bottleneck> stalls = new HashMap<>();
        for (Bottleneck b : BOTTLENECKS) {
            if (!b.plan().equals(spec.code())) continue;
            if (!built.assignments().getOrDefault(b.task(), Map.of()).containsKey(b.unit())) {
                throw new IllegalStateException("demo bottleneck on " + b.plan() + " " + b.task() + " at " + b.unit() + ": no such assignment");
            }
            stalls.put(b.task() + "@" + b.unit(), b);
        }
        for (Map.Entry<String, Map<String, Assignment>> e : built.assignments().entrySet()) {
            TaskLine line = built.lines().get(e.getKey());
            int due = line.due().getMonthValue();
            int n = e.getValue().size();
            for (Map.Entry<String, Assignment> ua : e.getValue().entrySet()) {
                String unit = ua.getKey();
                Assignment a = ua.getValue();
                Bottleneck stall = stalls.get(e.getKey() + "@" + unit);
                int start = due <= 4 ? 1 : 1 + random.nextInt(3);
                // One assignment in five falls behind and finishes two to four months after the due date.
                int finish = random.nextInt(5) == 0 ? due + 2 + random.nextInt(3) : Math.max(start, due - random.nextInt(2));
                boolean lateUnit = LATE_UNITS.contains(unit);
                String reporter = REPORTERS.getOrDefault(unit, unit.toLowerCase() + ".02");
                int percent = 0;
                int lost = 0;
                for (int m = 1; m <= LAST_MONTH; m++) {
                    boolean stalled = stall != null && m >= stall.from() && m <= stall.to();
                    if (stalled) lost++;
                    int effective = m - lost;
                    int planned = effective < start ? 0 : (int) Math.min(100, Math.round(100.0 * (effective - start + 1) / (finish - start + 1)));
                    if (!stalled && planned > 0) percent = Math.max(percent, planned >= 100 ? 100 : Math.min(99, planned + random.nextInt(9) - 4));
                    boolean silent = SILENT.getOrDefault(unit, Set.of()).contains(m) || random.nextInt(50) == 0;
                    boolean late = lockDays > 0 && (lateUnit ? random.nextInt(5) < 3 : random.nextInt(16) == 0);
                    int lastMinute = random.nextInt(10);
                    if (silent) continue;

                    ReportStatus status = stalled ? ReportStatus.STALLED
                            : percent >= 100 ? ReportStatus.DONE : percent > 0 ? ReportStatus.IN_PROGRESS : ReportStatus.NOT_STARTED;
                    String obstacles = stalled ? stall.text()
                            : status == ReportStatus.IN_PROGRESS && random.nextInt(10) == 0 ? MINOR_OBSTACLES[random.nextInt(MINOR_OBSTACLES.length)] : null;
                    Map<String, BigDecimal> values = new LinkedHashMap<>();
                    for (Task.Indicator i : line.indicators()) {
                        BigDecimal v = value(i, percent, m, n, random);
                        if (v != null && random.nextInt(10) != 0) values.put(i.code(), v);
                    }
                    Reports.Submission s = new Reports.Submission(status, BigDecimal.valueOf(percent), values, obstacles, stalled,
                            stalled ? stall.proposal() : null);

                    int day;
                    LocalDateTime at;
                    if (late) {
                        day = Plan.DEFAULT_REPORT_DUE_DAY + 1 + random.nextInt(Math.min(lockDays, 7));
                        at = LocalDateTime.of(YEAR, m, day, 8 + random.nextInt(9), random.nextInt(60));
                    } else if (lastMinute == 0) {
                        day = Plan.DEFAULT_REPORT_DUE_DAY;
                        at = LocalDateTime.of(YEAR, m, day, 21 + random.nextInt(3), random.nextInt(60));
                    } else {
                        day = 10 + random.nextInt(Plan.DEFAULT_REPORT_DUE_DAY - 9);
                        at = LocalDateTime.of(YEAR, m, day, 8 + random.nextInt(9), random.nextInt(60));
                    }
                    String period = Period.of(YEAR, m).toString();
                    out.add(new Reports.HistoricalReport(a.id(), period, s, instant(at), reporter));
                    // Now and then a unit corrects its report a few days later, before the deadline.
                    if (!late && day <= 17 && random.nextInt(20) == 0 && status != ReportStatus.DONE) {
                        int revised = stalled ? percent : Math.min(99, percent + 3);
                        Reports.Submission r = new Reports.Submission(status, BigDecimal.valueOf(revised), values, obstacles, stalled, s.proposal());
                        out.add(new Reports.HistoricalReport(a.id(), period, r, instant(at.plusDays(1 + random.nextInt(3))), reporter));
                    }
                }
            }
        }
        return out;
    }

    /**
     * A unit's value for an indicator at {@code percent} complete in month {@code m}, of {@code n} units on the
     * task: shares of a SUM target, percentages towards an AVERAGE target, counts to push down that accumulate.
     */
    private static @Nullable BigDecimal value(Task.Indicator i, int percent, int m, int n, Random random) {
        if (percent == 0) return null;
        double target = i.target().doubleValue();
        double p = percent / 100.0;
        double v;
        if (i.higherIsBetter()) {
            v = i.aggregation() == Aggregation.SUM ? Math.round(target / n * p * (0.85 + 0.3 * random.nextDouble()))
                    : Math.min(target, target * p * (0.9 + 0.15 * random.nextDouble()));
        } else {
            v = switch (i.aggregation()) {
                case SUM -> Math.floor(target / n * m / 6.0 * (0.5 + random.nextDouble()));
                case AVERAGE -> target * (1.8 - 0.8 * p) * (0.9 + 0.2 * random.nextDouble());
                case MIN, MAX -> Math.max(0, Math.round(target * (1.5 - p) + random.nextDouble()));
            };
        }
        BigDecimal b = BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP);
        return b.remainder(BigDecimal.ONE).signum() == 0 ? b.setScale(0, RoundingMode.UNNECESSARY) : b;
    }

    private static Instant instant(LocalDateTime at) {
        return at.atZone(Period.ZONE).toInstant();
    }

    // ---- who acts --------------------------------------------------------------------------------

    /** Runs {@code work} as the demo person, as if signed in: the policy reads their grants and clearance as for a request. */

    private Map<String, AccountPrincipal> principals() {
        Map<String, AccountPrincipal> out = new HashMap<>();
        for (String name : List.of(COORDINATOR, QK1_COORDINATOR)) accounts.principalOf(name).ifPresent(p -> out.put(name, p));
        return out;
    }

    /** Every unit, as the ministry-wide coordinator (cleared Mật) sees them through the org module. */
    private Map<String, DemoUnit> demoUnits() {
        Map<String, DemoUnit> out = new HashMap<>();
        for (Unit u : orgUnits.list(null, null, 5000)) out.put(u.code(), new DemoUnit(u.id(), u.path()));
        return out;
    }
}
