package vn.truongson.programme.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.DomainException.FieldError;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.WorkbookFile;
import vn.truongson.programme.Plans;
import vn.truongson.programme.Task;
import vn.truongson.programme.Tasks;
import vn.truongson.programme.export.TaskSheet.CellError;
import vn.truongson.programme.export.TaskSheet.ParsedIndicator;
import vn.truongson.programme.export.TaskSheet.ParsedTask;

/**
 * Imports a plan's tasks from the Excel template: all of them in one transaction or none. Each group and task
 * goes through {@link Plans#addGroup} and {@link Tasks#create}, the very checks the API applies; their refusals,
 * and every cell that cannot be read, come back together, each naming its row and column.
 */
@Service
public class TaskImport {

    /** Larger than any plan of a few hundred tasks; smaller than anything that could hurt the server. */
    static final long MAX_BYTES = 5L * 1024 * 1024;
    static {
        // Zip bombs: WorkbookFile's limits (POI's ZipSecureFile, JVM-wide), set when this bean loads at start-up.
        WorkbookFile.secureZip();
    }

    public record Imported(int row, long taskId, String code, int indicators) {}

    public record Result(long planId, int groupsCreated, List<Imported> tasks) {}

    private final Plans plans;
    private final Tasks tasks;
    private final Units units;
    private final AuditTrail audit;

    TaskImport(Plans plans, Tasks tasks, Units units, AuditTrail audit) {
        this.plans = plans;
        this.tasks = tasks;
        this.units = units;
        this.audit = audit;
    }

    /**
     * Imports the workbook's tasks into the draft plan. Refused before the file is read when the caller may not
     * change the plan or it is issued; then when the file is too large or not a workbook.
     */
    @Transactional
    public Result importTasks(long planId, long size, InputStreamSource file, @Nullable String filename) {
        plans.editable(planId);
        byte[] content = WorkbookFile.read(size, file, MAX_BYTES, "programme.import");
        TaskSheet.Result sheet;
        try (WorkbookFile w = WorkbookFile.open(content, "programme.import")) {
            sheet = TaskSheet.read(w.workbook());
        }
        List<CellError> errors = new ArrayList<>(sheet.errors());
        if (errors.stream().anyMatch(e -> e.row() <= 1)) throw refusal(errors); // not the template, or nothing in it

        Map<String, Unit> known = units.byCodes(unitCodes(sheet.tasks()));
        Map<Integer, Plans.Group> groups = new HashMap<>();
        plans.get(planId).groups().forEach(g -> groups.put(g.ordinal(), g));
        int groupsCreated = 0;
        List<Imported> imported = new ArrayList<>();
        for (ParsedTask t : sheet.tasks()) {
            boolean ok = t.readable();
            if (t.lead() != null && !known.containsKey(t.lead())) {
                errors.add(new CellError(t.row(), TaskColumn.LEAD, new FieldError("", "problem.unit.unknown", t.lead())));
                ok = false;
            }
            for (String code : t.support()) {
                if (!known.containsKey(code)) {
                    errors.add(new CellError(t.row(), TaskColumn.SUPPORT, new FieldError("", "problem.unit.unknown", code)));
                    ok = false;
                }
            }
            if (t.group() == null) continue;
            Plans.Group group = groups.get(t.group());
            if (group == null) {
                if (t.groupTitle() == null) {
                    errors.add(new CellError(t.row(), TaskColumn.GROUP_TITLE, new FieldError("", "problem.field.required")));
                    continue;
                }
                try {
                    group = plans.addGroup(planId, new Plans.NewGroup(t.group(), t.groupTitle()));
                    groups.put(group.ordinal(), group);
                    groupsCreated++;
                } catch (DomainException e) {
                    errors.addAll(groupErrors(t, e));
                    continue;
                }
            } else if (t.groupTitle() != null && !t.groupTitle().equals(group.title())) {
                errors.add(new CellError(t.row(), TaskColumn.GROUP_TITLE, new FieldError("", "programme.import.group-title", group.ordinal(), group.title())));
                continue;
            }
            if (!ok) continue;
            try {
                Task created = tasks.create(planId, newTask(t, group, known));
                imported.add(new Imported(t.row(), created.id(), created.code(), created.indicators().size()));
            } catch (DomainException e) {
                errors.addAll(taskErrors(t, e));
            }
        }
        // Anything refused undoes everything: this transaction rolls back with the problem.
        if (!errors.isEmpty()) throw refusal(errors);
        audit.record("programme.task.import", "plan:" + planId, AuditTrail.SUCCESS,
                imported.size() + " tasks, " + groupsCreated + " groups" + (filename == null ? "" : " from " + printable(filename)));
        return new Result(planId, groupsCreated, imported);
    }

