package vn.truongson.secops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.audit.AuditTrail;
import vn.truongson.calendar.WorkingCalendar;
import vn.truongson.secops.detection.Evaluator;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 17 B end to end: audit rows in the real trail → the evaluator on the real database → alerts, their notifications,
 * their lifecycle and who may see them over real HTTP; the SIEM export's two formats.
 */
@PlatformTest
class DetectionTest {

    @Autowired Evaluator evaluator;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;
    @Autowired WorkingCalendar calendar;
    @Autowired vn.truongson.org.Officials officials;
    @Autowired vn.truongson.access.Accounts accounts;

    static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A new official in the unit of {@code like}, with an account: the sign-in failures a test makes are its own, never
     * joined to those other tests of the same run made for the demo accounts within a rule's window.
     */
    String fresh(String like) {
        long unit = jdbc.sql("select o.unit_id from org_official o join access_account a on a.official_id = o.id where a.username = ?")
                .param(like).query(Long.class).single();
        String name = "dt" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "." + SEQ.incrementAndGet();
        var o = officials.insert(new vn.truongson.org.Officials.NewOfficial(name, "Cán bộ thử " + name, unit, "Trợ lý", null,
                vn.truongson.core.SecrecyLevel.THUONG, vn.truongson.core.SecrecyLevel.THUONG, "-", null, null, null));
        accounts.createWithHash(o.id(), name, accounts.hash("Thu-" + java.util.UUID.randomUUID()), null);
        return name;
    }
    @LocalServerPort int port;

