package vn.truongson.programme.export;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.PaperProperties;
import vn.truongson.programme.Compilation;
import vn.truongson.programme.Compilations;
import vn.truongson.programme.CompiledReport;
import vn.truongson.programme.Period;
import vn.truongson.programme.Task;

/**
 * The compiled report as files. Each is made from {@link Compilations#report}, which compiles under the same
 * checks as the JSON answer, so a file never says more, less or otherwise than the API.
 */
@Service
public class CompilationExports {

    private final Compilations compilations;
    private final Units units;
    private final PaperProperties paper;
    private final Clock clock;

    CompilationExports(Compilations compilations, Units units, PaperProperties paper, Clock clock) {
        this.compilations = compilations;
        this.units = units;
        this.paper = paper;
        this.clock = clock;
    }

    public enum Format { XLSX, DOCX, PDF }

    ExportFile export(long planId, @Nullable String period, @Nullable Long unitId, Format format) {
        ReportFacts f = facts(planId, period, unitId);
        String base = "bao-cao-" + ExportFile.asciiName(f.report().plan().code()) + "-" + f.compilation().period();
        return switch (format) {
            case XLSX -> new ExportFile(base + ".xlsx", ExportFile.XLSX, CompilationWorkbook.of(f));
            case DOCX -> new ExportFile(base + ".docx", Decree30.DOCX_TYPE, Decree30.docx(CompilationDocument.of(f)));
            case PDF -> new ExportFile(base + ".pdf", Decree30.PDF_TYPE, Decree30.pdf(CompilationDocument.of(f)));
        };
    }

    ReportFacts facts(long planId, @Nullable String period, @Nullable Long unitId) {
        CompiledReport r = compilations.report(planId, period, unitId);
        Compilation c = r.compilation();
        long issuerId = unitId != null ? unitId : r.plan().ownerUnitId();
        Set<Long> ids = new HashSet<>();
        ids.add(issuerId);
        ids.add(r.plan().ownerUnitId());
        r.tasks().values().stream().map(Task::leadUnitId).forEach(ids::add);
        c.missing().forEach(m -> ids.add(m.unitId()));
        c.bottlenecks().forEach(b -> ids.add(b.unitId()));
        c.proposals().forEach(p -> ids.add(p.unitId()));
        Map<Long, Unit> named = new java.util.HashMap<>(units.named(ids));
        Unit issuer = named.get(issuerId);
        Unit parent = null;
        if (issuer != null && issuer.parentId() != null) {
            parent = named.computeIfAbsent(issuer.parentId(), id -> units.named(List.of(id)).get(id));
        }
        return new ReportFacts(r, named, issuer, parent, clock.instant().atZone(Period.ZONE).toLocalDate(), paper.place());
    }
}
