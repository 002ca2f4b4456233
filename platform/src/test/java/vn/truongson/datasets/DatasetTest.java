package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;
import vn.truongson.programme.ProgrammeTest;

/**
 * The hand-computed example of issue 18: a quarterly cipher-equipment survey owned by Quân khu 1, assigned to four of
 * its units, three submissions (one revised, one late), one missing; the roll-up over QK1 and over Sư đoàn 3, for a
 * coordinator, a commander and a reporter who sees only his own unit.
 */
@ProgrammeTest
class DatasetTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    DatasetFixture ds;

    @BeforeEach
    void setUp() {
        ds = new DatasetFixture(new Api(port), jdbc);
        // Before the clock moves: the second factor's codes are read on the platform's clock.
        ds.api.token("chihuy.qk1");
        ds.api.token("qk3.01");
        ds.api.token("td2.02");
        ds.api.token("sd3.02");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void definitionPublishAssignSubmitAndRollUpAgreeWithTheHandComputedFigures() {
        String id = ds.create(DatasetFixture.COORDINATOR, "QK1", "QUARTERLY", "THUONG");
        // A draft is not assigned.
        var draft = ds.api.post("/api/v1/datasets/" + id + "/assignments", DatasetFixture.COORDINATOR,
                "{\"unitIds\":[\"%s\"],\"period\":\"2026-Q4\",\"deadline\":\"2026-12-20\"}".formatted(ds.unit("SD3")));
        assertThat(draft.status()).as(draft.body()).isEqualTo(409);
        var pub = ds.api.post("/api/v1/datasets/" + id + "/publish", DatasetFixture.COORDINATOR, "");
        assertThat(pub.status()).as(pub.body()).isEqualTo(200);
        // Frozen once published.
        var edit = ds.api.put("/api/v1/datasets/" + id, DatasetFixture.COORDINATOR, """
                {"code":"X","title":"Khác","ownerUnitId":"%s","periodType":"QUARTERLY","fields":%s}""".formatted(ds.unit("QK1"), DatasetFixture.FIELDS));
        assertThat(edit.status()).as(edit.body()).isEqualTo(409);
        var again = ds.api.post("/api/v1/datasets/" + id + "/publish", DatasetFixture.COORDINATOR, "");
        assertThat(again.status()).isEqualTo(409);

        ds.assign(DatasetFixture.COORDINATOR, id, "2026-Q4", "2026-12-20", "BTMQK1", "SD3", "TD2", "TD12");

        clock.set("2026-12-10T09:00:00+07:00");
        var sd3 = ds.submit("sd3.02", id, "SD3", "2026-Q4", """
                {"kind":"Máy mã","needed":10,"deployed":4,"priority":2,"readiness":40,"pilot":true,"surveyed":"2026-12-01","channels":["Dữ liệu","Thoại"]}""");
        assertThat(sd3.status()).as(sd3.body()).isEqualTo(200);
        assertThat(sd3.json().get("onTime").asBoolean()).isTrue();
        assertThat(sd3.json().get("submittedAt").asString()).isEqualTo("2026-12-10T09:00:00+07:00");

        clock.set("2026-12-15T09:00:00+07:00");
        assertThat(ds.submit("td2.02", id, "TD2", "2026-Q4", """
                {"needed":5,"deployed":5,"priority":1,"readiness":100,"pilot":false}""").status()).isEqualTo(200);
        // Revised before the deadline: replaces, the first kept as a revision.
        clock.set("2026-12-18T09:00:00+07:00");
        var revised = ds.submit("td2.02", id, "TD2", "2026-Q4", """
                {"needed":6,"deployed":5,"priority":1,"readiness":80,"pilot":false,"note":"Bổ sung 01 máy"}""");
        assertThat(revised.status()).as(revised.body()).isEqualTo(200);
        assertThat(revised.json().get("revision").asInt()).isEqualTo(2);

        // Late: the day after the deadline's last minute in Việt Nam.
        clock.set("2026-12-21T00:00:01+07:00");
        var late = ds.submit("td12.02", id, "TD12", "2026-Q4", """
                {"needed":3,"deployed":0,"priority":3,"readiness":0,"pilot":true,"surveyed":"2026-12-22"}""");
        assertThat(late.status()).as(late.body()).isEqualTo(200);
        assertThat(late.json().get("onTime").asBoolean()).isFalse();

        // The coordinator over Quân khu 1: 4 expected, 3 received, 2 on time, BTMQK1 missing.
        var all = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR);
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        JsonNode r = all.json();
        assertThat(r.get("expected").asInt()).isEqualTo(4);
        assertThat(r.get("received").asInt()).isEqualTo(3);
        assertThat(r.get("onTime").asInt()).isEqualTo(2);
        assertThat(r.get("completeness").asDouble()).isEqualTo(0.75);
        JsonNode v = r.get("values");
        assertThat(v.get("needed").decimalValue()).isEqualByComparingTo("19");
        assertThat(v.get("deployed").decimalValue()).isEqualByComparingTo("9");
        assertThat(v.get("priority").decimalValue()).isEqualByComparingTo("1");
        assertThat(v.get("readiness").decimalValue()).isEqualByComparingTo("40");
        assertThat(v.get("pilot").asInt()).isEqualTo(2);
        assertThat(v.get("surveyed").asString()).isEqualTo("2026-12-22");
        assertThat(v.has("kind")).as("NONE is not rolled up").isFalse();
        assertThat(r.get("missing").toString()).isEqualTo("[\"" + ds.unit("BTMQK1") + "\"]");

        // Over Sư đoàn 3's subtree: SD3, TD2, TD12.
        var sd = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("SD3"), "chihuy.qk1").json();
        assertThat(sd.get("expected").asInt()).isEqualTo(3);
        assertThat(sd.get("received").asInt()).isEqualTo(3);
        assertThat(sd.get("values").get("needed").decimalValue()).isEqualByComparingTo("19");
        assertThat(sd.get("missing").size()).isZero();

        // A reporter of Sư đoàn 3 (UNIT grant) sees his own unit only, whatever the subtree asked.
        var own = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("SD3"), "sd3.02").json();
        assertThat(own.get("expected").asInt()).isEqualTo(1);
        assertThat(own.get("values").get("needed").decimalValue()).isEqualByComparingTo("10");

        // The raw submissions and the revisions agree with the roll-up.
        var raw = ds.api.get("/api/v1/datasets/" + id + "/submissions?period=2026-Q4&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR);
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        assertThat(raw.json().size()).isEqualTo(3);
        int sum = 0;
        for (JsonNode e : raw.json()) sum += e.get("values").get("needed").asInt();
        assertThat(sum).isEqualTo(19);
        // A commander (a SUBTREE grant below the root): the same submissions through the policy's condition.
        var commander = ds.api.get("/api/v1/datasets/" + id + "/submissions?period=2026-Q4&unitId=" + ds.unit("SD3"), "chihuy.qk1");
        assertThat(commander.status()).as(commander.body()).isEqualTo(200);
        assertThat(commander.json().size()).isEqualTo(3);
        var revisions = ds.api.get("/api/v1/datasets/" + id + "/submissions/" + ds.unit("TD2") + "/2026-Q4", "chihuy.qk1");
        assertThat(revisions.status()).as(revisions.body()).isEqualTo(200);
        assertThat(revisions.json().size()).isEqualTo(2);
        assertThat(revisions.json().get(0).get("values").get("needed").asInt()).isEqualTo(5);
        assertThat(revisions.json().get(1).get("values").get("needed").asInt()).isEqualTo(6);
        assertThat(revisions.json().get(1).get("values").get("note").asString()).isEqualTo("Bổ sung 01 máy");
        // Multiple choices are kept in the definition's order.
        JsonNode sd3Entry = null;
        for (JsonNode e : raw.json()) if (e.get("unitId").asString().equals(ds.unit("SD3"))) sd3Entry = e;
        assertThat(sd3Entry.get("values").get("channels").toString()).isEqualTo("[\"Thoại\",\"Dữ liệu\"]");

        // Locked after the deadline plus the lock days: 409, nothing written.
        clock.set("2027-02-01T09:00:00+07:00");
        var locked = ds.submit("td2.02", id, "TD2", "2026-Q4", "{\"needed\":7,\"deployed\":5}");
        assertThat(locked.status()).as(locked.body()).isEqualTo(409);
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", Long.parseLong(id))).isEqualTo(4);
    }

    /** Periods compared: each element is the roll-up of its period, oldest first; bad periods named by position. */
    @Test
    void periodsAreComparedWithTheSameFiguresAsEachRollUp() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-11", "2026-11-20", "SD3", "TD2");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        clock.set("2026-11-15T09:00:00+07:00");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-11", "{\"needed\":4,\"deployed\":1,\"readiness\":50}").status()).isEqualTo(200);
        assertThat(ds.submit("td2.02", id, "TD2", "2026-11", "{\"needed\":6,\"deployed\":2,\"readiness\":70}").status()).isEqualTo(200);
        clock.set("2026-12-22T09:00:00+07:00");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":5,\"deployed\":5,\"readiness\":90}").status()).isEqualTo(200);

        var c = ds.api.get("/api/v1/datasets/" + id + "/comparison?periods=2026-12,2026-11&unitId=" + ds.unit("SD3"), DatasetFixture.COORDINATOR);
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        JsonNode p = c.json().get("periods");
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.get(0).get("period").asString()).isEqualTo("2026-11");
        assertThat(p.get(0).get("received").asInt()).isEqualTo(2);
        assertThat(p.get(0).get("onTime").asInt()).isEqualTo(2);
        assertThat(p.get(0).get("values").get("needed").decimalValue()).isEqualByComparingTo("10");
        assertThat(p.get(0).get("values").get("readiness").decimalValue()).isEqualByComparingTo("60");
        assertThat(p.get(1).get("period").asString()).isEqualTo("2026-12");
        assertThat(p.get(1).get("received").asInt()).isEqualTo(1);
        assertThat(p.get(1).get("onTime").asInt()).as("submitted after the deadline").isZero();
        assertThat(p.get(1).get("values").get("needed").decimalValue()).isEqualByComparingTo("5");
        assertThat(p.get(1).get("missing").toString()).isEqualTo("[\"" + ds.unit("TD2") + "\"]");
        // Each element is the period's own roll-up.
        var single = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("SD3"), DatasetFixture.COORDINATOR).json();
        assertThat(p.get(1).get("values")).isEqualTo(single.get("values"));
        // Without periods: every assigned period, oldest first.
        var all = ds.api.get("/api/v1/datasets/" + id + "/comparison?unitId=" + ds.unit("SD3"), DatasetFixture.COORDINATOR).json();
        assertThat(all.get("periods").size()).isEqualTo(2);

        var bad = ds.api.get("/api/v1/datasets/" + id + "/comparison?periods=2026-11,2026-13", DatasetFixture.COORDINATOR);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("periods[1]");
        var many = ds.api.get("/api/v1/datasets/" + id + "/comparison?periods=" + "2026-01,".repeat(13) + "2026-02", DatasetFixture.COORDINATOR);
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().get("errors").get(0).get("field").asString()).isEqualTo("periods");
        // A reporter of another subtree: the data set is not his (404, as a missing one).
        var stranger = ds.api.get("/api/v1/datasets/" + id + "/comparison", "qk3.01");
        var missing = ds.api.get("/api/v1/datasets/" + DatasetAbuseTest.MISSING + "/comparison", "qk3.01");
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(DatasetAbuseTest.withoutInstance(stranger)).isEqualTo(DatasetAbuseTest.withoutInstance(missing));
    }

    /**
     * The roll-up reads each submission's values once into typed columns; field codes in mixed case are matched as
     * written, and a value stored out of band that does not read as its type (a word in a number, a word in a yes/no)
     * does not make the roll-up fail: it is left out, as the guarded statement always did.
     */
    @Test
    void theTypedRollUpMatchesMixedCaseCodesAndLeavesOutValuesStoredOutOfBand() {
        var created = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"Kiểm tra tổng hợp","ownerUnitId":"%s","periodType":"ONCE",
                 "fields":[{"code":"neededTotal","label":"Nhu cầu","type":"INTEGER","aggregation":"SUM"},
                           {"code":"Share","label":"Tỷ lệ","type":"DECIMAL","aggregation":"MAX"},
                           {"code":"pilot","label":"Đơn vị điểm","type":"YES_NO","aggregation":"COUNT_YES"},
                           {"code":"surveyed","label":"Ngày","type":"DATE","aggregation":"MIN"}]}""".formatted(DatasetFixture.uniqueCode("TR"), ds.unit("QK1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(ds.api.post("/api/v1/datasets/" + id + "/publish", DatasetFixture.COORDINATOR, "").status()).isEqualTo(200);
        ds.assign(DatasetFixture.COORDINATOR, id, "ONCE", "2099-12-31", "SD3", "TD2", "TD12");
        assertThat(ds.submit("sd3.02", id, "SD3", "ONCE", "{\"neededTotal\":10,\"Share\":2.5,\"pilot\":true,\"surveyed\":\"2026-12-03\"}").status()).isEqualTo(200);
        assertThat(ds.submit("td2.02", id, "TD2", "ONCE", "{\"neededTotal\":7,\"Share\":4.25,\"pilot\":false,\"surveyed\":\"2026-12-01\"}").status()).isEqualTo(200);
        assertThat(ds.submit("td12.02", id, "TD12", "ONCE", "{\"neededTotal\":5,\"pilot\":true}").status()).isEqualTo(200);
        String url = "/api/v1/datasets/" + id + "/rollup?period=ONCE&unitId=" + ds.unit("QK1");
        JsonNode v = ds.api.get(url, DatasetFixture.COORDINATOR).json().get("values");
        assertThat(v.get("neededTotal").decimalValue()).isEqualByComparingTo("22");
        assertThat(v.get("Share").decimalValue()).isEqualByComparingTo("4.25");
        assertThat(v.get("pilot").asInt()).isEqualTo(2);
        assertThat(v.get("surveyed").asString()).isEqualTo("2026-12-01");

        // Out of band: TD2's number becomes a word, TD12's yes/no a word.
        jdbc.sql("update datasets_submission set values = values || '{\"neededTotal\":\"bảy\"}'::jsonb where dataset_id = ? and unit_id = ?")
                .params(Long.parseLong(id), Long.parseLong(ds.unit("TD2"))).update();
        jdbc.sql("update datasets_submission set values = values || '{\"pilot\":\"có\"}'::jsonb where dataset_id = ? and unit_id = ?")
                .params(Long.parseLong(id), Long.parseLong(ds.unit("TD12"))).update();
        var after = ds.api.get(url, DatasetFixture.COORDINATOR);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        JsonNode w = after.json().get("values");
        assertThat(w.get("neededTotal").decimalValue()).isEqualByComparingTo("15");
        assertThat(w.get("pilot").asInt()).isEqualTo(1);
        assertThat(w.get("Share").decimalValue()).isEqualByComparingTo("4.25");
        assertThat(after.json().get("received").asInt()).isEqualTo(3);
    }

    @Test
    void aNewVersionIsADraftCopyAndTheOldOneKeepsItsData() {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "YEARLY", "THUONG");
        var v2 = ds.api.post("/api/v1/datasets/" + id + "/versions", DatasetFixture.COORDINATOR, "");
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        assertThat(v2.json().get("status").asString()).isEqualTo("DRAFT");
        String code = v2.json().get("code").asString();
        var edit = ds.api.put("/api/v1/datasets/" + v2.json().get("id").asString(), DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"Phiên bản 2","ownerUnitId":"%s","periodType":"YEARLY",
                 "fields":[{"code":"needed","label":"Nhu cầu","type":"INTEGER"}]}""".formatted(code, ds.unit("QK1")));
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        assertThat(edit.json().get("fields").size()).isEqualTo(1);
        // The first version is unchanged, and a second new version from it is refused (not the latest).
        assertThat(ds.api.get("/api/v1/datasets/" + id, DatasetFixture.COORDINATOR).json().get("fields").size()).isEqualTo(9);
        assertThat(ds.api.post("/api/v1/datasets/" + id + "/versions", DatasetFixture.COORDINATOR, "").status()).isEqualTo(409);
    }

    @Test
    void badDefinitionsAreNamedFieldByField() {
        var r = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"bad code!","title":"","ownerUnitId":"%s","periodType":"MONTHLY",
                 "fields":[{"code":"a","label":"A","type":"INTEGER","min":5,"max":1},
                           {"code":"a","label":"B","type":"TEXT","aggregation":"SUM"},
                           {"code":"c","label":"C","type":"CHOICE"}],
                 "rules":[{"expression":"a <= b","message":"x"},{"expression":"a <= ","message":"y"},{"expression":"c > 1","message":"z"},
                          {"expression":"a","message":"w"}]}""".formatted(ds.unit("QK1")));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        for (JsonNode e : r.json().get("errors")) fields.add(e.get("field").asString());
        assertThat(fields).contains("code", "title", "fields[0].max", "fields[1].code", "fields[1].aggregation", "fields[2].options",
                "rules[0].expression", "rules[1].expression", "rules[3].expression");
        // A number beyond the platform's range in the definition: 400 naming it, never a 500.
        var huge = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"X1","title":"T","ownerUnitId":"%s","periodType":"ONCE","fields":[{"code":"a","label":"A","type":"DECIMAL","max":1e5000}]}"""
                .formatted(ds.unit("QK1")));
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.body()).contains("fields[0].max");
        // Not a coordinator: 403; a coordinator of QK1 on a unit outside it: 403.
        assertThat(ds.api.post("/api/v1/datasets", "sd3.02", """
                {"code":"X2","title":"T","ownerUnitId":"%s","periodType":"ONCE","fields":[{"code":"a","label":"A","type":"INTEGER"}]}"""
                .formatted(ds.unit("SD3"))).status()).isEqualTo(403);
        assertThat(ds.api.post("/api/v1/datasets", "dieuphoi.qk1", """
                {"code":"X3","title":"T","ownerUnitId":"%s","periodType":"ONCE","fields":[{"code":"a","label":"A","type":"INTEGER"}]}"""
                .formatted(ds.unit("QK3"))).status()).isEqualTo(403);
        // Above one's own clearance: dieuphoi.btl86 is cleared Thường.
        var secret = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"X4","title":"T","ownerUnitId":"%s","periodType":"ONCE","secrecy":"MAT","fields":[{"code":"a","label":"A","type":"INTEGER"}]}"""
                .formatted(ds.unit("QK1")));
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.body()).contains("\"secrecy\"");
    }

    @Test
    void assignmentsAreExplicitBelowTheOwnerAndWithinTheGrant() {
        String id = ds.published("dieuphoi.qk1", "QK1", "MONTHLY", "THUONG");
        var outside = ds.api.post("/api/v1/datasets/" + id + "/assignments", "dieuphoi.qk1",
                "{\"unitIds\":[\"%s\",\"%s\",\"999999999\",\"abc\"],\"period\":\"2026-13\",\"deadline\":\"2026-02-30\"}"
                        .formatted(ds.unit("SD3"), ds.unit("QK3")));
        assertThat(outside.status()).as(outside.body()).isEqualTo(400);
        assertThat(outside.body()).contains("\"period\"", "\"deadline\"", "unitIds[3]");
        var below = ds.api.post("/api/v1/datasets/" + id + "/assignments", "dieuphoi.qk1",
                "{\"unitIds\":[\"%s\",\"%s\",\"999999999\"],\"period\":\"2026-12\",\"deadline\":\"2026-12-31\"}"
                        .formatted(ds.unit("SD3"), ds.unit("QK3")));
        assertThat(below.status()).as(below.body()).isEqualTo(400);
        assertThat(below.body()).contains("unitIds[1]", "unitIds[2]").doesNotContain("unitIds[0]");
        assertThat(ds.count("select count(*) from datasets_assignment where dataset_id = ?", Long.parseLong(id))).isZero();
        ds.assign("dieuphoi.qk1", id, "2026-12", "2026-12-31", "SD3", "TD2");
        var list = ds.api.get("/api/v1/datasets/" + id + "/assignments?period=2026-12", "dieuphoi.qk1");
        assertThat(list.json().size()).isEqualTo(2);
    }
    /**
     * Số liệu phân tổ, hand-computed: a return broken down by rank, SD3 and TD2 in, TD12 missing.
     * staff: SD3 10/5/20, TD2 3/2/30 → 13/7/50, total 70; trained: SD3 4/5/–, TD2 3/–/– → 7/5/null, total 12;
     * readiness (average): SD3 50/100/–, TD2 100/0/20 → 75/50/20, total (50+100+100+0+20)/5 = 54.
     */
    @Test
    void categoriesAreEnteredCheckedAndRolledUpPerOption() throws Exception {
        String id = ds.byRank(DatasetFixture.COORDINATOR, "QK1", "QUARTERLY");
        var def = ds.api.get("/api/v1/datasets/" + id, DatasetFixture.COORDINATOR).json();
        assertThat(def.get("categories").get(0).get("options").size()).isEqualTo(3);
        assertThat(def.get("fields").get(0).get("category").asString()).isEqualTo("rank");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-Q4", "2026-12-20", "SD3", "TD2", "TD12");
        clock.set("2026-12-10T09:00:00+07:00");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-Q4", """
                {"staff":{"Sĩ quan":10,"QNCN":5,"Hạ sĩ quan - binh sĩ":20},"trained":{"Sĩ quan":4,"QNCN":5},
                 "readiness":{"Sĩ quan":50,"QNCN":100},"computers":7}""").status()).isEqualTo(200);
        assertThat(ds.submit("td2.02", id, "TD2", "2026-Q4", """
                {"staff":{"Sĩ quan":3,"QNCN":2,"Hạ sĩ quan - binh sĩ":30},"trained":{"Sĩ quan":3,"QNCN":null},
                 "readiness":{"Sĩ quan":100,"QNCN":0,"Hạ sĩ quan - binh sĩ":20}}""").status()).isEqualTo(200);

        // Refused, naming the option: a required option left out, an option not in the list, a number out of bounds,
        // a plain number for a broken-down field, and the rule on the totals (trained 40 > staff 35).
        var bad = ds.submit("sd3.02", id, "SD3", "2026-Q4", """
                {"staff":{"Sĩ quan":10,"QNCN":-1,"Tướng":1},"trained":5,"readiness":{"Sĩ quan":101}}""");
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        List<String> fields = new ArrayList<>();
        for (JsonNode e : bad.json().get("errors")) fields.add(e.get("field").asString());
        assertThat(fields).contains("values.staff", "values.staff.QNCN", "values.staff.Hạ sĩ quan - binh sĩ", "values.trained",
                "values.readiness.Sĩ quan");
        var rule = ds.submit("sd3.02", id, "SD3", "2026-Q4", """
                {"staff":{"Sĩ quan":10,"QNCN":5,"Hạ sĩ quan - binh sĩ":20},"trained":{"Sĩ quan":40}}""");
        assertThat(rule.status()).as(rule.body()).isEqualTo(400);
        assertThat(rule.body()).contains("rules[0]", "Số đã tập huấn không vượt quá quân số");
        assertThat(ds.count("select count(*) from datasets_submission_revision where dataset_id = ?", Long.parseLong(id))).isEqualTo(2);

        JsonNode r = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR).json();
        assertThat(r.get("received").asInt()).isEqualTo(2);
        JsonNode v = r.get("values");
        JsonNode c = r.get("categories");
        assertThat(v.get("staff").decimalValue()).isEqualByComparingTo("70");
        assertThat(c.get("staff").get("Sĩ quan").decimalValue()).isEqualByComparingTo("13");
        assertThat(c.get("staff").get("QNCN").decimalValue()).isEqualByComparingTo("7");
        assertThat(c.get("staff").get("Hạ sĩ quan - binh sĩ").decimalValue()).isEqualByComparingTo("50");
        assertThat(v.get("trained").decimalValue()).isEqualByComparingTo("12");
        assertThat(c.get("trained").get("Hạ sĩ quan - binh sĩ").isNull()).isTrue();
        assertThat(v.get("readiness").decimalValue()).isEqualByComparingTo("54");
        assertThat(c.get("readiness").get("Sĩ quan").decimalValue()).isEqualByComparingTo("75");
        assertThat(c.get("readiness").get("QNCN").decimalValue()).isEqualByComparingTo("50");
        assertThat(c.get("readiness").get("Hạ sĩ quan - binh sĩ").decimalValue()).isEqualByComparingTo("20");
        assertThat(v.get("computers").decimalValue()).isEqualByComparingTo("7");
        assertThat(c.has("computers")).isFalse();

        // A value stored out of band (by hand) that is not a number: the roll-up leaves it out, never a 500.
        jdbc.sql("update datasets_submission set values = jsonb_set(values, '{staff,QNCN}', '\"năm\"') where dataset_id = ? and unit_id = ?")
                .param(Long.parseLong(id)).param(Long.parseLong(ds.unit("TD2"))).update();
        var poisoned = ds.api.get("/api/v1/datasets/" + id + "/rollup?period=2026-Q4&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR);
        assertThat(poisoned.status()).as(poisoned.body()).isEqualTo(200);
        assertThat(poisoned.json().get("categories").get("staff").get("QNCN").decimalValue()).isEqualByComparingTo("5");
        assertThat(poisoned.json().get("values").get("staff").decimalValue()).isEqualByComparingTo("68");

        // The export: the total, then a row per option.
        var http = java.net.http.HttpClient.newHttpClient();
        var x = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ds.api.base() + "/api/v1/datasets/" + id
                        + "/rollup.xlsx?period=2026-Q4&unitId=" + ds.unit("QK1"))).header("Authorization", "Bearer " + ds.api.token(DatasetFixture.COORDINATOR))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(x.statusCode()).isEqualTo(200);
        java.util.Map<String, Double> rows = new java.util.HashMap<>();
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(x.body()))) {
            for (var row : wb.getSheet("Tổng hợp")) {
                if (row.getCell(4) != null && row.getCell(4).getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC) {
                    rows.put(row.getCell(1).getStringCellValue(), row.getCell(4).getNumericCellValue());
                }
            }
        }
        assertThat(rows).containsEntry("Quân số", 68.0).containsEntry("Quân số — Sĩ quan", 13.0).containsEntry("Quân số — Hạ sĩ quan - binh sĩ", 50.0)
                .containsEntry("Mức sẵn sàng — Sĩ quan", 75.0);
        // The Decree-30 Báo cáo tổng hợp: PDF clean for qpdf, the same figures in Word.
        for (String ext : List.of("pdf", "docx")) {
            var doc = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ds.api.base() + "/api/v1/datasets/" + id
                            + "/rollup." + ext + "?period=2026-Q4&unitId=" + ds.unit("QK1"))).header("Authorization", "Bearer " + ds.api.token(DatasetFixture.COORDINATOR))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(doc.statusCode()).as(ext).isEqualTo(200);
            if (ext.equals("pdf")) vn.truongson.support.Qpdf.assertClean(doc.body(), "the roll-up's report");
            else {
                try (var w = new org.apache.poi.xwpf.usermodel.XWPFDocument(new java.io.ByteArrayInputStream(doc.body()));
                        var text = new org.apache.poi.xwpf.extractor.XWPFWordExtractor(w)) {
                    assertThat(text.getText()).contains("BÁO CÁO", "SỐ LIỆU TỔNG HỢP", "Quân số", "- Sĩ quan", "Đơn vị chưa nộp", "Trung đoàn 12, Sư đoàn 3");
                }
            }
        }
        // Hidden = missing for the report too.
        assertThat(ds.api.get("/api/v1/datasets/" + id + "/rollup.pdf?period=2026-Q4", "qk3.01").status()).isEqualTo(404);

        // Definitions: a category on a text field, an unknown category, a rule on an averaged broken-down field.
        var wrong = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"T","ownerUnitId":"%s","periodType":"ONCE","categories":[{"code":"g","label":"Giới tính","options":["Nam","Nam"]}],
                 "fields":[{"code":"a","label":"A","type":"TEXT","category":"g"},{"code":"b","label":"B","type":"INTEGER","category":"x"},
                           {"code":"p","label":"P","type":"PERCENT","category":"g"}],
                 "rules":[{"expression":"p <= 50","message":"m"}]}""".formatted(DatasetFixture.uniqueCode("G"), ds.unit("QK1")));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.body()).contains("categories[0].options[1]");
        var wrong2 = ds.api.post("/api/v1/datasets", DatasetFixture.COORDINATOR, """
                {"code":"%s","title":"T","ownerUnitId":"%s","periodType":"ONCE","categories":[{"code":"g","label":"Giới tính","options":["Nam","Nữ"]}],
                 "fields":[{"code":"a","label":"A","type":"TEXT","category":"g"},{"code":"b","label":"B","type":"INTEGER","category":"x"},
                           {"code":"p","label":"P","type":"PERCENT","category":"g"}],
                 "rules":[{"expression":"p <= 50","message":"m"}]}""".formatted(DatasetFixture.uniqueCode("G"), ds.unit("QK1")));
        assertThat(wrong2.status()).as(wrong2.body()).isEqualTo(400);
        assertThat(wrong2.body()).contains("fields[0].category", "fields[1].category", "rules[0].expression");
    }
    @Autowired vn.truongson.datasets.reminders.DatasetReminders reminders;

    /** Reminders: once per stage and person, however many runs at once; none once submitted, none after the lock. */
    @Test
    void reportersOfUnitsNotSubmittedAreRemindedOncePerStage() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        clock.set("2026-12-10T09:00:00+07:00");
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":1,\"deployed\":0}").status()).isEqualTo(200);
        String keys = "reminder:dataset:" + id + ":%";
        clock.set("2026-12-12T07:45:00+07:00");
        reminders.run();
        assertThat(ds.count("select count(*) from notify_notification where dedupe_key like ?", keys)).as("too early").isZero();

        clock.set("2026-12-18T07:45:00+07:00");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 12; i++) runs.add(pool.submit(() -> reminders.run()));
            for (var f : runs) f.get();
        } finally {
            pool.shutdownNow();
        }
        long td2 = ds.count("select official_id from access_account where username = 'td2.02'");
        assertThat(ds.count("select count(*) from notify_notification where dedupe_key like ? and official_id = ?", keys, td2)).isEqualTo(1);
        assertThat(ds.count("select count(*) from notify_notification where dedupe_key like ? and dedupe_key like ?", keys, "%:" + ds.unit("SD3") + ":%"))
                .as("SD3 has submitted").isZero();
        String title = jdbc.sql("select title from notify_notification where dedupe_key like ? and official_id = ?").param(keys).param(td2)
                .query(String.class).single();
        assertThat(title).isEqualTo("Sắp đến hạn nộp số liệu " + jdbc.sql("select code from datasets_dataset where id = ?").param(Long.parseLong(id))
                .query(String.class).single() + " kỳ " + PeriodType.label("2026-12"));
        clock.set("2026-12-20T08:00:00+07:00");
        reminders.run();
        reminders.run();
        clock.set("2026-12-22T08:00:00+07:00");
        reminders.run();
        assertThat(ds.count("select count(*) from notify_notification where dedupe_key like ? and official_id = ?", keys, td2)).as("BEFORE, DUE, OVERDUE")
                .isEqualTo(3);
        clock.set("2027-01-05T08:00:00+07:00");
        reminders.run();
        assertThat(ds.count("select count(*) from notify_notification where dedupe_key like ? and official_id = ?", keys, td2)).as("locked").isEqualTo(3);
    }
    Api.Response attach(String id, String unitCode, String period, String user, String name, byte[] content) {
        String boundary = "----ts" + System.nanoTime();
        var b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return ds.api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ds.api.base() + "/api/v1/datasets/" + id + "/submissions/"
                        + ds.unit(unitCode) + "/" + period + "/evidence")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())), user);
    }

    /** Evidence (scanned), comments, and the return for correction: twelve returns at once are one, notified once; audited. */
    @Test
    void evidenceCommentsAndTheReturnForCorrection() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        clock.set("2026-12-10T09:00:00+07:00");
        String base = "/api/v1/datasets/" + id + "/submissions/" + ds.unit("SD3") + "/2026-12";
        // Nothing submitted yet: nothing to return.
        assertThat(ds.api.post(base + "/return", DatasetFixture.COORDINATOR, "{\"reason\":\"x\"}").status()).isEqualTo(409);
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":10,\"deployed\":4}").status()).isEqualTo(200);

        byte[] pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var ok = attach(id, "SD3", "2026-12", "sd3.02", "bien-ban.pdf", pdf);
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        String sha = ok.json().get("sha256").asString();
        // Malware: refused before the handler, nothing stored. Another unit's reporter: 403.
        var infected = attach(id, "SD3", "2026-12", "sd3.02", "nhiem.pdf", vn.truongson.secops.Eicar.insidePdf());
        assertThat(infected.status()).as(infected.body()).isEqualTo(422);
        assertThat(attach(id, "SD3", "2026-12", "td2.02", "x.pdf", pdf).status()).isEqualTo(403);
        var list = ds.api.get(base + "/evidence", DatasetFixture.COORDINATOR);
        assertThat(list.json().size()).isEqualTo(1);
        assertThat(list.json().get(0).get("name").asString()).isEqualTo("bien-ban.pdf");
        var down = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ds.api.base() + base + "/evidence/" + sha))
                .header("Authorization", "Bearer " + ds.api.token("chihuy.qk1")).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(down.body()).isEqualTo(pdf);
        // Hidden = missing: a reader of another region sees no data set.
        assertThat(ds.api.get(base + "/evidence", "qk3.01").status()).isEqualTo(404);

        // A reporter cannot return his own submission; poison in the reason is refused by name.
        assertThat(ds.api.post(base + "/return", "sd3.02", "{\"reason\":\"Tự trả lại\"}").status()).isEqualTo(403);
        var nul = ds.api.post(base + "/return", DatasetFixture.COORDINATOR, "{\"reason\":\"a\\u0000b\"}");
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("\"reason\"");
        assertThat(ds.api.post(base + "/return", DatasetFixture.COORDINATOR, "{\"reason\":\"" + "x".repeat(2001) + "\"}").status()).isEqualTo(400);

        ds.api.token(DatasetFixture.COORDINATOR);
        List<Api.Response> answers = new ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(12);
        try {
            List<java.util.concurrent.Future<Api.Response>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) fs.add(pool.submit(() -> ds.api.post(base + "/return", DatasetFixture.COORDINATOR,
                    "{\"reason\":\"Số đã triển khai chưa khớp biên bản\"}")));
            for (var f : fs) answers.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        for (var a : answers) assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(answers.stream().map(a -> a.json().get("returnedAt").asString()).distinct().count()).isEqualTo(1);
        assertThat(ds.count("select count(*) from datasets_comment where dataset_id = ? and kind = 'RETURN'", Long.parseLong(id))).isEqualTo(1);
        long sd3 = ds.count("select official_id from access_account where username = 'sd3.02'");
        assertThat(ds.count("select count(*) from notify_notification where official_id = ? and dedupe_key like ?", sd3, "datasets:return:" + id + ":%"))
                .isEqualTo(1);
        assertThat(ds.count("select count(*) from audit_event where action = 'datasets.return' and target = ?", "dataset:" + id)).isEqualTo(1);

        // The unit answers in a comment, then corrects: the return is cleared by the new revision.
        var c = ds.api.post(base + "/comments", "sd3.02", "{\"body\":\"Đã kiểm tra lại, sửa số đã triển khai.\"}");
        assertThat(c.status()).as(c.body()).isEqualTo(201);
        var comments = ds.api.get(base + "/comments", DatasetFixture.COORDINATOR).json();
        assertThat(comments.size()).isEqualTo(2);
        assertThat(comments.get(0).get("kind").asString()).isEqualTo("RETURN");
        assertThat(comments.get(0).get("revision").asInt()).isEqualTo(1);
        assertThat(ds.submit("sd3.02", id, "SD3", "2026-12", "{\"needed\":10,\"deployed\":3}").json().get("revision").asInt()).isEqualTo(2);
        assertThat(ds.count("select count(*) from datasets_submission where dataset_id = ? and returned_revision is null", Long.parseLong(id))).isEqualTo(1);
        // Revision 2 may be returned in its turn.
        assertThat(ds.api.post(base + "/return", DatasetFixture.COORDINATOR, "{\"reason\":\"Thiếu ghi chú\"}").json().get("revision").asInt()).isEqualTo(2);
    }
}
