package vn.truongson.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import vn.truongson.programme.ProgrammeTest;
import vn.truongson.programme.TestClock;
import vn.truongson.support.Api;
import vn.truongson.support.Principals;

/**
 * The review on screen (docs/datasets.md "Evidence and review"): the reporter attaches evidence and sees it, the
 * coordinator comments and returns the submission with a reason, the reporter sees the return and the comments on his
 * form and resubmits. Then the abuse: twelve uploads and returns at once on one submission, and a flood of files
 * bounded per submission with a clear 400.
 */
@ProgrammeTest
class DatasetReviewScreensTest {

    static final String REPORTER = "sd3.02";

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    DatasetFixture ds;

    @BeforeEach
    void setUp() {
        ds = new DatasetFixture(new Api(port), jdbc);
        ds.api.token(DatasetFixture.COORDINATOR);
        ds.api.token(REPORTER);
        clock.set("2026-12-10T09:00:00+07:00");
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    MvcResult send(AbstractMockHttpServletRequestBuilder<?> b, String username) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username)).with(csrf())).andReturn();
    }

    static String html(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    String page(String path, String username) throws Exception {
        MvcResult r = send(get(path), username);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return html(r);
    }

    static byte[] pdf(String marker) {
        return ("%PDF-1.7\n% " + marker + "\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    long count(String sql, Object... params) {
        return ds.count(sql, params);
    }

    @Test
    void theReporterAttachesTheCoordinatorReturnsAndTheReporterResubmitsOnScreen() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3", "TD2");
        String sd3 = ds.unit("SD3");
        String form = "/office/datasets/" + id + "/form/" + sd3 + "/2026-12";
        String review = "/office/datasets/" + id + "/review/" + sd3 + "/2026-12";
        long d = Long.parseLong(id);

        // Nothing submitted: the coordinator's review page says so and offers no return.
        String empty = page(review, DatasetFixture.COORDINATOR);
        assertThat(empty).contains("id=\"nothing-submitted\"", "Đơn vị chưa nộp số liệu kỳ này.").doesNotContain("id=\"return-form\"");

        MvcResult sent = send(post(form).param("v.needed", "10").param("v.deployed", "4"), REPORTER);
        assertThat(sent.getResponse().getStatus()).as(html(sent)).isEqualTo(302);

        // Evidence from the form: stored, listed with its link, downloadable by the coordinator.
        String formPage = page(form, REPORTER);
        assertThat(formPage).contains("id=\"evidence-form\"", "Chưa có tệp minh chứng.", "id=\"comment-form\"");
        byte[] file = pdf("bien ban");
        MvcResult up = send(multipart(review + "/evidence").file(new MockMultipartFile("file", "biên-bản kiểm kê.pdf", "application/pdf", file)), REPORTER);
        assertThat(up.getResponse().getStatus()).as(html(up)).isEqualTo(302);
        assertThat(up.getResponse().getRedirectedUrl()).isEqualTo(form);
        assertThat(String.valueOf(up.getFlashMap().get("notice"))).isEqualTo("Đã đính kèm tệp minh chứng biên-bản kiểm kê.pdf.");
        String sha = jdbc.sql("select sha256 from datasets_evidence where dataset_id = ?").param(d).query(String.class).single();
        formPage = page(form, REPORTER);
        assertThat(formPage).contains("biên-bản kiểm kê.pdf", "href=\"" + review + "/evidence/" + sha + "\"", "(1/20)");
        MvcResult down = send(get(review + "/evidence/" + sha), DatasetFixture.COORDINATOR);
        assertThat(down.getResponse().getStatus()).isEqualTo(200);
        assertThat(down.getResponse().getContentAsByteArray()).isEqualTo(file);
        assertThat(down.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        // An upload without a file, or one that is not a document: 400 on the form, named in Vietnamese, nothing stored.
        MvcResult none = send(multipart(review + "/evidence"), REPORTER);
        assertThat(none.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(none)).contains("id=\"review-errors\"", "Tệp minh chứng:");
        MvcResult exe = send(multipart(review + "/evidence").file(new MockMultipartFile("file", "x.pdf", "application/pdf", new byte[] {'M', 'Z', 0, 1, 2})),
                REPORTER);
        assertThat(exe.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(exe)).contains("id=\"review-errors\"", "Tệp minh chứng:");
        // Another unit's reporter may not attach here.
        assertThat(send(multipart(review + "/evidence").file(new MockMultipartFile("file", "y.pdf", "application/pdf", pdf("y"))), "td2.02")
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(count("select count(*) from datasets_evidence where dataset_id = ?", d)).isEqualTo(1);

        // The coordinator's review page: the values, the evidence, the return form. The reporter's: no return form.
        String coord = page(review, DatasetFixture.COORDINATOR);
        assertThat(coord).contains("id=\"submitted-values\"", "Nhu cầu", "biên-bản kiểm kê.pdf", "id=\"return-form\"", "Trả lại lần nộp 1");
        assertThat(page(review, REPORTER)).doesNotContain("id=\"return-form\"").contains("id=\"form-link\"");
        // The roll-up links the unit's review.
        assertThat(page("/office/datasets/" + id + "/rollup?period=2026-12&unitId=" + ds.unit("QK1"), DatasetFixture.COORDINATOR))
                .contains("href=\"" + review + "\"");

        // A return without a reason: 400, named, nothing changed. A reporter returning his own: 403.
        MvcResult blank = send(post(review + "/return").param("reason", "   "), DatasetFixture.COORDINATOR);
        assertThat(blank.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(blank)).contains("id=\"review-errors\"", "Lý do trả lại:");
        assertThat(send(post(review + "/return").param("reason", "Tự trả lại"), REPORTER).getResponse().getStatus()).isEqualTo(403);
        assertThat(count("select count(*) from datasets_comment where dataset_id = ?", d)).isZero();
        assertThat(count("select count(*) from datasets_submission where dataset_id = ? and returned_revision is not null", d)).isZero();

        // The return, then a comment from the review page.
        MvcResult back = send(post(review + "/return").param("reason", "Số đã triển khai chưa khớp biên bản kiểm kê"), DatasetFixture.COORDINATOR);
        assertThat(back.getResponse().getStatus()).as(html(back)).isEqualTo(302);
        assertThat(String.valueOf(back.getFlashMap().get("notice"))).isEqualTo("Đã trả lại lần nộp 1 để đơn vị chỉnh sửa.");
        assertThat(count("select count(*) from datasets_submission where dataset_id = ? and returned_revision = 1", d)).isEqualTo(1);
        MvcResult note = send(post(review + "/comments").param("body", "Đề nghị gửi kèm biên bản có chữ ký.").param("from", "review"),
                DatasetFixture.COORDINATOR);
        assertThat(note.getResponse().getStatus()).isEqualTo(302);
        assertThat(note.getResponse().getRedirectedUrl()).isEqualTo(review + "#comment-list");
        assertThat(page(review, DatasetFixture.COORDINATOR)).contains("id=\"returned\"").doesNotContain("id=\"return-form\"");

        // The reporter sees the return, its reason and the comments on his form, answers, and resubmits.
        formPage = page(form, REPORTER);
        assertThat(formPage).contains("id=\"returned\"", "Lần nộp 1 đã bị trả lại để chỉnh sửa", "Lý do: Số đã triển khai chưa khớp biên bản kiểm kê",
                "Đề nghị gửi kèm biên bản có chữ ký.", "Trả lại lần nộp 1", "Nộp bản sửa");
        MvcResult answer = send(post(review + "/comments").param("body", "Đã kiểm tra lại, sửa số đã triển khai.").param("from", "form"), REPORTER);
        assertThat(answer.getResponse().getRedirectedUrl()).isEqualTo(form + "#comment-list");
        MvcResult blankComment = send(post(review + "/comments").param("body", "").param("from", "form"), REPORTER);
        assertThat(blankComment.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(blankComment)).contains("id=\"review-errors\"", "Ý kiến:", "id=\"dataset-form\"");
        assertThat(count("select count(*) from datasets_comment where dataset_id = ?", d)).isEqualTo(3);
        MvcResult again = send(post(form).param("v.needed", "10").param("v.deployed", "3"), REPORTER);
        assertThat(again.getResponse().getStatus()).isEqualTo(302);
        assertThat(String.valueOf(again.getFlashMap().get("notice"))).isEqualTo("Đã nộp số liệu (lần 2, đúng hạn).");
        assertThat(page(form, REPORTER)).doesNotContain("id=\"returned\"").contains("Đã kiểm tra lại, sửa số đã triển khai.");
        assertThat(count("select count(*) from datasets_submission where dataset_id = ? and returned_revision is null and revision = 2", d)).isEqualTo(1);
        // Revision 2 may be returned in its turn.
        assertThat(page(review, DatasetFixture.COORDINATOR)).contains("Trả lại lần nộp 2", "id=\"return-form\"");
    }

    List<Api.Response> atOnce(int n, IntFunction<Api.Response> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit((Callable<Api.Response>) () -> {
                    start.await();
                    return request.apply(k);
                }));
            }
            start.countDown();
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    Api.Response attach(String id, String unitCode, String period, String name, byte[] content) {
        String boundary = "----ts" + System.nanoTime();
        var b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(content);
        b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return ds.api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ds.api.base() + "/api/v1/datasets/" + id + "/submissions/"
                        + ds.unit(unitCode) + "/" + period + "/evidence")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())), REPORTER);
    }

    /**
     * Twelve at once: six uploads of different files and six returns of the same revision leave six files, one return,
     * one audit row of it; twelve uploads of one file keep it once; then the flood: of twelve more at once only as many
     * as the limit leaves are taken, the others are 400 on {@code file}, and the count stays at the limit.
     */
    @Test
    void twelveUploadsAndReturnsAtOnceHoldAndAFloodOfFilesIsBounded() throws Exception {
        String id = ds.published(DatasetFixture.COORDINATOR, "QK1", "MONTHLY", "THUONG");
        ds.assign(DatasetFixture.COORDINATOR, id, "2026-12", "2026-12-20", "SD3");
        long d = Long.parseLong(id);
        assertThat(ds.submit(REPORTER, id, "SD3", "2026-12", "{\"needed\":10,\"deployed\":4}").status()).isEqualTo(200);
        String base = "/api/v1/datasets/" + id + "/submissions/" + ds.unit("SD3") + "/2026-12";

        List<Api.Response> mixed = atOnce(12, k -> k % 2 == 0 ? attach(id, "SD3", "2026-12", "tep-" + k + ".pdf", pdf("mixed " + k))
                : ds.api.post(base + "/return", DatasetFixture.COORDINATOR, "{\"reason\":\"Thiếu biên bản\"}"));
        for (int k = 0; k < 12; k++) assertThat(mixed.get(k).status()).as(mixed.get(k).body()).isEqualTo(k % 2 == 0 ? 201 : 200);
        assertThat(count("select count(*) from datasets_evidence where dataset_id = ?", d)).isEqualTo(6);
        assertThat(count("select count(*) from datasets_comment where dataset_id = ? and kind = 'RETURN'", d)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'datasets.return' and target = ?", "dataset:" + id)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'datasets.evidence.attach' and target = ?", "dataset:" + id)).isEqualTo(6);

        // One file twelve times at once: kept once.
        byte[] same = pdf("same");
        List<Api.Response> twelve = atOnce(12, k -> attach(id, "SD3", "2026-12", "cung-mot-tep.pdf", same));
        for (var r : twelve) assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(twelve.stream().map(r -> r.json().get("sha256").asString()).distinct().count()).isEqualTo(1);
        assertThat(count("select count(*) from datasets_evidence where dataset_id = ?", d)).isEqualTo(7);

        // The flood: 7 stored, the limit is 20; of twelve different files at once 13 more could not all fit.
        List<Api.Response> flood = atOnce(12, k -> attach(id, "SD3", "2026-12", "lu-" + k + ".pdf", pdf("flood " + k)));
        List<Api.Response> more = atOnce(12, k -> attach(id, "SD3", "2026-12", "them-" + k + ".pdf", pdf("more " + k)));
        List<Api.Response> all = new ArrayList<>(flood);
        all.addAll(more);
        long created = all.stream().filter(r -> r.status() == 201).count();
        assertThat(created).isEqualTo(Reviews.MAX_FILES - 7);
        for (var r : all) {
            if (r.status() == 201) continue;
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
            assertThat(r.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        }
        assertThat(count("select count(*) from datasets_evidence where dataset_id = ?", d)).isEqualTo(Reviews.MAX_FILES);
        assertThat(count("select count(*) from audit_event where action = 'datasets.evidence.attach' and target = ?", "dataset:" + id))
                .isEqualTo(Reviews.MAX_FILES);
        // On screen: the form says the limit is reached and offers no upload; a posted one is 400 in Vietnamese.
        String form = "/office/datasets/" + id + "/form/" + ds.unit("SD3") + "/2026-12";
        String formPage = page(form, REPORTER);
        assertThat(formPage).contains("(20/20)", "Đã đủ 20 tệp minh chứng cho lần nộp này.").doesNotContain("id=\"evidence-form\"");
        MvcResult over = send(multipart("/office/datasets/" + id + "/review/" + ds.unit("SD3") + "/2026-12/evidence")
                .file(new MockMultipartFile("file", "qua.pdf", "application/pdf", pdf("over"))), REPORTER);
        assertThat(over.getResponse().getStatus()).isEqualTo(400);
        assertThat(html(over)).contains("id=\"review-errors\"", "Tệp minh chứng:", "20");
        assertThat(count("select count(*) from datasets_evidence where dataset_id = ?", d)).isEqualTo(Reviews.MAX_FILES);
    }
}
