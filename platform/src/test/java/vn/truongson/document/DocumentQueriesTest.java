package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Issue 19: a list, box or register page costs a constant number of SQL statements, whatever the number of items on
 * it. Statements are counted as the PostgreSQL driver sends them (its "FE=> Execute" and simple-query trace on this
 * thread), before and after three more items join the page.
 */
@PlatformTest
class DocumentQueriesTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DocumentList lists;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    /** Counts the statements the driver executes on the calling thread while {@code work} runs. */
    static <T> Counted<T> counting(Supplier<T> work) {
        Logger logger = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        Level level = logger.getLevel();
        boolean parents = logger.getUseParentHandlers();
        long thread = Thread.currentThread().threadId();
        AtomicInteger n = new AtomicInteger();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) {
                String m = r.getMessage();
                if (r.getLongThreadID() == thread && m != null && (m.startsWith(" FE=> Execute(") || m.startsWith(" FE=> SimpleQuery("))) n.incrementAndGet();
            }

            @Override public void flush() {}

            @Override public void close() {}
        };
        h.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        logger.addHandler(h);
        logger.setLevel(Level.FINEST);
        try {
            T value = work.get();
            return new Counted<>(value, n.get());
        } finally {
            logger.removeHandler(h);
            logger.setLevel(level);
            logger.setUseParentHandlers(parents);
        }
    }

    record Counted<T>(T value, int statements) {}

    <T> T as(String username, Supplier<T> work) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(Principals.of(jdbc, username), null, List.of()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /** A document of BTL86 sent to QK1, received there and assigned to QK1's handler, with an opinion. */
    void assignedToHandler(String subject) {
        String id = f.issuedWithoutSignatures("CV", subject, "THUONG", "THUONG");
        assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/documents/" + id + "/receive", DocumentFixtures.CLERK_QK1, "{}").status()).isEqualTo(200);
        var a = api.post("/api/v1/documents/" + id + "/assignments", DocumentFixtures.COMMANDER_QK1,
                "{\"officialId\":\"%s\",\"role\":\"LEAD\",\"dueWorkingDays\":3}".formatted(f.official(DocumentFixtures.HANDLER_QK1)));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        var p = api.post("/api/v1/documents/" + id + "/assignments/" + a.json().get("id").asString() + "/progress", DocumentFixtures.HANDLER_QK1,
                "{\"text\":\"Đang rà soát\",\"percent\":10}");
        assertThat(p.status()).as(p.body()).isEqualTo(200);
    }

    @Test
    void work_list_boxes_and_registers_cost_the_same_statements_with_three_more_items() {
        String run = Long.toString(System.nanoTime(), 36);
        assignedToHandler("Đếm truy vấn mở đầu " + run); // at least one item, so the page's per-item path runs
        long qk1 = Long.parseLong(f.unit("QK1"));
        int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
        var work1 = as(DocumentFixtures.HANDLER_QK1, () -> counting(lists::workList));
        var box1 = as(DocumentFixtures.CLERK_QK1, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.INCOMING))));
        var reg1 = as(DocumentFixtures.CLERK_QK1, () -> counting(() -> lists.incomingRegister(qk1, year, false)));
        for (int i = 0; i < 3; i++) assignedToHandler("Đếm truy vấn " + run + " " + i);
        var work2 = as(DocumentFixtures.HANDLER_QK1, () -> counting(lists::workList));
        var box2 = as(DocumentFixtures.CLERK_QK1, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.INCOMING))));
        var reg2 = as(DocumentFixtures.CLERK_QK1, () -> counting(() -> lists.incomingRegister(qk1, year, false)));

        assertThat(work2.value().size()).isGreaterThanOrEqualTo(work1.value().size() + 3);
        assertThat(work1.statements()).as("the counter sees the driver's statements").isPositive();
        assertThat(work2.statements()).as("work list: %d items then %d", work1.value().size(), work2.value().size()).isEqualTo(work1.statements());
        assertThat(box2.value().size()).isGreaterThanOrEqualTo(box1.value().size());
        assertThat(box2.statements()).as("incoming box").isEqualTo(box1.statements());
        assertThat(reg2.value().size()).isGreaterThanOrEqualTo(reg1.value().size() + 3);
        assertThat(reg2.statements()).as("incoming register").isEqualTo(reg1.statements());
    }

    /** The outgoing side: the outgoing and drafts boxes and the outgoing register cost the same statements with three more documents. */
    @Test
    void outgoing_boxes_and_register_cost_the_same_statements_with_three_more_items() {
        String run = Long.toString(System.nanoTime(), 36);
        long btl86 = Long.parseLong(f.unit("BTL86"));
        int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
        f.issuedWithoutSignatures("CV", "Đếm truy vấn đi mở đầu " + run, "THUONG", "THUONG");
        f.draft("CV", "Đếm truy vấn dự thảo mở đầu " + run, "THUONG", "THUONG");
        var out1 = as(DocumentFixtures.CLERK, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.OUTGOING))));
        var drafts1 = as(DocumentFixtures.DRAFTER, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.DRAFTS))));
        var reg1 = as(DocumentFixtures.CLERK, () -> counting(() -> lists.outgoingRegister(btl86, year, false)));
        for (int i = 0; i < 3; i++) {
            String id = f.issuedWithoutSignatures("CV", "Đếm truy vấn đi " + run + " " + i, "THUONG", "THUONG");
            assertThat(api.post("/api/v1/documents/" + id + "/send", DocumentFixtures.CLERK, "{\"channel\":\"MILITARY_NETWORK\"}").status()).isEqualTo(200);
            f.draft("CV", "Đếm truy vấn dự thảo " + run + " " + i, "THUONG", "THUONG");
        }
        var out2 = as(DocumentFixtures.CLERK, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.OUTGOING))));
        var drafts2 = as(DocumentFixtures.DRAFTER, () -> counting(() -> lists.list(DocumentList.Query.of(DocumentList.Box.DRAFTS))));
        var reg2 = as(DocumentFixtures.CLERK, () -> counting(() -> lists.outgoingRegister(btl86, year, false)));

        assertThat(out1.statements()).as("the counter sees the driver's statements").isPositive();
        assertThat(out2.value().size()).isGreaterThanOrEqualTo(Math.min(out1.value().size() + 3, 200));
        assertThat(out2.statements()).as("outgoing box: %d items then %d", out1.value().size(), out2.value().size()).isEqualTo(out1.statements());
        assertThat(drafts2.value().size()).isGreaterThanOrEqualTo(Math.min(drafts1.value().size() + 3, 200));
        assertThat(drafts2.statements()).as("drafts box").isEqualTo(drafts1.statements());
        assertThat(reg2.value().size()).isGreaterThanOrEqualTo(reg1.value().size() + 3);
        assertThat(reg2.statements()).as("outgoing register").isEqualTo(reg1.statements());
    }
}
