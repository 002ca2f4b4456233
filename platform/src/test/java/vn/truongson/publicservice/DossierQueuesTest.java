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
        assertThat(after.statements()).isEqualTo(before.statements()).isEqualTo(2);
    }

    @Test
    void the_processing_queue_costs_the_same_statements_for_more_dossiers() {
        received();
        signIn(OneStop.DESK_CNT);
        Measured before = measure(queues::processing);
        for (int i = 0; i < 5; i++) received();
        Measured after = measure(queues::processing);
        assertThat(after.items()).isGreaterThanOrEqualTo(Math.min(before.items() + 5, DossierQueues.LIMIT));
        // One statement of ids per role the officer holds anywhere, then one for every dossier.
        assertThat(after.statements()).isEqualTo(before.statements()).isLessThanOrEqualTo(5);
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
