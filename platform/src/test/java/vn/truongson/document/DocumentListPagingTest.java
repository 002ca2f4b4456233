package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Principals;

/**
 * Pages and Excel exports of the document boxes, the registers and the one-stop queues (issue 13), as the reports and
 * officials lists have them (ListPagingExportTest): page 2 holds the next lines, the filters stay in the links and the
 * export, the export holds exactly the filtered lines (not the page) and is audited, a person sees in both only what
 * the policy lets him, and any page number is answered (unreadable → page 1) while a bad filter is 400 naming it.
 */
@PlatformTest
class DocumentListPagingTest {

    static final Pattern DOC_ROW = Pattern.compile("id=\"doc-(\\d+)\"");
    static final Pattern REGISTER_LINK = Pattern.compile("<a href=\"/office/documents/(\\d+)\">");
    static final Pattern ROWS = Pattern.compile("Dòng (\\d+)–(\\d+) trên (\\d+)");
    static final Pattern DOSSIER = Pattern.compile("class=\"dossier-link\">([^<]+)<");

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    MvcResult as(String username, MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b.with(Principals.as(jdbc, username))).andReturn();
    }

    static String body(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static Set<String> all(Pattern p, String html) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = p.matcher(html);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static Sheet sheet(MvcResult r) throws Exception {
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(r.getResponse().getHeader("Content-Disposition")).startsWith("attachment");
        assertThat(r.getResponse().getHeader("Cache-Control")).isEqualTo("no-store");
        return new XSSFWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray())).getSheetAt(0);
    }

    static List<String> column(Sheet s, int c) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= s.getLastRowNum(); i++) {
            var cell = s.getRow(i).getCell(c);
            out.add(cell == null ? "" : cell.toString());
        }
        return out;
    }

    long audited(String action) {
        return jdbc.sql("select count(*) from audit_event where action = ?").param(action).query(Long.class).single();
    }

    @Test
    void the_boxes_and_the_register_come_in_pages_and_export_exactly_the_filtered_lines() throws Exception {
        var f = new DocumentFixtures(new Api(port), jdbc);
        String word = "phantrang" + Long.toString(System.nanoTime(), 36);
        long seed = Long.parseLong(f.draft("CV", "Công văn " + word, "THUONG", "THUONG"));
        // 54 more drafts like it (the copies are the same draft, older by a minute each): 55 lines, two pages.
        String cols = jdbc.sql("""
                select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
                where table_name = 'document_document' and column_name not in ('id', 'search_vector') and is_generated = 'NEVER'""")
                .query(String.class).single();
        String select = cols.replace("subject", "d.subject || ' ' || g").replace("created_at", "d.created_at - g * interval '1 minute'");
        jdbc.sql("insert into document_document (" + cols + ") select " + select + " from document_document d, generate_series(1, 54) g where d.id = ?")
                .param(seed).update();
        List<Long> copies = jdbc.sql("select id from document_document where search_text = (select search_text from document_document where id = ?)")
                .param(seed).query(Long.class).list();
        assertThat(copies).hasSize(55);
        try {
            String list = "/office/documents?box=drafts&q=" + word;
            String first = body(as(DocumentFixtures.DRAFTER, get("/office/documents").param("box", "drafts").param("q", word)));
            Set<String> one = all(DOC_ROW, first);
            assertThat(one).hasSize(50);
            assertThat(first).contains("id=\"document-pages\"", "href=\"" + list.replace("&", "&amp;") + "&amp;page=2\"",
                    "id=\"documents-export\"", "/office/documents/export?box=drafts&amp;q=" + word);
            String second = body(as(DocumentFixtures.DRAFTER, get(list + "&page=2")));
            Set<String> two = all(DOC_ROW, second);
            assertThat(two).hasSize(5).doesNotContainAnyElementsOf(one);
            assertThat(second).contains("href=\"" + list.replace("&", "&amp;") + "\"");
            // Any page number is answered: unreadable → page 1, far past the end → an empty page, never a 500.
            for (String bad : List.of("-1", "0", "abc", "1e9", "99999999999", "１")) {
                assertThat(all(DOC_ROW, body(as(DocumentFixtures.DRAFTER, get(list + "&page=" + bad))))).as(bad).isEqualTo(one);
            }
            assertThat(all(DOC_ROW, body(as(DocumentFixtures.DRAFTER, get(list + "&page=99"))))).isEmpty();
            // A bad filter is refused by the list and the export alike, naming it.
            var refused = as(DocumentFixtures.DRAFTER, get("/office/documents/export?box=drafts&type=XYZ"));
            assertThat(refused.getResponse().getStatus()).isEqualTo(400);

            long before = audited("document.list.export");
            Sheet s = sheet(as(DocumentFixtures.DRAFTER, get("/office/documents/export").param("box", "drafts").param("q", word).param("page", "2")));
            assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Số, ký hiệu");
            assertThat(s.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Trích yếu");
            assertThat(s.getLastRowNum()).as("every line of the filter, not the page").isEqualTo(55);
            assertThat(column(s, 1)).allMatch(t -> t.contains(word));
            assertThat(audited("document.list.export")).isEqualTo(before + 1);
            // Twelve exports at once agree.
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) tasks.add(() -> sheet(as(DocumentFixtures.DRAFTER, get("/office/documents/export")
                    .param("box", "drafts").param("q", word))).getLastRowNum());
            try (var pool = Executors.newFixedThreadPool(12)) {
                for (var r : pool.invokeAll(tasks)) assertThat(r.get()).isEqualTo(55);
            }
            // A clerk of Quân khu 1 may not read Bộ Tư lệnh 86's drafts: neither in the page nor in the export.
            assertThat(all(DOC_ROW, body(as(DocumentFixtures.CLERK_QK1, get(list))))).isEmpty();
            assertThat(sheet(as(DocumentFixtures.CLERK_QK1, get("/office/documents/export").param("box", "drafts").param("q", word))).getLastRowNum())
                    .isZero();

            // Issued (numbers far above the real ones): the outgoing box and the register page alike.
            int year = LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear();
            jdbc.sql("""
                    update document_document set status = 'ISSUED', year = ?, number = 900000 + (select count(*) from document_document c
                      where c.search_text = document_document.search_text and c.id < document_document.id), issued_at = now(), signed_at = now()
                    where id = any(?)""").params(year, copies.toArray(Long[]::new)).update();
            String out = body(as(DocumentFixtures.CLERK, get("/office/documents").param("box", "outgoing").param("q", word)));
            assertThat(all(DOC_ROW, out)).hasSize(50);
            assertThat(all(DOC_ROW, body(as(DocumentFixtures.CLERK, get("/office/documents?box=outgoing&q=" + word + "&page=2"))))).hasSize(5);

            String reg = "/office/documents/registers?direction=OUT&unitId=" + f.unit("BTL86") + "&year=" + year;
            String regFirst = body(as(DocumentFixtures.CLERK, get(reg)));
            Matcher m = ROWS.matcher(regFirst);
            assertThat(m.find()).isTrue();
            int total = Integer.parseInt(m.group(3));
            assertThat(total).isGreaterThanOrEqualTo(55);
            assertThat(regFirst).contains("id=\"register-pages\"", "id=\"register-export\"");
            Set<String> regOne = all(REGISTER_LINK, regFirst);
            Set<String> regTwo = all(REGISTER_LINK, body(as(DocumentFixtures.CLERK, get(reg + "&page=2"))));
            assertThat(regTwo).isNotEmpty().doesNotContainAnyElementsOf(regOne);
            long regBefore = audited("document.register.export");
            Sheet rs = sheet(as(DocumentFixtures.CLERK, get(reg.replace("/registers?", "/registers/export?") + "&page=2")));
            assertThat(rs.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Số, ký hiệu");
            assertThat(rs.getLastRowNum()).isEqualTo(total);
            assertThat(column(rs, 2)).filteredOn(t -> t.contains(word)).hasSize(55);
            assertThat(rs.getRow(1).getCell(1).getCellType()).as("dates are dates").isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
            assertThat(audited("document.register.export")).isEqualTo(regBefore + 1);
            // The register of another unit: refused in the page and the export alike.
            assertThat(as(DocumentFixtures.CLERK_QK1, get(reg)).getResponse().getStatus()).isEqualTo(403);
            assertThat(as(DocumentFixtures.CLERK_QK1, get(reg.replace("/registers?", "/registers/export?"))).getResponse().getStatus()).isEqualTo(403);
        } finally {
            jdbc.sql("delete from document_recipient where document_id = any(?)").param(copies.toArray(Long[]::new)).update();
            jdbc.sql("delete from document_event where document_id = any(?)").param(copies.toArray(Long[]::new)).update();
            jdbc.sql("delete from document_document where id = any(?) and id <> ?").params(copies.toArray(Long[]::new), seed).update();
            jdbc.sql("update document_document set status = 'DRAFT', number = null, issued_at = null, signed_at = null where id = ?").param(seed).update();
        }
    }

    @Test
    void the_one_stop_queues_filter_page_and_export_the_same_lines() throws Exception {
        String desk = "motcua.cnt";
        String page = body(as(desk, get("/office/one-stop")));
        List<String> codes = new ArrayList<>(all(DOSSIER, page));
        assertThat(codes).as("the demo desk has dossiers waiting").isNotEmpty();
        assertThat(page).contains("id=\"queue-export\"", "/office/one-stop/export");
        String code = codes.get(0);
        // The filter by a code (typed in lower case) keeps that dossier only, in the page, its links and the export.
        String one = body(as(desk, get("/office/one-stop").param("q", code.toLowerCase())));
        assertThat(all(DOSSIER, one)).containsExactly(code);
        assertThat(one).contains("/office/one-stop/export?q=" + code.toLowerCase());
        long before = audited("publicservice.queue.export");
        Sheet s = sheet(as(desk, get("/office/one-stop/export").param("q", code.toLowerCase())));
        assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Mã hồ sơ");
        assertThat(column(s, 0)).containsExactly(code);
        assertThat(audited("publicservice.queue.export")).isEqualTo(before + 1);
        // Unfiltered: the export holds the queue's lines (one page here), as the page shows them.
        assertThat(column(sheet(as(desk, get("/office/one-stop/export"))), 0)).containsExactlyInAnyOrderElementsOf(codes);
        // Pages: unreadable is page 1; a bad status or an overlong search is 400 naming the field.
        assertThat(all(DOSSIER, body(as(desk, get("/office/one-stop?page=abc"))))).containsExactlyElementsOf(codes);
        var bad = as(desk, get("/office/one-stop/export?status=NOPE"));
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        var badPage = as(desk, get("/office/one-stop").param("status", "NOPE").header("Accept", "application/problem+json"));
        assertThat(badPage.getResponse().getStatus()).isEqualTo(400);
        assertThat(as(desk, get("/office/one-stop").param("q", "x".repeat(201))).getResponse().getStatus()).isEqualTo(400);
        // Processing queue: same shape; a person with no one-stop grant gets neither the page nor the export.
        assertThat(sheet(as("giaiquyet.cnt", get("/office/one-stop/processing/export"))).getRow(0).getCell(0).getStringCellValue()).isEqualTo("Mã hồ sơ");
        assertThat(as("soanthao.btl86", get("/office/one-stop/export")).getResponse().getStatus()).isEqualTo(403);
        assertThat(as("soanthao.btl86", get("/office/one-stop")).getResponse().getStatus()).isEqualTo(403);
    }
}
