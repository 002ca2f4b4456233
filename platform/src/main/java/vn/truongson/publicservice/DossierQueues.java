package vn.truongson.publicservice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.core.VietnameseText;
import vn.truongson.population.CitizenIdentity;

/**
 * The lists: the desk's queue, the processing officers' queue, a citizen's dossiers. Each costs a constant number of
 * statements whatever its length (the ids through the policy, then every dossier whole in one statement,
 * {@link DossierRows#loadAll}); {@code DossierQueuesTest} counts them. The queues are paged, filtered and counted in
 * the database (issue 13): the screens' pages, their exports and the API read only the rows they show.
 */
@Component
class DossierQueues {

    static final int LIMIT = 500;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final DossierRows rows;

    DossierQueues(JdbcClient jdbc, AccessPolicy policy, DossierRows rows) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.rows = rows;
    }

    /** The statuses of the desk's queue, and of the processing queue, in the order the screens list them. */
    static final List<DossierStatus> RECEPTION = List.of(DossierStatus.SUBMITTED, DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.RESULT_READY);
    static final List<DossierStatus> PROCESSING = List.of(DossierStatus.RECEIVED, DossierStatus.IN_PROCESS);

    /** The one-stop desk's queue: dossiers waiting for reception, for a supplement, or to be handed back, oldest first. */
    List<Dossier> reception() {
        return reception(Dossiers.QueueFilter.ALL, 0, LIMIT).dossiers();
    }

    /**
     * A page of the desk's queue, filtered and counted in the database: three statements whatever the page (the count,
     * the page's ids, the dossiers whole). An offset past the end gives the last page.
     */
    Dossiers.QueuePage reception(Dossiers.QueueFilter filter, int offset, int limit) {
        SqlFilter f = policy.visibility(Dossiers.ONE_STOP).where("d.unit_id", null);
        Map<String, Object> params = new HashMap<>(f.params());
        String where = f.sql() + " and " + statuses(RECEPTION, filter, params) + words(filter, params);
        String from = " from publicservice_dossier d join publicservice_procedure p on p.id = d.procedure_id where " + where;
        return page(from, "d.submitted_at, d.id", params, offset, limit);
    }

    /** The processing officer's queue: dossiers whose current step is theirs, soonest due first. */
    List<Dossier> processing() {
        return processing(Dossiers.QueueFilter.ALL, 0, LIMIT).dossiers();
    }

    /**
     * A page of the processing queue: the dossiers whose current step is for a role the officer holds over the step's
     * unit, soonest due first, in one query whatever the roles (each role's own unit condition); three statements.
     */
    Dossiers.QueuePage processing(Dossiers.QueueFilter filter, int offset, int limit) {
        Map<String, Object> params = new HashMap<>();
        List<String> roles = new ArrayList<>();
        int i = 0;
        for (Role r : List.of(Role.PROCESSING_OFFICER, Role.ONE_STOP_OFFICER, Role.COMMANDER, Role.SIGNER)) {
            SqlFilter f = policy.visibility(Set.of(r)).where("s.unit_id", null);
            if (f.sql().equals("false")) continue;
            String sql = f.sql();
            // Each role's filter has the same parameter names: each gets its own.
            for (var e : f.params().entrySet()) {
                String name = e.getKey() + "_r" + i;
                sql = sql.replaceAll(":" + e.getKey() + "\\b", ":" + name);
                params.put(name, e.getValue());
            }
            params.put("role_r" + i, r.name());
            roles.add("(s.role = :role_r" + i + " and " + sql + ")");
            i++;
        }
        if (roles.isEmpty()) return new Dossiers.QueuePage(List.of(), 0, 0);
        String where = "(" + String.join(" or ", roles) + ") and s.completed_at is null and " + statuses(PROCESSING, filter, params)
                + words(filter, params);
        String from = " from publicservice_dossier d join publicservice_dossier_step s on s.dossier_id = d.id and s.ordinal = d.current_step"
                + " join publicservice_procedure p on p.id = d.procedure_id where " + where;
        return page(from, "s.due_at, d.id", params, offset, limit);
    }

    private Dossiers.QueuePage page(String from, String order, Map<String, Object> params, int offset, int limit) {
        int size = Math.max(1, limit);
        long total = jdbc.sql("select count(*)" + from).params(params).query(Long.class).single();
        int start = (int) Math.min(Math.max(0, offset), Math.max(0, (total - 1) / size * size));
        List<Long> ids = total == 0 ? List.of()
                : jdbc.sql("select d.id" + from + " order by " + order + " limit " + size + " offset " + start).params(params).query(Long.class).list();
        return new Dossiers.QueuePage(rows.loadAll(ids), total, start);
    }

    /** The queue's statuses, or the one chosen (none when it is not of this queue). */
    private static String statuses(List<DossierStatus> queue, Dossiers.QueueFilter filter, Map<String, Object> params) {
        List<DossierStatus> chosen = filter.status() == null ? queue : queue.contains(filter.status()) ? List.of(filter.status()) : List.of();
        if (chosen.isEmpty()) return "false";
        params.put("queue_statuses", chosen.stream().map(Enum::name).toArray(String[]::new));
        return "d.status = any(:queue_statuses)";
    }

    /**
     * The words typed, in the code, the applicant's name, the procedure's name or code, diacritics folded on both sides
     * as {@link VietnameseText#fold} does (the letters with marks translated to their base letter in SQL).
     */
    private static String words(Dossiers.QueueFilter filter, Map<String, Object> params) {
        String folded = filter.q() == null ? "" : VietnameseText.fold(filter.q().strip());
        if (folded.isEmpty()) return "";
        params.put("fold_from", FOLD_FROM);
        params.put("fold_to", FOLD_TO);
        params.put("queue_words", "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        return " and lower(translate(d.code || ' ' || d.applicant_name || ' ' || p.name || ' ' || p.code, :fold_from, :fold_to))"
                + " like :queue_words escape '\\'";
    }

    /** Every letter with a mark (Latin, Latin Extended, Vietnamese) and its folded letter, for SQL's translate. */
    static final String FOLD_FROM;
    static final String FOLD_TO;

    static {
        StringBuilder from = new StringBuilder(), to = new StringBuilder();
        for (char c = '\u00C0'; c <= '\u1EFF'; c++) {
            if (c > '\u024F' && c < '\u1E00') continue;
            if (!Character.isLetter(c)) continue;
            String f = VietnameseText.fold(String.valueOf(c));
            if (f.length() == 1 && f.charAt(0) != c && f.charAt(0) < 0x80) {
                from.append(c);
                to.append(f.charAt(0));
            }
        }
        FOLD_FROM = from.toString();
        FOLD_TO = to.toString();
    }

    /** The citizen's dossiers, newest first. */
    List<Dossier> ofCitizen(CitizenIdentity citizen) {
        return rows.loadAll(jdbc.sql("select id from publicservice_dossier where applicant_id_number = ? order by submitted_at desc limit 200")
                .param(citizen.idNumber()).query(Long.class).list());
    }
}
