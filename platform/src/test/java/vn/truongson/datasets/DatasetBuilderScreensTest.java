package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.support.Principals;

/**
 * The builder on screen (docs/datasets.md "Builder"): rows added and removed without saving, the API's checks shown
 * beside each box in Vietnamese (rows on screen, blank rows left out), a DRAFT saved as the API would store it, edited,
 * published and then frozen; refused to a reporter.
 */
@ProgrammeTest
class DatasetBuilderScreensTest {

    static final String COORDINATOR = "dieuphoi.qk1";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    MvcResult send(AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    String unit(String code) {
        return jdbc.sql("select id::text from org_unit where code = ?").param(code).query(String.class).single();
    }

    long stored(String code) {
        return jdbc.sql("select count(*) from datasets_dataset where code = ?").param(code).query(Long.class).single();
    }

    /**
     * The survey as typed in the builder: a category list, four fields (one blank row between), a rule; {@code
     * overrides} (name, value, …) replace what was typed.
     */
    MockHttpServletRequestBuilder survey(String path, String code, String op, String... overrides) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("op", op);
        p.put("code", code);
        p.put("title", "Rà soát nhu cầu thiết bị bảo mật cơ yếu năm 2027");
        p.put("ownerUnitId", unit("QK1"));
        p.put("periodType", "YEARLY");
        p.put("secrecy", "THUONG");
        p.put("categories[0].code", "priority");
        p.put("categories[0].label", "Theo mức ưu tiên");
        p.put("categories[0].options", "Cao\r\nTrung bình\r\n\r\nThấp");
        p.put("fields[0].code", "kind");
        p.put("fields[0].label", "Loại thiết bị");
        p.put("fields[0].type", "CHOICE");
        p.put("fields[0].options", "Máy mã\nĐiện thoại bảo mật");
        p.put("fields[0].required", "true");
        p.put("fields[1].code", "needed");
        p.put("fields[1].label", "Nhu cầu");
        p.put("fields[1].type", "INTEGER");
        p.put("fields[1].min", "0");
        p.put("fields[1].unitOfMeasure", "bộ");
        p.put("fields[1].aggregation", "SUM");
        p.put("fields[1].category", "priority");
        p.put("fields[1].required", "true");
        p.put("fields[2].code", "");
        p.put("fields[2].label", "");
        p.put("fields[2].type", "INTEGER");
        p.put("fields[3].code", "deployed");
        p.put("fields[3].label", "Đã triển khai");
        p.put("fields[3].type", "INTEGER");
        p.put("fields[3].min", "0");
        p.put("fields[3].category", "priority");
        p.put("fields[4].code", "readiness");
        p.put("fields[4].label", "Mức sẵn sàng");
        p.put("fields[4].type", "PERCENT");
        p.put("fields[4].max", "99,5");
        p.put("rules[0].expression", "deployed <= needed");
        p.put("rules[0].message", "Số đã triển khai không được vượt quá nhu cầu");
        for (int i = 0; i < overrides.length; i += 2) p.put(overrides[i], overrides[i + 1]);
        MockHttpServletRequestBuilder b = post(path);
        p.forEach((k, v) -> b.param(k, v));
        return b;
    }

