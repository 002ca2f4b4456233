package vn.truongson.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * In-app notifications: one per dedupe key however many senders race; a person's inbox, newest first with its unread
 * count and each channel's delivery (without SMTP the e-mail is recorded as skipped); the read marker; and nobody
 * lists, opens or marks anyone else's.
 */
@PlatformTest
class NotificationsTest {

    static final String OWNER = "baocao.sd3";
    static final String STRANGER = "baocao.qk1";

    @LocalServerPort int port;
    @Autowired Notifications notifications;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;

    long official(String username) {
        return jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).single();
    }

    static String key() {
        return "test:" + UUID.randomUUID();
    }

    /** Sends one and answers its id. */
    String sendTo(String username, String title, String link) {
        String key = key();
        assertThat(notifications.send(official(username), "test.kind", key, title, "Nội dung: " + title, link)).isTrue();
        return jdbc.sql("select id::text from notify_notification where dedupe_key = ?").param(key).query(String.class).single();
    }

    @Test
    void a_dedupe_key_gives_one_notification_however_many_senders_race() throws Exception {
        long to = official(OWNER);
        String key = key();
        int senders = 8;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return notifications.send(to, "test.kind", key, "Nhắc việc", "Một lần thôi", null);
            }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<Boolean> f : results) if (f.get()) accepted++;
        pool.shutdown();
        assertThat(accepted).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from notify_notification where dedupe_key = ?").param(key).query(Long.class).single()).isEqualTo(1);
        // Later, sequentially: still refused, nothing changed.
        assertThat(notifications.send(to, "test.kind", key, "Nhắc lại", "Lần hai", null)).isFalse();
        assertThat(jdbc.sql("select title from notify_notification where dedupe_key = ?").param(key).query(String.class).single()).isEqualTo("Nhắc việc");
    }

    @Test
    void the_inbox_lists_mine_newest_first_with_the_unread_count_and_how_each_channel_went() {
        Api api = new Api(port);
        assertThat(api.post("/api/v1/notifications/read-all", OWNER, "").status()).isEqualTo(200);
        String older = sendTo(OWNER, "Thông báo thứ nhất", "/office");
        String newer = sendTo(OWNER, "Thông báo thứ hai", null);

        var r = api.get("/api/v1/notifications?limit=2", OWNER);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode inbox = r.json();
        assertThat(inbox.get("unread").asLong()).isEqualTo(2);
        assertThat(inbox.get("notifications").get(0).get("id").asString()).isEqualTo(newer);
        JsonNode first = inbox.get("notifications").get(1);
        assertThat(first.get("id").asString()).isEqualTo(older);
        assertThat(first.get("title").asString()).isEqualTo("Thông báo thứ nhất");
        assertThat(first.get("link").asString()).isEqualTo("/office");
        assertThat(first.get("kind").asString()).isEqualTo("test.kind");
        assertThat(first.get("createdAt").asString()).endsWith("+07:00");
        assertThat(first.get("readAt").isNull()).isTrue();
        Map<String, String> states = new java.util.TreeMap<>();
        first.get("deliveries").forEach(d -> states.put(d.get("channel").asString(), d.get("state").asString()));
        // No spring.mail.host in tests: the e-mail is skipped, and says why; SMS is off by default.
        assertThat(states).isEqualTo(Map.of("IN_APP", "SENT", "EMAIL", "SKIPPED", "SMS", "SKIPPED"));
        assertThat(jdbc.sql("select last_error from notify_delivery where notification_id = ? and channel = 'EMAIL'").param(Long.parseLong(older))
                .query(String.class).single()).contains("spring.mail.host");

        var unreadOnly = api.get("/api/v1/notifications?unread=true", OWNER).json();
        assertThat(unreadOnly.get("notifications").size()).isEqualTo(2);
    }

    @Test
    void the_read_marker_is_the_owners_alone() {
        Api api = new Api(port);
        String id = sendTo(OWNER, "Chỉ của tôi", null);
        long before = api.get("/api/v1/notifications", OWNER).json().get("unread").asLong();

        // Somebody else neither sees it, nor opens it, nor marks it: it does not exist for them.
        var theirs = api.get("/api/v1/notifications?limit=200", STRANGER).json();
        theirs.get("notifications").forEach(n -> assertThat(n.get("id").asString()).isNotEqualTo(id));
        assertThat(api.get("/api/v1/notifications/" + id, STRANGER).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/notifications/" + id + "/read", STRANGER, "").status()).isEqualTo(404);
        assertThat(readAt(id)).isNull();

        var marked = api.post("/api/v1/notifications/" + id + "/read", OWNER, "");
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        String readAt = marked.json().get("readAt").asString();
        assertThat(readAt).endsWith("+07:00");
        assertThat(api.get("/api/v1/notifications", OWNER).json().get("unread").asLong()).isEqualTo(before - 1);
        // Marking again changes nothing.
        assertThat(api.post("/api/v1/notifications/" + id + "/read", OWNER, "").json().get("readAt").asString()).isEqualTo(readAt);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'notify.notification.read' and target = ?")
                .param("notification:" + id).query(Long.class).single()).isEqualTo(1);
    }

    private java.sql.Timestamp readAt(String id) {
        return jdbc.sql("select read_at from notify_notification where id = ?").param(Long.parseLong(id)).query(java.sql.Timestamp.class).optional()
                .orElse(null);
    }

    @Test
    void bad_parameters_are_a_400_naming_the_field() {
        Api api = new Api(port);
        var word = api.get("/api/v1/notifications?limit=abc", OWNER);
        assertThat(word.status()).isEqualTo(400);
        assertThat(word.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
        assertThat(api.get("/api/v1/notifications?limit=0", OWNER).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/notifications?limit=201", OWNER).status()).isEqualTo(400);
        var flag = api.get("/api/v1/notifications?unread=maybe", OWNER);
        assertThat(flag.status()).isEqualTo(400);
        assertThat(flag.json().get("errors").get(0).get("field").asString()).isEqualTo("unread");
        assertThat(api.post("/api/v1/notifications/abc/read", OWNER, "").status()).isEqualTo(404);
    }

    @Test
    void only_paths_within_the_platform_are_linked() {
        long to = official(OWNER);
        for (String link : new String[] {"https://example.org/", "//example.org/x", "javascript:alert(1)"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> notifications.send(to, "test.kind", key(), "x", "y", link))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- screens -----------------------------------------------------------------------------------

    private MvcResult screen(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    @Test
    void the_bell_counts_the_unread_and_the_page_opens_a_notification_marking_it_read() throws Exception {
        Api api = new Api(port);
        assertThat(api.post("/api/v1/notifications/read-all", OWNER, "").status()).isEqualTo(200);
        String id = sendTo(OWNER, "Hạn báo cáo hôm nay", "/office/units");
        sendTo(OWNER, "Thông báo khác", null);

        String home = screen(get("/office"), OWNER).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(home).contains("id=\"ts-bell\"").contains("Thông báo: 2 chưa đọc");
        assertThat(home).containsPattern("id=\"ts-bell-count\"[^>]*>2<");

        MvcResult page = screen(get("/office/notifications"), OWNER);
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("Hạn báo cáo hôm nay", "Thông báo khác", "2 chưa đọc", "notification-" + id);

        // Another person cannot open it.
        assertThat(screen(post("/office/notifications/" + id + "/open").with(csrf()), STRANGER).getResponse().getStatus()).isEqualTo(404);
        assertThat(readAt(id)).isNull();

        MvcResult open = screen(post("/office/notifications/" + id + "/open").with(csrf()), OWNER);
        assertThat(open.getResponse().getStatus()).isEqualTo(302);
        assertThat(open.getResponse().getRedirectedUrl()).isEqualTo("/office/units");
        assertThat(readAt(id)).isNotNull();

        String after = screen(get("/office"), OWNER).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(after).containsPattern("id=\"ts-bell-count\"[^>]*>1<");

        MvcResult all = screen(post("/office/notifications/read-all").with(csrf()), OWNER);
        assertThat(all.getResponse().getStatus()).isEqualTo(302);
        String none = screen(get("/office"), OWNER).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(none).contains("id=\"ts-bell\"").doesNotContain("ts-bell-count");
        String english = screen(get("/office/notifications?unread=true&lang=en"), OWNER).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("No unread notifications.");
    }
}
