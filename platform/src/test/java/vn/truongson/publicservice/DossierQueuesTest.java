package vn.truongson.publicservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.access.AccessPolicy;
import vn.truongson.population.CitizenIdentity;
import vn.truongson.population.Gender;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * Issue 19: a queue costs a constant number of statements whatever its length. The store and the queues are built here
 * over a data source that counts the statements prepared (the policy's own look-ups, made once per list through its
 * beans, are not counted); each list is read, dossiers are added to it, and it is read again for the same count. The
 * code before issue 19 read each dossier with four statements after the list of ids (1 + 4N).
 */
@PublicServiceTest
class DossierQueuesTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;
    @Autowired AccessPolicy policy;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired Dossiers dossiers;

    final AtomicInteger statements = new AtomicInteger();
    DossierRows rows;
    DossierQueues queues;
    OneStop o;

    @BeforeEach
    void setUp() {
        JdbcClient counted = JdbcClient.create(counting(dataSource));
        rows = new DossierRows(counted, json);
        queues = new DossierQueues(counted, policy, rows);
        o = new OneStop(new Api(port), jdbc, clock);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void the_reception_queue_costs_the_same_statements_for_more_dossiers() {
        o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        signIn(OneStop.DESK_CNT);
        Measured before = measure(queues::reception);
        for (int i = 0; i < 6; i++) o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        Measured after = measure(queues::reception);
        assertThat(after.items()).isGreaterThanOrEqualTo(Math.min(before.items() + 6, DossierQueues.LIMIT));
        // The count, the page's ids, the dossiers whole.
        assertThat(after.statements()).isEqualTo(before.statements()).isEqualTo(3);
    }

    @Test
    void the_processing_queue_costs_the_same_statements_for_more_dossiers() {
        received();
        signIn(OneStop.DESK_CNT);
        Measured before = measure(queues::processing);
        for (int i = 0; i < 5; i++) received();
        Measured after = measure(queues::processing);
        assertThat(after.items()).isGreaterThanOrEqualTo(Math.min(before.items() + 5, DossierQueues.LIMIT));
        // One query whatever the roles the officer holds: the count, the page's ids, the dossiers whole.
        assertThat(after.statements()).isEqualTo(before.statements()).isEqualTo(3);
    }

    @Test
    void a_citizens_list_costs_the_same_statements_for_more_dossiers() {
        String idNumber = OneStop.id();
        var me = new CitizenIdentity(idNumber, "Lê Văn Minh", LocalDate.of(1980, 6, 7), Gender.MALE, "Hà Nội", null, null, 2);
        fileOnline(me);
        Measured before = measure(() -> queues.ofCitizen(me));
        for (int i = 0; i < 4; i++) fileOnline(me);
        Measured after = measure(() -> queues.ofCitizen(me));
        assertThat(before.items()).isEqualTo(1);
        assertThat(after.items()).isEqualTo(5);
        assertThat(after.statements()).isEqualTo(before.statements()).isEqualTo(2);
    }

    @Test
    void a_dossier_is_locked_and_read_whole_in_one_statement() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        statements.set(0);
        Dossier d = rows.find(code).orElseThrow();
        assertThat(statements.get()).isEqualTo(1);
        assertThat(d.steps()).hasSize(3);
        assertThat(d.events()).extracting(Dossier.Event::kind).containsExactly("SUBMITTED");
        statements.set(0);
        assertThat(rows.lock(code).code()).isEqualTo(code);
        assertThat(statements.get()).isEqualTo(1);
    }

    /** A name no other test files: "Phùng Thị" and six letters of its own. */
    private static String uniqueName() {
        StringBuilder b = new StringBuilder("Phùng Thị ");
        var r = java.util.concurrent.ThreadLocalRandom.current();
        b.append((char) ('A' + r.nextInt(26)));
        for (int i = 0; i < 5; i++) b.append((char) ('a' + r.nextInt(26)));
        return b.toString();
    }

    private String fileAs(String name) {
        return o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()).replace("Nguyễn Văn Bình", name));
    }

    private static List<String> codes(Dossiers.QueuePage p) {
        return p.dossiers().stream().map(Dossier::code).toList();
    }

    /**
     * Issue 13: the queues are paged in SQL. Seven dossiers found by the folded words of their applicant's name, three a
     * page: pages 1–3 hold 3, 3 and 1, in filing order, none twice; a page past the end is the last; each page costs
     * the same three statements, the first as the last, and the same again with more dossiers in the queue.
     */
    @Test
    void the_reception_queue_is_paged_in_the_database_with_its_filters() {
        String name = uniqueName();
        List<String> filed = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) filed.add(fileAs(name));
        signIn(OneStop.DESK_CNT);
        // Typed without diacritics and in capitals: found all the same.
        var words = new Dossiers.QueueFilter(vn.truongson.core.VietnameseText.fold(name).toUpperCase(java.util.Locale.ROOT), null);
        statements.set(0);
        var p1 = queues.reception(words, 0, 3);
        assertThat(statements.get()).isEqualTo(3);
        statements.set(0);
        var p2 = queues.reception(words, 3, 3);
        var p3 = queues.reception(words, 6, 3);
        assertThat(statements.get()).isEqualTo(6);
        assertThat(p1.total()).isEqualTo(7);
        assertThat(codes(p1)).hasSize(3);
        assertThat(codes(p2)).hasSize(3);
        assertThat(codes(p3)).hasSize(1);
        List<String> all = new java.util.ArrayList<>(codes(p1));
        all.addAll(codes(p2));
        all.addAll(codes(p3));
        assertThat(all).as("oldest first, none twice, none left out").containsExactlyElementsOf(filed);
        // Past the end: the last page.
        var past = queues.reception(words, 300, 3);
        assertThat(past.offset()).isEqualTo(6);
        assertThat(codes(past)).isEqualTo(codes(p3));
        // The exact boundary: a page of 7 holds all, one of 6 leaves one for the next.
        assertThat(codes(queues.reception(words, 0, 7))).hasSize(7);
        assertThat(codes(queues.reception(words, 6, 6))).containsExactly(filed.get(6));
        // The status filter, in SQL: a status of the queue, one of another queue (nothing).
        assertThat(queues.reception(new Dossiers.QueueFilter(name, DossierStatus.SUBMITTED), 0, 50).total()).isEqualTo(7);
        assertThat(queues.reception(new Dossiers.QueueFilter(name, DossierStatus.RECEIVED), 0, 50).total()).isZero();
        // The words are words, not patterns: % and _ match only themselves.
        assertThat(queues.reception(new Dossiers.QueueFilter("%", null), 0, 50).total()).isZero();
        assertThat(queues.reception(new Dossiers.QueueFilter("Phùng Th_", null), 0, 50).total()).isZero();
        // A code typed in part finds its dossier.
        assertThat(codes(queues.reception(new Dossiers.QueueFilter(filed.get(4).toLowerCase(java.util.Locale.ROOT), null), 0, 50))).containsExactly(filed.get(4));
        // More dossiers in the queue: the same three statements for a page.
        for (int i = 0; i < 3; i++) fileAs(name);
        statements.set(0);
        assertThat(queues.reception(words, 6, 3).dossiers()).hasSize(3);
        assertThat(statements.get()).isEqualTo(3);
        // Another desk's officer does not see them (the policy, in the same query).
        signIn(OneStop.DESK_BDBP);
        assertThat(queues.reception(words, 0, 50).total()).isZero();
    }

    @Test
    void the_processing_queue_is_paged_soonest_due_first() {
        String name = uniqueName();
        for (int i = 0; i < 5; i++) {
            String code = fileAs(name);
            o.ok(OneStop.DESK_CNT, code, "receive", "{}");
        }
        signIn(OneStop.DESK_CNT);
        var words = new Dossiers.QueueFilter(name, null);
        long total = queues.processing(words, 0, 2).total();
        signIn(OneStop.PROC_CNT);
        var mine = queues.processing(words, 0, 100);
        // The desk's officer and the processing officer each see the dossiers whose current step is theirs.
        assertThat(mine.total() + total).isGreaterThanOrEqualTo(5);
        SecurityContextHolder.clearContext();
        for (String user : List.of(OneStop.DESK_CNT, OneStop.PROC_CNT)) {
            signIn(user);
            var whole = queues.processing(words, 0, 100);
            List<String> paged = new java.util.ArrayList<>();
            statements.set(0);
            for (int off = 0; off < whole.total(); off += 2) paged.addAll(codes(queues.processing(words, off, 2)));
            assertThat(paged).containsExactlyElementsOf(codes(whole));
            assertThat(statements.get()).isEqualTo(3 * (int) ((whole.total() + 1) / 2));
            var due = whole.dossiers().stream().map(d -> d.current().map(Dossier.Step::dueAt).orElseThrow()).toList();
            assertThat(due).isSorted();
        }
    }

    /** The API: the same page (q, status, page, size), X-Total-Count; bad filters are 400 naming the field; twelve at once agree. */
    @Test
    void the_api_pages_the_queue_and_refuses_bad_filters() throws Exception {
        String name = uniqueName();
        List<String> filed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) filed.add(fileAs(name));
        Api api = new Api(port);
        String q = java.net.URLEncoder.encode(vn.truongson.core.VietnameseText.fold(name), java.nio.charset.StandardCharsets.UTF_8);
        var page2 = api.get("/api/v1/dossiers?queue=reception&q=" + q + "&size=2&page=2", OneStop.DESK_CNT);
        assertThat(page2.status()).as(page2.body()).isEqualTo(200);
        assertThat(page2.headers().get("x-total-count")).containsExactly("5");
        List<String> got = new java.util.ArrayList<>();
        page2.json().forEach(d -> got.add(d.get("code").asString()));
        assertThat(got).containsExactly(filed.get(2), filed.get(3));
        // The fields kept: what a dossier's own answer has.
        assertThat(page2.json().get(0).has("status")).isTrue();
        assertThat(page2.json().get(0).has("steps")).isTrue();
        OneStop.badField(api.get("/api/v1/dossiers?queue=reception&status=NOPE", OneStop.DESK_CNT), "status");
        OneStop.badField(api.get("/api/v1/dossiers?queue=reception&size=0", OneStop.DESK_CNT), "size");
        OneStop.badField(api.get("/api/v1/dossiers?queue=reception&size=501", OneStop.DESK_CNT), "size");
        OneStop.badField(api.get("/api/v1/dossiers?queue=reception&size=abc", OneStop.DESK_CNT), "size");
        OneStop.badField(api.get("/api/v1/dossiers?queue=reception&q=" + "a".repeat(201), OneStop.DESK_CNT), "q");
        // Twelve at once: the same answer.
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> api.get("/api/v1/dossiers?queue=reception&q=" + q + "&size=2&page=" + (1 + (int) (Math.random() * 3)), OneStop.DESK_CNT)));
            }
            for (var f : answers) {
                var r = f.get();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().get("x-total-count")).containsExactly("5");
            }
        }
        // Another desk: nothing of these.
        assertThat(api.get("/api/v1/dossiers?queue=reception&q=" + q, OneStop.DESK_BDBP).headers().get("x-total-count")).containsExactly("0");
    }

    private void received() {
        String code = o.file(OneStop.DESK_CNT, OneStop.admissions(OneStop.id()));
        o.ok(OneStop.DESK_CNT, code, "receive", "{}");
    }

    private void fileOnline(CitizenIdentity me) {
        Map<String, Object> form = Map.of("vesselName", "MINH STAR", "imo", "9234567", "flag", "VNM", "master", "LE VAN MINH", "crew", "12",
                "passengers", "0", "port", "Hải Phòng", "eta", "01/04/2026");
        byte[] pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes();
        dossiers.fileOnline(me, "BQP-BP-02", form, null, null,
                List.of(Dossiers.Upload.of("crewList", "crew.pdf", pdf), Dossiers.Upload.of("declaration", "gd.pdf", pdf)));
    }

    private void signIn(String username) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(Principals.of(jdbc, username), null, List.of()));
    }

    record Measured(int items, int statements) {}

    private Measured measure(Supplier<List<Dossier>> list) {
        statements.set(0);
        int items = list.get().size();
        return new Measured(items, statements.get());
    }

    /** The data source, its connections counting every statement they prepare or create. */
    private DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
            Object out = invoke(target, m, args);
            if (out instanceof Connection c) {
                return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p2, m2, a2) -> {
                    if (m2.getName().equals("prepareStatement") || m2.getName().equals("createStatement") || m2.getName().equals("prepareCall")) {
                        statements.incrementAndGet();
                    }
                    return invoke(c, m2, a2);
                });
            }
            return out;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
