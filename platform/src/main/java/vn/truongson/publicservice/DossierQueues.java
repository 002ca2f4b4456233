package vn.truongson.publicservice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Role;
import vn.truongson.access.SqlFilter;
import vn.truongson.population.CitizenIdentity;

/**
 * The lists: the desk's queue, the processing officers' queue, a citizen's dossiers. Each costs a constant number of
 * statements whatever its length (the ids through the policy, then every dossier whole in one statement,
 * {@link DossierRows#loadAll}); {@code DossierQueuesTest} counts them.
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

    /** The one-stop desk's queue: dossiers waiting for reception, for a supplement, or to be handed back, oldest first. */
    List<Dossier> reception() {
        SqlFilter f = policy.visibility(Dossiers.ONE_STOP).where("d.unit_id", null);
        List<Long> ids = f.bind(jdbc.sql("select d.id from publicservice_dossier d where " + f.sql()
                        + " and d.status in ('SUBMITTED', 'SUPPLEMENT_REQUESTED', 'RESULT_READY') order by d.submitted_at limit " + LIMIT))
                .query(Long.class).list();
        return rows.loadAll(ids);
    }

    /** The processing officer's queue: dossiers whose current step is theirs, soonest due first. */
    List<Dossier> processing() {
        Set<Long> ids = new LinkedHashSet<>();
        for (Role r : Set.of(Role.PROCESSING_OFFICER, Role.ONE_STOP_OFFICER, Role.COMMANDER, Role.SIGNER)) {
            SqlFilter f = policy.visibility(Set.of(r)).where("s.unit_id", null);
            if (f.sql().equals("false")) continue;
            ids.addAll(f.bind(jdbc.sql("select d.id from publicservice_dossier d join publicservice_dossier_step s on s.dossier_id = d.id "
                            + "and s.ordinal = d.current_step where " + f.sql() + " and s.role = :role and s.completed_at is null "
                            + "and d.status in ('RECEIVED', 'IN_PROCESS') order by s.due_at limit " + LIMIT))
                    .param("role", r.name()).query(Long.class).list());
        }
        return rows.loadAll(new ArrayList<>(ids)).stream()
                .sorted(Comparator.comparing((Dossier d) -> d.current().map(Dossier.Step::dueAt).orElse(Instant.MAX))).toList();
    }

    /** The citizen's dossiers, newest first. */
    List<Dossier> ofCitizen(CitizenIdentity citizen) {
        return rows.loadAll(jdbc.sql("select id from publicservice_dossier where applicant_id_number = ? order by submitted_at desc limit 200")
                .param(citizen.idNumber()).query(Long.class).list());
    }
}