    @Test
    void aCoordinatorBuildsSavesEditsAndPublishesADataSetOnScreen() throws Exception {
        String page = html(send(get("/office/datasets/new"), COORDINATOR));
        assertThat(page).contains("id=\"builder-form\"", "Tạo bộ dữ liệu", "name=\"fields[0].code\"", "id=\"field-template\"", "value=\"" + unit("QK1") + "\"",
                "/js/dataset-builder", "id=\"field-NEWROW\"");
        assertThat(html(send(get("/office/datasets"), COORDINATOR))).contains("id=\"new-dataset\"");
        // A reporter may not build: 403, and no button.
        assertThat(send(get("/office/datasets/new"), "sd3.02").getResponse().getStatus()).isEqualTo(403);
        assertThat(html(send(get("/office/datasets"), "sd3.02"))).doesNotContain("id=\"new-dataset\"");

        String code = DatasetFixture.uniqueCode("XD");
        // Without scripts: a row added, then one removed, nothing saved.
        MvcResult added = send(survey("/office/datasets/new", code, "add-field"), COORDINATOR);
        assertThat(added.getResponse().getStatus()).isEqualTo(200);
        assertThat(html(added)).contains("id=\"field-5\"", "Máy mã\nĐiện thoại bảo mật", "value=\"Theo mức ưu tiên\"");
        MvcResult removed = send(survey("/office/datasets/new", code, "remove-field-0"), COORDINATOR);
        assertThat(html(removed)).contains("id=\"field-3\"").doesNotContain("id=\"field-4\"").doesNotContain("value=\"kind\"");
        assertThat(stored(code)).isZero();

        // The API's checks, beside their boxes on screen: a duplicate code (row 3 on screen is the service's row 2, the
        // blank row 2 left out), a missing label, a rule naming an unknown field, a NUL in the title. Nothing stored.
        MvcResult bad = send(survey("/office/datasets/new", code, "save", "title", "Bộ\u0000dữ liệu", "fields[3].code", "needed",
                "fields[0].label", "", "rules[0].expression", "deployed <= khong_co"), COORDINATOR);
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        String errors = html(bad);
        assertThat(errors).contains("id=\"builder-errors\"", "id=\"err-title\"", "id=\"err-fields[0].label\"", "id=\"err-fields[3].code\"",
                "id=\"err-rules[0].expression\"", "khong_co");
        assertThat(errors).doesNotContain("id=\"err-fields[2].code\"");
        // What was typed stays in the boxes.
        assertThat(errors).contains("value=\"deployed &lt;= khong_co\"", "value=\"99,5\"");
        // A number that is not one: named on its box before anything is sent.
        MvcResult nan = send(survey("/office/datasets/new", code, "save", "fields[1].min", "mười"), COORDINATOR);
        assertThat(nan.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(nan)).contains("id=\"err-fields[1].min\"", "Số không hợp lệ");
        // Bounds in the wrong order and a second list alone: the service's words in Vietnamese.
        MvcResult order = send(survey("/office/datasets/new", code, "save", "fields[1].max", "-1", "fields[4].category2", "priority"),
                COORDINATOR);
        assertThat(order.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(order)).contains("id=\"err-fields[1].max\"", "id=\"err-fields[4].category2\"", "Phân tổ thứ hai cần có phân tổ thứ nhất");
        assertThat(stored(code)).isZero();

        // Saved as a DRAFT, as the API stores it.
        MvcResult saved = send(survey("/office/datasets/new", code, "save"), COORDINATOR);
        assertThat(saved.getResponse().getStatus()).as(html(saved)).isEqualTo(302);
        assertThat(String.valueOf(saved.getFlashMap().get("notice"))).isEqualTo("Đã lưu bản nháp bộ dữ liệu " + code + ".");
        long id = jdbc.sql("select id from datasets_dataset where code = ?").param(code).query(Long.class).single();
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/office/datasets/" + id + "/edit");
        JsonNode fields = JsonMapper.builder().build().readTree(jdbc.sql("select fields::text from datasets_dataset where id = ?").param(id)
                .query(String.class).single());
        assertThat(fields.size()).isEqualTo(4);
        assertThat(fields.get(0).get("options").toString()).isEqualTo("[\"Máy mã\",\"Điện thoại bảo mật\"]");
        assertThat(fields.get(1).get("unitOfMeasure").asString()).isEqualTo("bộ");
        assertThat(fields.get(1).get("category").asString()).isEqualTo("priority");
        assertThat(fields.get(3).get("max").decimalValue()).isEqualByComparingTo("99.5");
        assertThat(fields.get(3).get("aggregation").asString()).isEqualTo("AVERAGE");
        assertThat(jdbc.sql("select categories->0->'options' from datasets_dataset where id = ?").param(id).query(String.class).single())
                .isEqualTo("[\"Cao\", \"Trung bình\", \"Thấp\"]");
        assertThat(jdbc.sql("select status from datasets_dataset where id = ?").param(id).query(String.class).single()).isEqualTo("DRAFT");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'datasets.create' and target = ?").param("dataset:" + id)
                .query(Long.class).single()).isEqualTo(1);

        // Edited: the page shows the definition; the code cannot change; a reporter cannot see it.
        String edit = "/office/datasets/" + id + "/edit";
        String editPage = html(send(get(edit), COORDINATOR));
        assertThat(editPage).contains("value=\"needed\"", "value=\"" + code + "\"", "readonly", "Theo mức ưu tiên", "Cao\nTrung bình\nThấp");
        assertThat(send(get(edit), "sd3.02").getResponse().getStatus()).isEqualTo(404);
        assertThat(send(survey(edit, code, "save", "title", "Đổi tên"), "sd3.02").getResponse().getStatus()).isEqualTo(404);
        assertThat(html(send(get("/office/datasets/" + id), COORDINATOR))).contains("id=\"draft-actions\"", "Sửa bản nháp");

        // Saved again with a new title and published in one step.
        MvcResult published = send(survey(edit, code, "publish", "title", "Rà soát nhu cầu thiết bị bảo mật cơ yếu năm 2027 (bổ sung)"),
                COORDINATOR);
        assertThat(published.getResponse().getStatus()).as(html(published)).isEqualTo(302);
        assertThat(published.getResponse().getRedirectedUrl()).isEqualTo("/office/datasets/" + id);
        assertThat(jdbc.sql("select status || ' ' || title from datasets_dataset where id = ?").param(id).query(String.class).single())
                .isEqualTo("PUBLISHED Rà soát nhu cầu thiết bị bảo mật cơ yếu năm 2027 (bổ sung)");
        // Frozen: the builder sends back to the data set's page; a post is 409 with the words on the page.
        MvcResult frozen = send(get(edit), COORDINATOR);
        assertThat(frozen.getResponse().getRedirectedUrl()).isEqualTo("/office/datasets/" + id);
        MvcResult late = send(survey(edit, code, "save"), COORDINATOR);
        assertThat(late.getResponse().getStatus()).isEqualTo(409);
        assertThat(html(late)).contains("id=\"builder-errors\"");
        assertThat(html(send(get("/office/datasets/" + id), COORDINATOR))).doesNotContain("id=\"draft-actions\"");
    }
}
