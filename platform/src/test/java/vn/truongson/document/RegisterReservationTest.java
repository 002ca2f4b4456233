package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;
import vn.truongson.core.DomainException;
import vn.truongson.signing.Signatures;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 19: the agency signature is made outside the register lock. The number is reserved first, the PDF sealed,
 * then the issue commits; a number whose sealing failed is voided in the register, never reused
 * (docs/documents-numbering.md). Every number from the register's start to its last is exactly one issued document
 * or one voided line: complete, contiguous, without duplicate. Runs on BTL86's outgoing register with the real
 * signing module; the failing seal is the real one wrapped to refuse some calls.
 */
@PlatformTest
class RegisterReservationTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Documents documents;
    @Autowired Registers registers;
    @Autowired ObjectProvider<Signatures> signatures;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    Api api;
    DocumentFixtures f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new DocumentFixtures(api, jdbc);
    }

    String signed(String subject) {
        String id = f.draft("CV", subject, "THUONG", "THUONG");
        var s = api.post("/api/v1/documents/" + id + "/sign", DocumentFixtures.SIGNER, "{\"pin\":\"" + DocumentFixtures.PIN + "\"}");
        assertThat(s.status()).as(s.body()).isEqualTo(200);
        return id;
    }

    long btl86() {
        return Long.parseLong(f.unit("BTL86"));
    }

    int year() {
        return LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
    }

    List<Api.Response> issueAll(List<String> ids) throws Exception {
        api.token(DocumentFixtures.CLERK);
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        for (String id : ids) futures.add(pool.submit(() -> {
            go.await();
            return api.post("/api/v1/documents/" + id + "/issue", DocumentFixtures.CLERK, "");
        }));
        go.countDown();
        List<Api.Response> out = new ArrayList<>();
        for (Future<Api.Response> fu : futures) out.add(fu.get());
        pool.shutdown();
        return out;
    }

    /** The numbers after {@code start} of BTL86's ordinary outgoing register: issued documents' and voided lines', each listed once per use. */
    List<Integer> used(int start) {
        List<Integer> all = new ArrayList<>(jdbc.sql("""
                select number from document_document where issuing_unit_id = ? and year = ? and secrecy_rank = 0 and origin = 'INTERNAL' and number > ?""")
                .params(btl86(), year(), start).query(Integer.class).list());
        all.addAll(registers.voided(btl86(), year(), false).stream().map(Registers.Voided::number).filter(n -> n > start).toList());
        return all;
    }

    void assertComplete(int start) {
        int last = registers.last(btl86(), year(), Registers.Direction.OUT, false);
        List<Integer> used = used(start);
        assertThat(new TreeSet<>(used)).as("every number from %d to %d issued or voided, none twice", start + 1, last)
                .hasSize(used.size()).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(start + 1, last).boxed().toList());
        assertThat(jdbc.sql("select count(*) from document_number_reservation").query(Long.class).single()).as("no reservation left in flight").isZero();
    }

    @Test
    void twelve_parallel_issues_on_one_register_get_contiguous_distinct_numbers() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(signed("Cấp số song song " + i));
        int start = registers.last(btl86(), year(), Registers.Direction.OUT, false);
        List<Integer> numbers = new ArrayList<>();
        for (Api.Response r : issueAll(ids)) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            numbers.add(r.json().get("number").asInt());
        }
        assertThat(new TreeSet<>(numbers)).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(start + 1, start + 12).boxed().toList());
        assertComplete(start);
    }

    @Test
    void twelve_identical_issue_requests_take_one_number() throws Exception {
        String id = signed("Cấp số một văn bản mười hai lần");
        int start = registers.last(btl86(), year(), Registers.Direction.OUT, false);
        List<Api.Response> answers = issueAll(java.util.Collections.nCopies(12, id));
        assertThat(answers.stream().filter(r -> r.status() == 200).count()).isEqualTo(1);
        assertThat(answers.stream().filter(r -> r.status() != 200)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(409));
        assertThat(registers.last(btl86(), year(), Registers.Direction.OUT, false)).isEqualTo(start + 1);
        assertComplete(start);
    }

    @Test
    void a_sealing_failure_mid_way_voids_its_number_and_the_register_stays_complete() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) ids.add(signed("Cấp số khi đóng dấu hỏng " + i));
        int start = registers.last(btl86(), year(), Registers.Direction.OUT, false);
        Object target = AopTestUtils.getTargetObject(documents);
        Object real = ReflectionTestUtils.getField(target, "signatures");
        AtomicInteger calls = new AtomicInteger();
        Signatures failing = failingEveryThird(signatures.getObject(), calls);
        ReflectionTestUtils.setField(target, "signatures", new org.springframework.beans.factory.support.StaticListableBeanFactory(
                java.util.Map.of("failing", failing)).getBeanProvider(Signatures.class));
        List<Api.Response> answers;
        try {
            answers = issueAll(ids);
        } finally {
            ReflectionTestUtils.setField(target, "signatures", real);
        }
        List<String> failed = new ArrayList<>();
        Set<Integer> issued = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Api.Response r = answers.get(i);
            if (r.status() == 200) issued.add(r.json().get("number").asInt());
            else {
                assertThat(r.status()).as(r.body()).isEqualTo(409);
                assertThat(r.body()).contains("con dấu");
                failed.add(ids.get(i));
            }
        }
        assertThat(failed).hasSize(4);
        assertThat(issued).hasSize(8);
        List<Registers.Voided> voided = registers.voided(btl86(), year(), false).stream().filter(v -> v.number() > start).toList();
        assertThat(voided).hasSize(4).allSatisfy(v -> assertThat(v.reason()).startsWith("failed"));
        assertThat(voided.stream().map(Registers.Voided::documentId).map(String::valueOf).toList()).containsExactlyInAnyOrderElementsOf(failed);
        assertComplete(start);
        for (String id : failed) {
            var d = api.get("/api/v1/documents/" + id, DocumentFixtures.CLERK);
            assertThat(d.json().get("status").asString()).as("still signed, not numbered").isEqualTo("SIGNED");
            assertThat(d.json().get("number").isNull()).isTrue();
        }

        // Issued again with the seal working, they take new numbers after the last; the voided ones are never reused.
        for (Api.Response r : issueAll(failed)) assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(registers.last(btl86(), year(), Registers.Direction.OUT, false)).isEqualTo(start + 16);
        assertComplete(start);

        // The register's pages (50 lines each) show the voided lines in their places.
        StringBuilder pages = new StringBuilder();
        for (int p = 1; p <= 40 && !voided.stream().allMatch(v -> pages.toString().contains(Documents.numberText(v.number()) + " (số hủy)")); p++) {
            var res = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/office/documents/registers?direction=OUT&unitId="
                    + btl86() + "&year=" + year() + "&page=" + p).with(vn.truongson.support.Principals.as(jdbc, DocumentFixtures.CLERK))).andReturn().getResponse();
            assertThat(res.getStatus()).isEqualTo(200);
            pages.append(res.getContentAsString());
        }
        for (Registers.Voided v : voided) assertThat(pages.toString()).contains(Documents.numberText(v.number()) + " (số hủy)");
    }

    static Signatures failingEveryThird(Signatures real, AtomicInteger calls) {
        return new Signatures() {
            @Override public byte[] signPersonal(long officialId, char[] pin, byte[] pdf) { return real.signPersonal(officialId, pin, pdf); }

            @Override public byte[] signAsUnit(long unitId, byte[] pdf) {
                if (calls.incrementAndGet() % 3 == 0) throw new DomainException.Conflict("signing.no-seal");
                return real.signAsUnit(unitId, pdf);
            }

            @Override public Validation validate(byte[] pdf) { return real.validate(pdf); }

            @Override public byte[] timestamp(byte[] sha256) { return real.timestamp(sha256); }

            @Override public boolean hasPersonalCertificate(long officialId) { return real.hasPersonalCertificate(officialId); }

            @Override public boolean hasUnitCertificate(long unitId) { return real.hasUnitCertificate(unitId); }
        };
    }
}
