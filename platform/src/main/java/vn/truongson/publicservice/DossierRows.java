package vn.truongson.publicservice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.publicservice.Dossier.Applicant;
import vn.truongson.publicservice.Dossier.Channel;

/**
 * The store of the {@link Dossier} aggregate: a dossier is read whole — its row, steps, attachments and timeline — in one
 * statement (the children as {@code json_agg}), a page of them in one statement too, and it is changed only by the events
 * its verbs return ({@link #apply}), so the status written is always the one the aggregate decided. Rows are mapped by
 * column name.
 */
@Component
class DossierRows {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private static final String SELECT = """
            select d.*, p.code as procedure_code, p.name as procedure_name,
              (select coalesce(json_agg(json_build_object('ordinal', s.ordinal, 'name', s.name, 'unitId', s.unit_id, 'role', s.role,
                      'startedAt', s.started_at, 'dueAt', s.due_at, 'completedAt', s.completed_at, 'completedBy', s.completed_by, 'late', s.late)
                      order by s.ordinal), '[]')
                 from publicservice_dossier_step s where s.dossier_id = d.id) as steps_json,
              (select coalesce(json_agg(json_build_object('component', a.component, 'fileName', a.file_name, 'sha256', a.sha256, 'size', a.size,
                      'contentType', a.content_type, 'addedAt', a.added_at) order by a.added_at, a.component), '[]')
                 from publicservice_attachment a where a.dossier_id = d.id) as attachments_json,
              (select coalesce(json_agg(json_build_object('id', e.id, 'at', e.at, 'kind', e.kind, 'actor', e.actor, 'status', e.status,
                      'note', e.note) order by e.id), '[]')
                 from publicservice_event e where e.dossier_id = d.id) as events_json
            from publicservice_dossier d join publicservice_procedure p on p.id = d.procedure_id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DossierRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- reading ---------------------------------------------------------------------------------

    Optional<Dossier> find(String code) {
        return jdbc.sql(SELECT + " where d.code = ?").param(code).query(this::map).optional();
    }

    Dossier load(long id) {
        return jdbc.sql(SELECT + " where d.id = ?").param(id).query(this::map).single();
    }

    /** The dossier, its row locked until the transaction ends: one statement. */
    Dossier lock(String code) {
        return jdbc.sql(SELECT + " where d.code = ? for update of d").param(code).query(this::map).optional()
                .orElseThrow(() -> new DomainException.NotFound("dossier", code));
    }

    /** The dossiers in the order of the ids, in one statement whatever their number. */
    List<Dossier> loadAll(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        Map<Long, Dossier> byId = new HashMap<>();
        jdbc.sql(SELECT + " where d.id = any(:ids)").param("ids", ids.toArray(Long[]::new)).query(this::map).list()
                .forEach(d -> byId.put(d.id(), d));
        List<Dossier> out = new ArrayList<>(ids.size());
        for (Long id : ids) if (byId.containsKey(id)) out.add(byId.get(id));
        return out;
    }

    // ---- changing --------------------------------------------------------------------------------

    /** Writes what the event says happened; the only place a dossier's status is written after filing. */
    void apply(DossierEvent event) {
        long id = event.dossierId();
        Timestamp at = Timestamp.from(event.at());
        String status = event.status().name();
        switch (event) {
            case DossierEvent.Submitted e -> { }
            case DossierEvent.Received e -> received(id, at, e.actor(), e.appointmentAt(), e.step(), e.stepDueAt(), status);
            case DossierEvent.Supplemented e -> received(id, at, e.actor(), e.appointmentAt(), e.step(), e.stepDueAt(), status);
            case DossierEvent.SupplementRequested e ->
                    jdbc.sql("update publicservice_dossier set status = ?, supplement_reason = ?, version = version + 1 where id = ?")
                            .params(status, e.reason(), id).update();
            case DossierEvent.StepCompleted e -> {
                jdbc.sql("update publicservice_dossier_step set completed_at = ?, completed_by = ?, late = ? where dossier_id = ? and ordinal = ?")
                        .params(at, e.actor(), e.late(), id, e.ordinal()).update();
                if (e.last()) {
                    jdbc.sql("update publicservice_dossier set status = ?, result_ready_at = ?, version = version + 1 where id = ?")
                            .params(status, at, id).update();
                } else {
                    jdbc.sql("update publicservice_dossier set status = ?, current_step = ?, version = version + 1 where id = ?")
                            .params(status, e.ordinal() + 1, id).update();
                    startStep(id, e.ordinal() + 1, at, e.nextDueAt());
                }
            }
            case DossierEvent.SentBack e -> {
                jdbc.sql("update publicservice_dossier_step set started_at = null, due_at = null where dossier_id = ? and ordinal = ?")
                        .params(id, e.fromStep()).update();
                startStep(id, e.toStep(), at, e.stepDueAt());
                jdbc.sql("update publicservice_dossier set current_step = ?, status = ?, version = version + 1 where id = ?")
                        .params(e.toStep(), status, id).update();
            }
            case DossierEvent.Escalated e -> { }
            case DossierEvent.Apologised e ->
                    jdbc.sql("update publicservice_dossier set new_appointment_at = ?, apology_reason = ?, version = version + 1 where id = ?")
                            .params(Timestamp.from(e.newAppointmentAt()), e.reason(), id).update();
            case DossierEvent.Rejected e ->
                    jdbc.sql("update publicservice_dossier set status = ?, reject_reason = ?, version = version + 1 where id = ?")
                            .params(status, e.reason(), id).update();
            case DossierEvent.ResultReturned e ->
                    jdbc.sql("update publicservice_dossier set status = ?, returned_at = ?, returned_by = ?, on_time = ?, version = version + 1 where id = ?")
                            .params(status, at, e.actor(), e.onTime(), id).update();
            case DossierEvent.Relayed e ->
                    jdbc.sql("""
                            update publicservice_dossier set status = ?,
                              supplement_reason = case when ? = 'SUPPLEMENT_REQUESTED' then ? else supplement_reason end,
                              reject_reason = case when ? = 'REJECTED' then ? else reject_reason end,
                              result_ready_at = case when ? in ('RESULT_READY', 'RETURNED') then coalesce(result_ready_at, ?) else result_ready_at end,
                              returned_at = case when ? = 'RETURNED' then coalesce(returned_at, ?) else returned_at end,
                              version = version + 1 where id = ?""")
                            .params(status, e.sent().name(), e.note(), e.sent().name(), e.note(), status, at, status, at, id).update();
            case DossierEvent.Rated e ->
                    jdbc.sql("update publicservice_dossier set rating = ?, rating_comment = ?, rated_at = ? where id = ?")
                            .params(e.stars(), e.comment(), at, id).update();
        }
    }

    /** The result document of a dossier whose last step is done. */
    void result(long id, String sha256, boolean signed) {
        jdbc.sql("update publicservice_dossier set result_sha256 = ?, result_signed = ? where id = ?").params(sha256, signed, id).update();
    }

    private void received(long id, Timestamp at, String by, Instant appointment, int step, Instant due, String status) {
        jdbc.sql("""
                update publicservice_dossier set status = :status, received_at = coalesce(received_at, :now), received_by = coalesce(received_by, :by),
                    appointment_at = :appointment, current_step = :step, supplement_reason = null, version = version + 1 where id = :id""")
                .param("status", status).param("now", at).param("by", by).param("appointment", Timestamp.from(appointment)).param("step", step)
                .param("id", id).update();
        startStep(id, step, at, due);
    }

    private void startStep(long id, int ordinal, Timestamp at, @Nullable Instant due) {
        jdbc.sql("""
                update publicservice_dossier_step set started_at = ?, due_at = ?, completed_at = null, completed_by = null, late = null
                where dossier_id = ? and ordinal = ?""")
                .params(at, due == null ? null : Timestamp.from(due), id, ordinal).update();
    }

    // ---- mapping ---------------------------------------------------------------------------------

    private Dossier map(ResultSet rs, int n) throws SQLException {
        java.sql.Date birth = rs.getDate("applicant_birth");
        int step = rs.getInt("current_step");
        Integer current = rs.wasNull() ? null : step;
        int rating = rs.getInt("rating");
        Integer r = rs.wasNull() ? null : rating;
        List<Dossier.Step> steps = new ArrayList<>();
        for (JsonNode s : json.readTree(rs.getString("steps_json"))) {
            steps.add(new Dossier.Step(s.get("ordinal").asInt(), s.get("name").asString(), s.get("unitId").asLong(), Role.valueOf(s.get("role").asString()),
                    instant(s, "startedAt"), instant(s, "dueAt"), instant(s, "completedAt"), text(s, "completedBy"),
                    s.get("late").isNull() ? null : s.get("late").asBoolean()));
        }
        List<Dossier.Attachment> attachments = new ArrayList<>();
        for (JsonNode a : json.readTree(rs.getString("attachments_json"))) {
            attachments.add(new Dossier.Attachment(a.get("component").asString(), a.get("fileName").asString(), a.get("sha256").asString(),
                    a.get("size").asLong(), a.get("contentType").asString(), instant(a, "addedAt")));
        }
        List<Dossier.Event> events = new ArrayList<>();
        for (JsonNode e : json.readTree(rs.getString("events_json"))) {
            events.add(new Dossier.Event(e.get("id").asLong(), instant(e, "at"), e.get("kind").asString(), e.get("actor").asString(),
                    DossierStatus.valueOf(e.get("status").asString()), text(e, "note")));
        }
        return new Dossier(rs.getLong("id"), rs.getString("code"), rs.getLong("procedure_id"), rs.getString("procedure_code"), rs.getString("procedure_name"),
                rs.getLong("unit_id"), Channel.valueOf(rs.getString("channel")), DossierStatus.valueOf(rs.getString("status")),
                new Applicant(rs.getString("applicant_id_number"), rs.getString("applicant_name"), birth == null ? null : birth.toLocalDate(),
                        rs.getString("applicant_phone"), rs.getString("applicant_email")),
                json.readValue(rs.getString("form_data"), MAP), rs.getTimestamp("submitted_at").toInstant(), rs.getString("submitted_by"),
                instant(rs, "received_at"), rs.getString("received_by"), instant(rs, "appointment_at"), instant(rs, "new_appointment_at"),
                rs.getString("apology_reason"), current, rs.getString("supplement_reason"), rs.getString("reject_reason"), instant(rs, "result_ready_at"),
                rs.getString("result_sha256"), rs.getBoolean("result_signed"), instant(rs, "returned_at"), rs.getString("returned_by"),
                (Boolean) rs.getObject("on_time"), r, rs.getString("rating_comment"), steps, attachments, events, onBehalf(rs));
    }

    private static Dossier.@Nullable OnBehalf onBehalf(ResultSet rs) throws SQLException {
        String relation = rs.getString("on_behalf_relation");
        if (relation == null) return null;
        java.sql.Date birth = rs.getDate("subject_birth");
        return new Dossier.OnBehalf(Dossier.Relation.valueOf(relation), rs.getString("subject_id_number"), rs.getString("subject_name"),
                birth == null ? null : birth.toLocalDate());
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : OffsetDateTime.parse(v.asString()).toInstant();
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}
