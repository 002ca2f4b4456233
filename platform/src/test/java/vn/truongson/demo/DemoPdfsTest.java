package vn.truongson.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.files.FileStore;
import vn.truongson.files.SealedFiles;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Qpdf;

/**
 * Every PDF the demo wrote — the outgoing documents (rendered, signed, numbered, sealed), the incoming ones imported by
 * edXML, the one-stop results — passes {@code qpdf --check} with no warning. Read from the stores directly, as a
 * backup or an archive reads them.
 */
@PlatformTest
class DemoPdfsTest {

    @Autowired JdbcClient jdbc;
    @Autowired FileStore files;
    @Autowired SealedFiles sealed;

    record Stored(String what, String sha, Long sealedId) {}

    @Test
    void every_demo_pdf_passes_qpdf_check() throws Exception {
        List<String> subjects = new ArrayList<>();
        DemoDocuments.OUTGOING.forEach(s -> subjects.add(s.subject()));
        DemoDocuments.INCOMING.forEach(e -> subjects.add(e.subject()));
        List<Stored> stored = new ArrayList<>(jdbc.sql("""
                select status || ' ' || subject, file_sha256, file_sealed_id from document_document
                where subject in (:subjects) and (file_sha256 is not null or file_sealed_id is not null) order by id""")
                .param("subjects", subjects).query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), (Long) rs.getObject(3))).list());
        long documents = stored.size();
        long issued = jdbc.sql("select count(*) from document_document where subject in (:subjects) and status <> 'DRAFT' and number is not null")
                .param("subjects", subjects).query(Long.class).single();
        stored.addAll(jdbc.sql("select 'result of ' || code, result_sha256, null from publicservice_dossier where result_sha256 is not null")
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), null)).list());
        assertThat(documents).as("the demo's documents with a file").isGreaterThanOrEqualTo(DemoDocuments.OUTGOING.size());
        assertThat(issued).as("some were signed, numbered and issued").isPositive();

        for (Stored s : stored) {
            byte[] pdf;
            if (s.sealedId() != null) {
                pdf = sealed.open(s.sealedId());
            } else {
                try (InputStream in = files.open(s.sha())) {
                    pdf = in.readAllBytes();
                }
            }
            Qpdf.assertClean(pdf, s.what());
        }
    }
}
