package vn.truongson.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.notify.Notifications;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Manual chasing (đôn đốc, issue 13): a coordinator ticks a line not yet reported and its unit's reporters are told at
 * once, with his message; once a day per line however many times (or at once) he sends; a reporter may not chase; the
 * chase is what the daily run asks before sending the stage's reminder; audited.
 */
@PlatformTest
class ChaseTest {

    static final String COORDINATOR = "dieuphoi.btl86";
    static final Pattern BOX = Pattern.compile("id=\"chase-(\\d+)\"");

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired Notifications notifications;

    MvcResult as(String username, MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b.with(csrf()).with(Principals.as(jdbc, username))).andReturn();
    }

    String period() {
        return YearMonth.now(Period.ZONE).toString();
    }

    String sd3() {
        return jdbc.sql("select id::text from org_unit where code = 'SD3'").query(String.class).single();
    }

    /** A line of Sư đoàn 3 not yet reported this month: SD3 has a reporter (baocao.sd3). */
    long unreportedLine() throws Exception {
        String html = as(COORDINATOR, get("/office/programme/reports?period=" + period() + "&unitId=" + sd3())).getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"chase-form\"");
        Matcher m = BOX.matcher(html);
        assertThat(m.find()).as("a line of SĐ3 without a report this month").isTrue();
        return Long.parseLong(m.group(1));
    }

    long chased(long assignmentId) {
        return jdbc.sql("select count(*) from notify_notification where dedupe_key like ?").param("reminder:chase:" + assignmentId + ":%")
                .query(Long.class).single();
    }

    MvcResult chase(String username, String message, String... ids) throws Exception {
        var b = post("/office/programme/reports/chase").param("period", period()).param("unitId", sd3()).param("message", message);
        for (String id : ids) b.param("assignmentId", id);
        return as(username, b);
    }

    @Test
    void a_coordinator_chases_a_late_unit_once_a_day_with_his_message() throws Exception {
        long line = unreportedLine();
        long before = chased(line);
        var r = chase(COORDINATOR, "Đề nghị đơn vị khẩn trương gửi báo cáo trước 17 giờ.", Long.toString(line));
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).startsWith("/office/programme/reports?period=" + period());
        assertThat(String.valueOf(r.getFlashMap().get("notice"))).startsWith("Đã đôn đốc");
        long told = chased(line);
        assertThat(told).as("the reporters of SĐ3 are told").isGreaterThan(before);
        String body = jdbc.sql("select body from notify_notification where dedupe_key like ? order by id desc limit 1")
                .param("reminder:chase:" + line + ":%").query(String.class).single();
        assertThat(body).contains("Trần Minh Tuấn", "khẩn trương gửi báo cáo trước 17 giờ");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'programme.reminders.chase' and target = ?").param("assignment:" + line)
                .query(Long.class).single()).isGreaterThanOrEqualTo(1);

        // Twelve more at once, the same day: nobody is told again.
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 12; i++) tasks.add(() -> chase(COORDINATOR, "Nhắc lại", Long.toString(line)).getResponse().getStatus());
        try (var pool = Executors.newFixedThreadPool(12)) {
            for (var f : pool.invokeAll(tasks)) assertThat(f.get()).isEqualTo(302);
        }
        assertThat(chased(line)).isEqualTo(told);

        // The daily run asks this before sending the stage's reminder to a reporter who was chased during the stage.
        long reporter = jdbc.sql("select official_id from notify_notification where dedupe_key like ? limit 1").param("reminder:chase:" + line + ":%")
                .query(Long.class).single();
        var today = LocalDate.now(Period.ZONE).atStartOfDay(Period.ZONE).toInstant();
        assertThat(notifications.sentSince("reminder:chase:" + line + ":" + period() + ":" + reporter + ":", today)).isTrue();
        assertThat(notifications.sentSince("reminder:chase:" + line + ":" + period() + ":" + reporter + ":", today.plusSeconds(86_400 * 2))).isFalse();
    }

    @Test
    void a_reporter_may_not_chase_and_bad_input_sends_nothing() throws Exception {
        long line = unreportedLine();
        long before = chased(line);
        assertThat(chase("baocao.sd3", "x", Long.toString(line)).getResponse().getStatus()).isEqualTo(403);
        var tooLong = chase(COORDINATOR, "x".repeat(501), Long.toString(line));
        assertThat(String.valueOf(tooLong.getFlashMap().get("problem"))).contains("500");
        for (String bad : List.of("abc", "-1", "999999999", "")) {
            var r = chase(COORDINATOR, "x", bad);
            assertThat(r.getResponse().getStatus()).as(bad).isEqualTo(302);
            assertThat(String.valueOf(r.getFlashMap().get("problem"))).contains("Chưa chọn");
        }
        assertThat(chase(COORDINATOR, "x").getResponse().getStatus()).isEqualTo(302);
        assertThat(chased(line)).isEqualTo(before);
    }
}