    Api api;
    Instant t0;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        t0 = jdbc.sql("select now()").query(Timestamp.class).single().toInstant();
    }

    @AfterEach
    void dropTestGrants() {
        jdbc.sql("delete from access_grant where role = 'SECURITY_OFFICER' and official_id in (select official_id from access_account where username in ('dieuphoi.qk1', 'baocao.btlbp'))").update();
    }

    void failures(String username, int n) {
        for (int i = 0; i < n; i++) audit.recordSeparately(username, "signin", "account:" + username, AuditTrail.FAILURE, "test: wrong password");
    }

    /** Runs the evaluator once the rows are older than its settle time. */
    int evaluate() throws InterruptedException {
        Thread.sleep(2_300);
        return evaluator.run();
    }

    List<Long> alerts(String rule, String subject) {
        return jdbc.sql("select id from secops_alert where rule_code = ? and subject = ? and created_at >= ? order by id")
                .params(rule, subject, Timestamp.from(t0)).query(Long.class).list();
    }

    long unitId(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    long officialId(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    @Test
    void a_brute_force_burst_raises_exactly_one_alert_told_once_to_the_security_officers() throws Exception {
        String quiet = fresh("baocao.btl86");
        String sd3 = fresh("baocao.sd3");
        failures(quiet, 4);
        evaluate();
        assertThat(alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + quiet)).as("below the threshold").isEmpty();

        failures(sd3, 5);
        evaluate();
        List<Long> raised = alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + sd3);
        assertThat(raised).hasSize(1);
        long id = raised.getFirst();
        assertThat(jdbc.sql("select unit_id from secops_alert where id = ?").param(id).query(Long.class).single()).isEqualTo(unitId("SD3"));
        assertThat(jdbc.sql("select event_count from secops_alert where id = ?").param(id).query(Integer.class).single()).isEqualTo(5);

        // The same burst goes on: no second alert, its events join the first.
        failures(sd3, 3);
        evaluate();
        assertThat(alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + sd3)).containsExactly(id);
        assertThat(jdbc.sql("select event_count from secops_alert where id = ?").param(id).query(Integer.class).single()).isEqualTo(8);
        // Told once, to the ministry's security officer (his grant covers Sư đoàn 3), with a link to the alert.
        var told = jdbc.sql("select official_id, link from notify_notification where dedupe_key like ?").param("secops.alert:" + id + ":%")
                .query((rs, n) -> rs.getLong(1) + " " + rs.getString(2)).list();
        assertThat(told).containsExactly(officialId("baomat.bqp") + " /office/security/alerts/" + id);
        // The alert's events are the audit rows.
        var detail = api.get("/api/v1/security/alerts/" + id, "baomat.bqp");
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().get("events")).hasSize(8);
        assertThat(detail.json().get("events").get(0).get("action").asString()).isEqualTo("signin");
        assertThat(detail.json().get("alert").get("severity").asString()).isEqualTo("MEDIUM");
    }

    @Test
    void twelve_concurrent_evaluator_runs_raise_one_alert() throws Exception {
        String clerk = fresh("vanthu.btl86");
        failures(clerk, 6);
        Thread.sleep(2_300);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 12; i++) runs.add(evaluator::run);
            for (Future<Integer> f : pool.invokeAll(runs)) f.get();
        } finally {
            pool.shutdown();
        }
        List<Long> raised = alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + clerk);
        assertThat(raised).hasSize(1);
        assertThat(jdbc.sql("select count(*) from secops_alert_event where alert_id = ?").param(raised.getFirst()).query(Long.class).single()).isEqualTo(6);
        assertThat(jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param("secops.alert:" + raised.getFirst() + ":%")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void a_classified_read_burst_raises_one_alert() throws Exception {
        String reader = "doc.gia." + System.nanoTime();
        for (int i = 0; i < 19; i++) audit.recordSeparately(reader, "classified.read", "document:" + i, AuditTrail.SUCCESS, "MAT");
        evaluate();
        assertThat(alerts("CLASSIFIED_READ_BURST", "actor:" + reader)).isEmpty();
        for (int i = 0; i < 6; i++) audit.recordSeparately(reader, "classified.read", "document:x" + i, AuditTrail.SUCCESS, "MAT");
        evaluate();
        assertThat(alerts("CLASSIFIED_READ_BURST", "actor:" + reader)).hasSize(1);
    }

    @Test
    void working_time_follows_the_platforms_calendar() {
        LocalDate monday = LocalDate.of(2026, 12, 7);
        assertThat(calendar.isWorkingDay(monday)).isTrue();
        assertThat(Evaluator.isWorkingTime(calendar, at(monday, 9, 0))).isTrue();
        assertThat(Evaluator.isWorkingTime(calendar, at(monday, 12, 30))).as("lunch").isFalse();
        assertThat(Evaluator.isWorkingTime(calendar, at(monday, 21, 0))).isFalse();
        assertThat(Evaluator.isWorkingTime(calendar, at(monday.plusDays(5), 9, 0))).as("Saturday").isFalse();
        assertThat(Evaluator.isWorkingTime(calendar, at(LocalDate.of(2026, 9, 2), 9, 0))).as("National Day").isFalse();
    }

    static Instant at(LocalDate d, int h, int m) {
        return ZonedDateTime.of(d, LocalTime.of(h, m), WorkingCalendar.ZONE).toInstant();
    }

    @Test
    void only_security_officers_and_administrators_covering_the_unit_see_an_alert_and_hidden_answers_as_missing() throws Exception {
        String qk1 = fresh("baocao.qk1");
        failures(qk1, 5); // Bộ Tham mưu Quân khu 1
        // Twenty failures from one address (the test's rows carry none: "-"), made-up names: an alert about no unit.
        for (int i = 0; i < 20; i++) failures("khongco." + System.nanoTime(), 1);
        evaluate();
        long id = alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + qk1).getFirst();
        jdbc.sql("insert into access_grant (official_id, role, unit_id, scope) values (?, 'SECURITY_OFFICER', ?, 'SUBTREE')")
                .params(officialId("dieuphoi.qk1"), unitId("QK1")).update();
        jdbc.sql("insert into access_grant (official_id, role, unit_id, scope) values (?, 'SECURITY_OFFICER', ?, 'SUBTREE')")
                .params(officialId("baocao.btlbp"), unitId("QK3")).update();

        assertThat(api.get("/api/v1/security/alerts/" + id, "baomat.bqp").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/security/alerts/" + id, "admin").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/security/alerts/" + id, "dieuphoi.qk1").status()).as("officer of QK1").isEqualTo(200);
        assertThat(ids(api.get("/api/v1/security/alerts?status=ALL&limit=1000", "dieuphoi.qk1"))).contains(id);

        var hidden = api.get("/api/v1/security/alerts/" + id, "baocao.btlbp");
        var missing = api.get("/api/v1/security/alerts/999999999", "baocao.btlbp");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(vn.truongson.support.Api.withoutId(hidden.body(), id)).isEqualTo(vn.truongson.support.Api.withoutId(missing.body(), "999999999"));
        assertThat(ids(api.get("/api/v1/security/alerts?status=ALL&limit=1000", "baocao.btlbp"))).doesNotContain(id);
        var commander = api.get("/api/v1/security/alerts/" + id, "chihuy.qk1");
        assertThat(commander.status()).as("a commander of the unit, no security role").isEqualTo(404);
        assertThat(api.get("/api/v1/security/alerts", "chihuy.qk1").status()).isEqualTo(403);
        // Nor can they act on it.
        assertThat(api.post("/api/v1/security/alerts/" + id + "/acknowledge", "baocao.btlbp", "").status()).isEqualTo(404);
        // An alert about no unit (an address) is for those over the whole tree only.
        String noUnit = jdbc.sql("select id::text from secops_alert where rule_code = 'SIGNIN_FAILURES_ADDRESS' and subject = 'ip:-' and unit_id is null")
                .query(String.class).list().getFirst();
        assertThat(api.get("/api/v1/security/alerts/" + noUnit, "dieuphoi.qk1").status()).isEqualTo(404);
        assertThat(ids(api.get("/api/v1/security/alerts?status=ALL&limit=1000", "dieuphoi.qk1"))).doesNotContain(Long.parseLong(noUnit));
        assertThat(api.get("/api/v1/security/alerts/" + noUnit, "baomat.bqp").status()).isEqualTo(200);
    }

    static List<Long> ids(Api.Response r) {
        assertThat(r.status()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        r.json().forEach(n -> out.add(Long.parseLong(n.get("id").asString())));
        return out;
    }

    @Test
    void the_lifecycle_new_acknowledged_resolved_with_a_note_and_twelve_acknowledgements_at_once() throws Exception {
        String ky = fresh("ky.btl86");
        failures(ky, 5);
        evaluate();
        long id = alerts("SIGNIN_FAILURES_ACCOUNT", "account:" + ky).getFirst();
        String path = "/api/v1/security/alerts/" + id;
        var list = api.get("/api/v1/security/alerts?status=NEW&limit=1000", "baomat.bqp");
        assertThat(ids(list)).contains(id);
        tools.jackson.databind.JsonNode row = null;
        for (var n : list.json()) if (n.get("id").asString().equals(Long.toString(id))) row = n;
        assertThat(row).isNotNull();
        for (String field : List.of("id", "rule", "severity", "status", "unitId", "createdAt", "eventCount")) assertThat(row.has(field)).as(field).isTrue();

        ExecutorService pool = Executors.newFixedThreadPool(12);
        List<Integer> statuses = new ArrayList<>();
        try {
            api.token("baomat.bqp");
            List<Callable<Integer>> acks = new ArrayList<>();
            for (int i = 0; i < 12; i++) acks.add(() -> api.post(path + "/acknowledge", "baomat.bqp", "").status());
            for (Future<Integer> f : pool.invokeAll(acks)) statuses.add(f.get());
        } finally {
            pool.shutdown();
        }
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 409).count()).isEqualTo(11);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.alert.acknowledge' and target = ?").param("secops-alert:" + id)
                .query(Long.class).single()).isEqualTo(1);

        var noNote = api.post(path + "/resolve", "baomat.bqp", "{}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.body()).contains("note");
        var nul = api.post(path + "/resolve", "baomat.bqp", "{\"note\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("note");
        var tooLong = api.post(path + "/resolve", "baomat.bqp", "{\"note\":\"" + "x".repeat(2001) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        var resolved = api.post(path + "/resolve", "baomat.bqp", "{\"note\":\"Đã liên hệ đồng chí, đổi mật khẩu\"}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.json().get("note").asString()).isEqualTo("Đã liên hệ đồng chí, đổi mật khẩu");
        assertThat(api.post(path + "/false-positive", "baomat.bqp", "{}").status()).isEqualTo(409);
        assertThat(api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + path)).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"ACKNOWLEDGED\"}")), "baomat.bqp").status()).isEqualTo(409);
        assertThat(api.get("/api/v1/security/alerts?status=BOGUS", "baomat.bqp").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/security/alerts?limit=1e5000", "baomat.bqp").status()).isEqualTo(400);
    }

    @Test
    void rules_are_edited_only_by_a_security_officer_over_the_whole_tree_within_bounds_and_audited() {
        String path = "/api/v1/security/rules/MASS_EXPORT";
        assertThat(api.put(path, "admin", "{\"params\":{\"threshold\":30}}").status()).isEqualTo(403);
        var huge = api.put(path, "baomat.bqp", "{\"params\":{\"threshold\":1e5000}}");
        assertThat(huge.status()).isEqualTo(400);
        var frac = api.put(path, "baomat.bqp", "{\"params\":{\"threshold\":2.5}}");
        assertThat(frac.status()).isEqualTo(400);
        assertThat(frac.body()).contains("params.threshold");
        var unknown = api.put(path, "baomat.bqp", "{\"params\":{\"colour\":3}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("params.colour");
        assertThat(api.put(path, "baomat.bqp", "{\"severity\":\"APOCALYPTIC\"}").status()).isEqualTo(400);
        var ok = api.put(path, "baomat.bqp", "{\"params\":{\"threshold\":30},\"severity\":\"CRITICAL\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("params").get("threshold").asInt()).isEqualTo(30);
        assertThat(ok.json().get("params").get("windowMinutes").asInt()).isEqualTo(10);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'secops.rule.update' and target = 'secops-rule:MASS_EXPORT' and actor = 'baomat.bqp'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);
        assertThat(api.put(path, "baomat.bqp", "{\"params\":{\"threshold\":20},\"severity\":\"HIGH\"}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/security/rules", "admin").json()).hasSize(8);
    }

    static final Pattern SYSLOG = Pattern.compile("^<(\\d{1,3})>1 \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z [!-~]{1,255} truongson - [!-~]{1,32} "
            + "\\[truongson@32473( [a-z]+=\"([^\"\\\\\\]]|\\\\[\"\\\\\\]])*\")+\\] \uFEFF.*$");

    @Test
    void security_events_export_as_ecs_json_lines_and_rfc_5424_syslog() {
        audit.recordSeparately("siem.thu", "signin", "account:siem.thu", AuditTrail.FAILURE, "line\nbreak \"quoted\" ]");
        var ecs = api.get("/api/v1/security/events/export?format=ecs", "baomat.bqp");
        assertThat(ecs.status()).isEqualTo(200);
        String[] lines = ecs.body().split("\n");
        assertThat(lines.length).isGreaterThan(1);
        boolean seen = false;
        for (String line : lines) {
            var doc = Api.json(line);
            assertThat(doc.has("@timestamp")).isTrue();
            assertThat(doc.get("ecs").get("version").asString()).startsWith("8.");
            assertThat(doc.get("event").get("outcome").asString()).isIn("success", "failure", "unknown");
            if (doc.get("truongson").has("detail") && doc.get("truongson").get("detail").asString().equals("line\nbreak \"quoted\" ]")) {
                seen = true;
                assertThat(doc.get("event").get("category").get(0).asString()).isEqualTo("authentication");
                assertThat(doc.get("user").get("name").asString()).isEqualTo("siem.thu");
            }
        }
        assertThat(seen).isTrue();
        var syslog = api.get("/api/v1/security/events/export?format=syslog", "baomat.bqp");
        assertThat(syslog.status()).isEqualTo(200);
        for (String line : syslog.body().split("\n")) assertThat(line).matches(SYSLOG);
        assertThat(syslog.body()).contains("<108>1 ").contains("actor=\"siem.thu\"");
        var bad = api.get("/api/v1/security/events/export?format=xml&from=yesterday", "baomat.bqp");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("format").contains("from");
        assertThat(api.get("/api/v1/security/events/export?from=2026-01-01&to=2026-06-01", "baomat.bqp").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/security/events/export", "baocao.sd3").status()).isEqualTo(403);
    }
}
