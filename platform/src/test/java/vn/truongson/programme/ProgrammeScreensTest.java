package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/** The coordinators' screens of a plan and a task, through MockMvc as the demo accounts. */
@ProgrammeTest
class ProgrammeScreensTest {

    static final String COORDINATOR = Programme.COORDINATOR;
    static final String LONG_TITLE = "Triển khai chữ ký số cá nhân cho 100% cán bộ đầu mối chuyển đổi số của các cơ quan, đơn vị";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @LocalServerPort int port;

    Programme p;

    @BeforeEach
    void setUp() {
        p = new Programme(new Api(port), jdbc, clock);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private MvcResult send(MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    private String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return body(r);
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String unit(String code) {
        return p.unit(code);
    }

    private String unitName(String code) {
        return jdbc.sql("select name from org_unit where code = ?").param(code).query(String.class).single();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** The opening tag of the element with this id, and what follows up to its end tag's start. */
    private static String element(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id).isGreaterThanOrEqualTo(0);
        int start = html.lastIndexOf('<', at);
        int end = html.indexOf("</", at);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    private MockHttpServletRequestBuilder newPlan(String code, String title, String year, String kind, String owner, String dueDay) {
        return post("/office/programme/plans/new").param("code", code).param("title", title).param("year", year).param("kind", kind)
                .param("theme", "Dữ liệu số là tài nguyên, động lực phát triển").param("breakthrough", "Hoàn thành hạ tầng số dùng chung")
                .param("ownerUnitId", owner).param("reportDueDay", dueDay);
    }

    /** The plan the screens just created, from the address they redirected to. */
    private static String idFrom(MvcResult r, String prefix) {
        String url = r.getResponse().getRedirectedUrl();
        assertThat(url).as("redirect").startsWith(prefix);
        String rest = url.substring(prefix.length());
        int cut = rest.indexOf('#');
        return cut < 0 ? rest : rest.substring(0, cut);
    }

    private MockHttpServletRequestBuilder task(String planId, String groupId, String code, String title) {
        return post("/office/programme/plans/" + planId + "/tasks").param("groupId", groupId).param("code", code).param("title", title)
                .param("leadUnitId", unit("BTL86")).param("supportUnitIds", unit("BTLBP"), unit("QK1"))
                .param("expectedResult", "Chứng thư số cấp cho 100% cán bộ đầu mối; quy chế sử dụng được ban hành")
                .param("dueDate", "2026-12-31").param("secrecy", "THUONG");
    }

    // ---- building a plan -------------------------------------------------------------------------

    @Test
    void a_coordinator_creates_a_plan_a_group_and_a_task_with_two_indicators_through_the_screens() throws Exception {
        String form = page("/office/programme/plans/new", COORDINATOR);
        assertThat(form).contains("Tạo kế hoạch", ">Chuyển đổi số<", ">Đề án 06<", ">Khác<", "Bộ Tư lệnh 86");

        String code = Programme.uniqueCode("KH-CĐS");
        MvcResult created = send(newPlan(code, "Kế hoạch chuyển đổi số năm 2026 của Bộ Quốc phòng", "2026", "DIGITAL_TRANSFORMATION",
                unit("BTL86"), "25"), COORDINATOR);
        assertThat(created.getResponse().getStatus()).isEqualTo(302);
        String planId = idFrom(created, "/office/programme/plans/");
        assertThat(created.getFlashMap().get("notice")).asString().contains(code);
        var row = jdbc.sql("select kind, year, report_due_day, theme, owner_unit_id::text, status from programme_plan where id = ?")
                .param(Long.parseLong(planId)).query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6)}).single();
        assertThat(row).containsExactly("DIGITAL_TRANSFORMATION", 2026, 25, "Dữ liệu số là tài nguyên, động lực phát triển", unit("BTL86"), "DRAFT");

        MvcResult group = send(post("/office/programme/plans/" + planId + "/groups").param("groupOrdinal", "1")
                .param("groupTitle", "Hoàn thiện thể chế, nâng cao nhận thức"), COORDINATOR);
        assertThat(group.getResponse().getStatus()).isEqualTo(302);
        String groupId = jdbc.sql("select id::text from programme_task_group where plan_id = ? and ordinal = 1").param(Long.parseLong(planId))
                .query(String.class).single();

        // Two indicators and a blank third row, which is not an indicator.
        MvcResult added = send(task(planId, groupId, "1.1", LONG_TITLE)
                .param("indicatorCode", "CT1", "CT2", "").param("indicatorName", "Tỷ lệ cán bộ đầu mối có chữ ký số", "Số sự cố mất chứng thư", "")
                .param("indicatorUnit", "%", "lượt", "").param("indicatorTarget", "100", "2,5", "")
                .param("indicatorAggregation", "AVERAGE", "SUM", "SUM").param("indicatorHigherIsBetter", "true", "false", "true"), COORDINATOR);
        assertThat(added.getResponse().getStatus()).as(body(added)).isEqualTo(302);
        assertThat(added.getFlashMap().get("notice")).asString().contains("1.1", "2 chỉ tiêu");
        long taskId = jdbc.sql("select id from programme_task where plan_id = ? and code = '1.1'").param(Long.parseLong(planId)).query(Long.class).single();
        var indicators = jdbc.sql("select code, name, measure, target, aggregation, higher_is_better from programme_indicator where task_id = ? order by ordinal")
                .param(taskId).query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                        + rs.getBigDecimal(4).stripTrailingZeros().toPlainString() + "|" + rs.getString(5) + "|" + rs.getBoolean(6)).list();
        assertThat(indicators).containsExactly("CT1|Tỷ lệ cán bộ đầu mối có chữ ký số|%|100|AVERAGE|true", "CT2|Số sự cố mất chứng thư|lượt|2.5|SUM|false");

