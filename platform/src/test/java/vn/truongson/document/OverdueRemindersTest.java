package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.document.reminders.OverdueReminders;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** Overdue handling: on the handler's and the commander's work lists, marked, and reminded once a day through notify. */
@PlatformTest
class OverdueRemindersTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired OverdueReminders reminders;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    long notices(String username, String id) {
        return jdbc.sql("""
                select count(*) from notify_notification n join access_account a on a.official_id = n.official_id
                where a.username = ? and n.kind = 'document.overdue' and n.link = ?""").params(username, "/office/documents/" + id)
                .query(Long.class).single();
    }

    @Test
    void an_overdue_assignment_is_on_both_work_lists_and_reminded_once() {
        String id = f.issuedWithoutSignatures("CV", "Về việc báo cáo quá hạn", "THUONG", "THUONG");
        api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}");
        api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}");
        var a = api.post("/api/v1/documents/" + id + "/assignments", DocumentFixtures.COMMANDER_QK1,
                "{\"officialId\":\"%s\",\"role\":\"LEAD\",\"dueDate\":\"2099-12-31\"}".formatted(f.official(DocumentFixtures.HANDLER_QK1)));
        String aid = a.json().get("id").asString();
        // Time passes: the due date is yesterday (set in the database, as the API refuses a past due date).
        jdbc.sql("update document_assignment set due_date = current_date - 3 where id = ?").param(Long.parseLong(aid)).update();

        for (String who : new String[] {DocumentFixtures.HANDLER_QK1, DocumentFixtures.COMMANDER_QK1}) {
            var work = api.get("/api/v1/documents/work", who).json();
            boolean found = false;
            for (var w : work) if (w.get("id").asString().equals(aid)) { found = true; assertThat(w.get("overdue").asBoolean()).isTrue(); }
            assertThat(found).as(who).isTrue();
        }
        assertThat(api.get("/api/v1/documents?box=incoming&due=overdue", DocumentFixtures.CLERK_QK1).body()).contains("\"id\":\"" + id + "\"");

        reminders.run();
        reminders.run(); // a second run the same day (another node) sends nothing more
        assertThat(notices(DocumentFixtures.HANDLER_QK1, id)).isEqualTo(1);
        assertThat(notices(DocumentFixtures.COMMANDER_QK1, id)).isEqualTo(1);
    }
}