    /** The uploaded file's name as the audit trail may keep it: no control characters, at most 200 characters. */
    private static String printable(String filename) {
        String s = filename.replaceAll("\\p{Cntrl}", "").strip();
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static Tasks.NewTask newTask(ParsedTask t, Plans.Group group, Map<String, Unit> known) {
        List<Long> support = new ArrayList<>();
        for (String code : t.support()) support.add(known.get(code).id());
        List<Task.Indicator> indicators = new ArrayList<>();
        for (ParsedIndicator i : t.indicators()) {
            indicators.add(new Task.Indicator(i.code(), i.name(), i.unit(), i.target(), i.aggregation(), i.higherIsBetter()));
        }
        return new Tasks.NewTask(group.id(), t.code(), t.title(), known.get(t.lead()).id(), support, t.expectedResult(), t.due(), t.secrecy(),
                indicators);
    }

    private static Set<String> unitCodes(List<ParsedTask> tasks) {
        Set<String> codes = new LinkedHashSet<>();
        for (ParsedTask t : tasks) {
            if (t.lead() != null) codes.add(t.lead());
            codes.addAll(t.support());
        }
        return codes;
    }

    private static DomainException.BadInput refusal(List<CellError> errors) {
        return new DomainException.BadInput(errors.stream()
                .sorted(Comparator.comparingInt(CellError::row).thenComparingInt(e -> e.column() == null ? -1 : e.column().index()))
                .map(e -> new FieldError(e.field(), e.error().messageKey(), e.error().args()))
                .toList());
    }

    // ---- the services' refusals, put back on the sheet ----------------------------------------------

    private static List<CellError> groupErrors(ParsedTask t, DomainException e) {
        if (e instanceof DomainException.BadInput b) {
            return b.errors().stream().map(f -> new CellError(t.row(), f.field().equals("title") ? TaskColumn.GROUP_TITLE : TaskColumn.GROUP, f)).toList();
        }
        if (e instanceof DomainException.Conflict) return List.of(new CellError(t.row(), TaskColumn.GROUP, new FieldError("", e.messageKey(), e.args())));
        throw e;
    }

    private static final Pattern INDICATOR_FIELD = Pattern.compile("indicators\\[(\\d+)]\\.(\\w+)");

    private static List<CellError> taskErrors(ParsedTask t, DomainException e) {
        if (e instanceof DomainException.BadInput b) {
            List<CellError> out = new ArrayList<>();
            for (FieldError f : b.errors()) out.add(cellOf(t, f));
            return out;
        }
        // A code already in the plan, a secrecy above the importer's clearance: about this row; anything else is not.
        if (e.messageKey().equals("programme.task.code-taken")) {
            return List.of(new CellError(t.row(), TaskColumn.CODE, new FieldError("", e.messageKey(), e.args())));
        }
        if (e.messageKey().equals("programme.task.secrecy-above-clearance")) {
            return List.of(new CellError(t.row(), TaskColumn.SECRECY, new FieldError("", e.messageKey(), e.args())));
        }
        throw e;
    }

    private static CellError cellOf(ParsedTask t, FieldError f) {
        Matcher m = INDICATOR_FIELD.matcher(f.field());
        if (m.matches()) {
            int k = Integer.parseInt(m.group(1));
            int row = k < t.indicators().size() ? t.indicators().get(k).row() : t.row();
            TaskColumn c = switch (m.group(2)) {
                case "name" -> TaskColumn.INDICATOR_NAME;
                case "unit" -> TaskColumn.MEASURE;
                case "target" -> TaskColumn.TARGET;
                case "aggregation" -> TaskColumn.AGGREGATION;
                case "higherIsBetter" -> TaskColumn.HIGHER_IS_BETTER;
                default -> TaskColumn.INDICATOR_CODE;
            };
            return new CellError(row, c, f);
        }
        String field = f.field().replaceAll("\\[\\d+]$", "");
        TaskColumn c = switch (field) {
            case "groupId" -> TaskColumn.GROUP;
            case "code" -> TaskColumn.CODE;
            case "title" -> TaskColumn.TITLE;
            case "leadUnitId" -> TaskColumn.LEAD;
            case "supportUnitIds" -> TaskColumn.SUPPORT;
            case "expectedResult" -> TaskColumn.RESULT;
            case "dueDate" -> TaskColumn.DUE;
            case "secrecy" -> TaskColumn.SECRECY;
            case "indicators" -> TaskColumn.INDICATOR_CODE;
            default -> null;
        };
        return new CellError(t.row(), c, f);
    }
}