        String plan = page("/office/programme/plans/" + planId, COORDINATOR);
        String line = element(plan, "task-" + taskId);
        assertThat(plan).contains("Nhóm 1. Hoàn thiện thể chế, nâng cao nhận thức", "Dự thảo", "Ngày 25 hằng tháng");
        assertThat(plan.substring(plan.indexOf("id=\"task-" + taskId + "\""))).contains(LONG_TITLE, unitName("BTL86"),
                unitName("BTLBP") + "; " + unitName("QK1"), "31/12/2026", "Tỷ lệ cán bộ đầu mối có chữ ký số", "2,5 lượt", "càng thấp càng tốt");
        assertThat(line).contains("1.1");
        // Still a draft: the forms and the issue button are there.
        assertThat(plan).contains("id=\"task-form\"", "id=\"group-form\"", "id=\"issue\"");

        String list = page("/office/programme?year=2026", COORDINATOR);
        assertThat(element(list, "plan-" + planId)).contains(code);
        assertThat(list).contains("Dự thảo");
        assertThat(page("/office/programme?year=2025", COORDINATOR)).doesNotContain(code);
    }

    @Test
    void bad_input_comes_back_with_the_error_beside_the_field_and_writes_nothing() throws Exception {
        String code = Programme.uniqueCode("KH-SAI");
        MvcResult bad = send(newPlan(code, "  ", "2026", "PROJECT_06", unit("BTL86"), "31"), COORDINATOR);
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        String html = body(bad);
        assertThat(element(html, "title-error")).contains("Trường này là bắt buộc.");
        assertThat(element(html, "reportDueDay-error")).contains("Hạn gửi báo cáo phải là ngày 15 đến 28");
        assertThat(html).contains("id=\"form-errors\"", "value=\"" + code + "\"");
        assertThat(count("select count(*) from programme_plan where code = ?", code)).isZero();

        String planId = p.plan(2026, "BTL86", 20);
        String groupId = p.group(planId, 1, "Phát triển hạ tầng số");
        // A group number already used is said beside the number.
        MvcResult taken = send(post("/office/programme/plans/" + planId + "/groups").param("groupOrdinal", "1").param("groupTitle", "Trùng số"),
                COORDINATOR);
        assertThat(taken.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(taken), "groupOrdinal-error")).contains("Kế hoạch đã có nhóm số 1.");

        // Two indicators with one code: the second is named, the typed title comes back, and no task is written.
        MvcResult dup = send(task(planId, groupId, "1.1", LONG_TITLE).param("indicatorCode", "CT1", "CT1").param("indicatorName", "Tỷ lệ", "Số lượng")
                .param("indicatorUnit", "%", "hệ thống").param("indicatorTarget", "100", "12").param("indicatorAggregation", "AVERAGE", "SUM")
                .param("indicatorHigherIsBetter", "true", "true"), COORDINATOR);
        assertThat(dup.getResponse().getStatus()).isEqualTo(400);
        String dupHtml = body(dup);
        assertThat(element(dupHtml, "indicator-1-code-error")).contains("Mã chỉ tiêu CT1 bị trùng.");
        assertThat(dupHtml).contains("id=\"task-errors\"", LONG_TITLE, "value=\"hệ thống\"");
        // A target that is not a number.
        MvcResult nan = send(task(planId, groupId, "1.2", "Nhiệm vụ có chỉ tiêu sai").param("indicatorCode", "CT1").param("indicatorName", "Tỷ lệ")
                .param("indicatorUnit", "%").param("indicatorTarget", "một trăm").param("indicatorAggregation", "SUM")
                .param("indicatorHigherIsBetter", "true"), COORDINATOR);
        assertThat(nan.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(nan), "indicator-0-target-error")).contains("Sai kiểu dữ liệu.");
        // No lead unit: said beside the picker.
        MvcResult two = send(post("/office/programme/plans/" + planId + "/tasks").param("groupId", groupId).param("code", "1 1")
                .param("title", "Nhiệm vụ").param("leadUnitId", "").param("dueDate", "31/12/2026"), COORDINATOR);
        assertThat(two.getResponse().getStatus()).isEqualTo(400);
        assertThat(body(two)).contains("id=\"leadUnitId-error\"");
        assertThat(count("select count(*) from programme_task where plan_id = ?", Long.parseLong(planId))).isZero();
        assertThat(count("select count(*) from programme_indicator i join programme_task t on t.id = i.task_id where t.plan_id = ?",
                Long.parseLong(planId))).isZero();
    }

    @Test
    void add_indicator_answers_a_blank_row_and_the_button_numbering_the_next_one() throws Exception {
        String planId = p.plan(2026, "BTL86", 20);
        MvcResult r = send(get("/office/programme/plans/" + planId + "/indicator-row").param("index", "3").header("HX-Request", "true"), COORDINATOR);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = body(r);
        assertThat(html).contains("id=\"indicator-3\"", "name=\"indicatorCode\"", "id=\"indicator-3-target\"").doesNotContain("<html");
        String button = element(html, "add-indicator");
        assertThat(button).contains("hx-swap-oob=\"true\"", "indicator-row?index=4");
    }

    @Test
    void issuing_from_the_plan_page_freezes_it_and_a_second_issue_is_explained() throws Exception {
        String planId = p.plan(2026, "BTL86", 20);
        String groupId = p.group(planId, 1, "Hạ tầng số");
        p.task(planId, groupId, "1.1", "BTL86", "2026-12-31", Programme.indicator("CT1", "SUM", "10", true));
        String draft = page("/office/programme/plans/" + planId, COORDINATOR);
        assertThat(element(draft, "issue-form")).contains("data-confirm=\"Ban hành kế hoạch");

        MvcResult issued = send(post("/office/programme/plans/" + planId + "/issue"), COORDINATOR);
        assertThat(issued.getResponse().getRedirectedUrl()).isEqualTo("/office/programme/plans/" + planId);
        assertThat(issued.getFlashMap().get("notice")).asString().startsWith("Đã ban hành kế hoạch");
        assertThat(jdbc.sql("select status from programme_plan where id = ?").param(Long.parseLong(planId)).query(String.class).single()).isEqualTo("ISSUED");
        String after = page("/office/programme/plans/" + planId, COORDINATOR);
        assertThat(after).contains("Đã ban hành").doesNotContain("id=\"task-form\"").doesNotContain("id=\"issue\"");

        MvcResult again = send(post("/office/programme/plans/" + planId + "/issue"), COORDINATOR);
        assertThat(again.getFlashMap().get("problem")).asString().contains("đã được ban hành");
        // Adding a task to it now is refused with the reason, not a form error.
        MvcResult late = send(task(planId, groupId, "1.2", "Nhiệm vụ bổ sung"), COORDINATOR);
        assertThat(late.getFlashMap().get("problem")).asString().contains("đã ban hành");
        assertThat(count("select count(*) from programme_task where plan_id = ?", Long.parseLong(planId))).isEqualTo(1);
    }

    @Test
    void a_reader_without_a_coordinator_grant_sees_the_plan_but_no_forms() throws Exception {
        String planId = p.plan(2026, "BTL86", 20);
        p.group(planId, 1, "Hạ tầng số");
        String html = page("/office/programme/plans/" + planId, "chihuy.btl86");
        assertThat(html).contains("Nhóm 1. Hạ tầng số").doesNotContain("id=\"task-form\"").doesNotContain("id=\"issue\"");
        assertThat(send(get("/office/programme/plans/new"), "chihuy.btl86").getResponse().getStatus()).isEqualTo(403);
    }

    // ---- assigning and cascading -----------------------------------------------------------------

    @Test
    void a_task_is_assigned_to_a_unit_and_its_coordinator_cascades_it_to_a_unit_below() throws Exception {
        String planId = p.plan(2026, "BTL86", 20);
        String groupId = p.group(planId, 1, "Hạ tầng số");
        String taskId = p.task(planId, groupId, "2.1", "QK1", "2026-12-31", Programme.indicator("CT1", "SUM", "10", true));

        String before = page("/office/programme/tasks/" + taskId, COORDINATOR);
        assertThat(before).contains("id=\"no-assignments\"", "id=\"assign-form\"");
        MvcResult assigned = send(post("/office/programme/tasks/" + taskId + "/assignments").param("unitId", unit("QK1")), COORDINATOR);
        assertThat(assigned.getResponse().getStatus()).isEqualTo(302);
        assertThat(assigned.getFlashMap().get("notice")).asString().contains(unitName("QK1"));
        MvcResult twice = send(post("/office/programme/tasks/" + taskId + "/assignments").param("unitId", unit("QK1")), COORDINATOR);
        assertThat(twice.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(twice), "unitId-error")).contains("đã được giao cho đơn vị " + unitName("QK1"));
        long qk1Assignment = jdbc.sql("select id from programme_assignment where task_id = ?").param(Long.parseLong(taskId)).query(Long.class).single();

        // The military region's coordinator may pass its part down, only to units below it; the ministry coordinator's form is not theirs.
        String mine = page("/office/programme/tasks/" + taskId, "dieuphoi.qk1");
        assertThat(mine).doesNotContain("id=\"assign-form\"");
        String cascadeForm = mine.substring(mine.indexOf("id=\"cascade-" + qk1Assignment + "\""), mine.indexOf("</form>", mine.indexOf("id=\"cascade-" + qk1Assignment + "\"")));
        assertThat(cascadeForm).contains(unitName("SD3"), unitName("TD2")).doesNotContain(unitName("BTLBP"));

        MvcResult outside = send(post("/office/programme/assignments/" + qk1Assignment + "/cascade").param("unitId", unit("BTLBP")), "dieuphoi.qk1");
        assertThat(outside.getResponse().getStatus()).isEqualTo(400);
        assertThat(element(body(outside), "cascade-unit-" + qk1Assignment + "-error")).contains("không phải đơn vị cấp dưới");
        MvcResult down = send(post("/office/programme/assignments/" + qk1Assignment + "/cascade").param("unitId", unit("SD3")), "dieuphoi.qk1");
        assertThat(down.getResponse().getStatus()).isEqualTo(302);
        assertThat(count("select count(*) from programme_assignment where parent_id = ?", qk1Assignment)).isEqualTo(1);

        String after = page("/office/programme/tasks/" + taskId, COORDINATOR);
        assertThat(after).contains(unitName("SD3"), "(do " + unitName("QK1") + " giao)");
        // A unit reporter of the division sees the task too, with no forms.
        String reporter = page("/office/programme/tasks/" + taskId, "baocao.sd3");
        assertThat(reporter).contains(unitName("SD3")).doesNotContain("id=\"assign-form\"").doesNotContain("id=\"cascade-");
    }

    // ---- navigation and language -----------------------------------------------------------------

    @Test
    void the_menu_offers_digital_transformation_to_programme_roles_only_and_speaks_english_on_request() throws Exception {
        assertThat(page("/office", COORDINATOR)).contains("id=\"nav-programme\"", "Báo cáo của đơn vị");
        assertThat(page("/office", "chihuy.btl86")).contains("id=\"nav-programme\"").doesNotContain("href=\"/office/programme/reports\"");
        assertThat(page("/office", COORDINATOR)).contains("id=\"home-programme\"");
        assertThat(page("/office", "auditor")).doesNotContain("id=\"nav-programme\"").doesNotContain("id=\"home-programme\"");
        String en = page("/office/programme?lang=en", COORDINATOR);
        assertThat(en).contains("Digital transformation plans", "New plan");
    }
}
