package vn.truongson.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import vn.truongson.archive.ArchiveSearch;
import vn.truongson.core.DomainException;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;
import vn.truongson.document.DocumentList;
import vn.truongson.document.Document;
import vn.truongson.org.Officials;
import vn.truongson.org.Units;
import vn.truongson.programme.Plan;
import vn.truongson.programme.Plans;
import vn.truongson.programme.Task;
import vn.truongson.publicservice.Dossier;
import vn.truongson.publicservice.Dossiers;

/**
 * The office-wide search of the header (issue 13): one box, answered kind by kind through each module's own query
 * API, so every group is filtered by the access policy exactly as the module's own list (no table of another module
 * is read here). Diacritics are folded ("su doan" finds "Sư đoàn"): the modules fold in their SQL (units, officials,
 * documents, archive) and the in-memory matches here fold both sides. A group the person may not read is left out;
 * each group stops at {@link #PER_KIND}.
 */
@Service
public class OfficeSearch {

    public static final int MAX_QUERY = 200;
    public static final int PER_KIND = 10;
    /** The plans whose tasks are looked through, newest first. */
    static final int PLANS_SCANNED = 30;

    public enum Kind { DOCUMENT, TASK, PLAN, DOSSIER, ARCHIVE, OFFICIAL, UNIT }

    /** One hit: what it is, its line, a second line, and where it opens. */
    public record Hit(Kind kind, String title, String detail, String link) {}

    private final DocumentList documents;
    private final Plans plans;
    private final Dossiers dossiers;
    private final ArchiveSearch archive;
    private final Officials officials;
    private final Units units;

    OfficeSearch(DocumentList documents, Plans plans, Dossiers dossiers, ArchiveSearch archive, Officials officials, Units units) {
        this.documents = documents;
        this.plans = plans;
        this.dossiers = dossiers;
        this.archive = archive;
        this.officials = officials;
        this.units = units;
    }

    /** 400 naming {@code q} for a query that is too long or not text; an empty map for a blank one. */
    public Map<Kind, List<Hit>> search(@Nullable String typed) {
        if (typed == null || typed.isBlank()) return Map.of();
        if (typed.length() > MAX_QUERY) throw new DomainException.BadInput("q", "problem.field.length", 1, MAX_QUERY);
        if (!Inputs.validText(typed)) throw new DomainException.BadInput("q", Inputs.TEXT_KEY);
        String q = VietnameseText.nfc(typed.strip());
        String folded = VietnameseText.fold(q).toLowerCase(Locale.ROOT);
        Map<Kind, List<Hit>> out = new LinkedHashMap<>();
        group(out, Kind.DOCUMENT, () -> documents(q));
        var planList = guarded(() -> plans.list(null));
        group(out, Kind.TASK, () -> tasks(planList, folded));
        group(out, Kind.PLAN, () -> planList.stream().filter(p -> matches(folded, p.code(), p.title()))
                .map(p -> new Hit(Kind.PLAN, p.code() + " — " + p.title(), Integer.toString(p.year()), "/office/programme/plans/" + p.id())).toList());
        group(out, Kind.DOSSIER, () -> dossiers(q, folded));
        group(out, Kind.ARCHIVE, () -> archive.search(q, PER_KIND).stream()
                .map(h -> new Hit(Kind.ARCHIVE, h.title(), h.snippet(), "/office/archive/items/" + h.itemId())).toList());
        group(out, Kind.OFFICIAL, () -> officials.list(null, true, q, PER_KIND, 0).stream()
                .map(o -> new Hit(Kind.OFFICIAL, o.fullName(), o.position(), "/office/officials/" + o.id())).toList());
        group(out, Kind.UNIT, () -> units.list(null, q, PER_KIND).stream()
                .map(u -> new Hit(Kind.UNIT, u.name(), u.code(), "/office/units/" + u.id())).toList());
        return out;
    }

    /** Adds a kind's hits; a kind the person may not read, or whose module finds the words unusable, is left out. */
    private static void group(Map<Kind, List<Hit>> out, Kind kind, Supplier<List<Hit>> hits) {
        List<Hit> found = guarded(hits);
        if (!found.isEmpty()) out.put(kind, found.size() > PER_KIND ? found.subList(0, PER_KIND) : found);
    }

    private static <T> List<T> guarded(Supplier<List<T>> s) {
        try {
            return s.get();
        } catch (DomainException.Forbidden | DomainException.BadInput | DomainException.NotFound e) {
            return List.of();
        }
    }

    static boolean matches(String folded, @Nullable String... fields) {
        for (String f : fields) if (f != null && VietnameseText.fold(f).toLowerCase(Locale.ROOT).contains(folded)) return true;
        return false;
    }

    private List<Hit> documents(String q) {
        Set<Long> seen = new LinkedHashSet<>();
        List<Hit> hits = new ArrayList<>();
        for (DocumentList.Box box : List.of(DocumentList.Box.INCOMING, DocumentList.Box.OUTGOING, DocumentList.Box.DRAFTS)) {
            var rows = guarded(() -> documents.list(new DocumentList.Query(box, null, q, null, null, null, null, null, null, false, PER_KIND)));
            for (var r : rows) {
                Document d = r.document();
                if (!seen.add(d.id())) continue;
                String number = d.number() == null ? "" : d.number() + (d.notation() == null ? "" : "/" + d.notation()) + " — ";
                hits.add(new Hit(Kind.DOCUMENT, number + d.subject(), d.type().vietnamese(), "/office/documents/" + d.id()));
            }
        }
        return hits;
    }

    private List<Hit> tasks(List<Plan> planList, String folded) {
        List<Hit> hits = new ArrayList<>();
        for (Plan p : planList.stream().limit(PLANS_SCANNED).toList()) {
            for (Task t : guarded(() -> plans.get(p.id()).tasks())) {
                if (matches(folded, t.code(), t.title())) hits.add(new Hit(Kind.TASK, t.code() + " — " + t.title(), p.code(), "/office/programme/tasks/" + t.id()));
                if (hits.size() >= PER_KIND) return hits;
            }
        }
        return hits;
    }

    private List<Hit> dossiers(String q, String folded) {
        Map<String, Dossier> found = new LinkedHashMap<>();
        // A dossier code typed whole opens that dossier, wherever it is, when the policy lets the person read it.
        if (q.matches("[A-Za-z0-9./_\\-]{6,40}")) {
            try {
                Dossier d = dossiers.get(q.toUpperCase(Locale.ROOT));
                found.put(d.code(), d);
            } catch (DomainException e) {
                // not found, or hidden: nothing to show
            }
        }
        // The queues' own search, in the database (the whole queue, not its first 500): the first few of each.
        var filter = new Dossiers.QueueFilter(q, null);
        for (Supplier<List<Dossier>> queue : List.<Supplier<List<Dossier>>>of(() -> dossiers.receptionQueue(filter, 0, PER_KIND).dossiers(),
                () -> dossiers.processingQueue(filter, 0, PER_KIND).dossiers())) {
            for (Dossier d : guarded(queue)) found.putIfAbsent(d.code(), d);
        }
        return found.values().stream()
                .map(d -> new Hit(Kind.DOSSIER, d.code() + " — " + d.applicant().fullName(), d.procedureName(), "/office/one-stop/dossiers/" + d.code()))
                .toList();
    }
}
