package vn.truongson.archive;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.archive.internal.Snippets;
import vn.truongson.core.DomainException.BadInput;
import vn.truongson.core.Inputs;
import vn.truongson.core.VietnameseText;

/**
 * Full-text search over the OCR text of digitised documents: the query and the pages folded alike (diacritics and đ
 * removed), so "chuyen doi so" finds "chuyển đổi số"; quoted phrases and "-word" as PostgreSQL's websearch syntax; one
 * hit per document, its best page, with a snippet. The policy's condition is part of the SQL, so a document the caller
 * may not see is never counted, ranked or told.
 */
@Service
public class ArchiveSearch {

    public static final int MAX_QUERY = 200;

    /** A document found: where ({@code page}, 1-based) and what it says around the words. */
    public record Hit(long itemId, long batchId, String title, String snippet, int page, double rank) {}

    private final JdbcClient jdbc;
    private final AccessPolicy policy;

    ArchiveSearch(JdbcClient jdbc, AccessPolicy policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    public List<Hit> search(@Nullable String q, int limit) {
        if (q == null || q.isBlank()) throw new BadInput("q", "archive.field.required");
        if (!Inputs.validText(q)) throw new BadInput("q", Inputs.TEXT_KEY);
        if (q.length() > MAX_QUERY) throw new BadInput("q", "archive.field.too-long", MAX_QUERY);
        String folded = VietnameseText.fold(VietnameseText.nfc(q)).replaceAll("\\p{Cntrl}", " ");
        List<String> terms = Snippets.terms(folded);
        if (terms.isEmpty()) throw new BadInput("q", "archive.search.no-words");
        SqlFilter acl = policy.visibility(Archive.READERS).where("i.unit_id", "i.secrecy_rank");
        String sql = """
                select item_id, batch_id, page_no, text, file_name, proposed, described, rank from (
                    select distinct on (p.item_id) p.item_id, i.batch_id, p.page_no, p.text, i.file_name, i.proposed, i.described,
                           ts_rank(p.search_vector, query) as rank
                    from archive_page p join archive_item i on i.id = p.item_id, websearch_to_tsquery('simple', :q) query
                    where p.search_vector @@ query and\s""" + acl.sql() + """

                    order by p.item_id, rank desc, p.page_no) hits
                order by rank desc, item_id desc limit :limit""";
        return acl.bind(jdbc.sql(sql)).param("q", folded).param("limit", Math.clamp(limit, 1, 200)).query((rs, n) -> {
            Description d = description(rs.getString("described"), rs.getString("proposed"));
            String title = d.subject() != null ? d.subject() : rs.getString("file_name");
            return new Hit(rs.getLong("item_id"), rs.getLong("batch_id"), title, Snippets.around(rs.getString("text"), terms, 160),
                    rs.getInt("page_no"), rs.getDouble("rank"));
        }).list();
    }

    private static Description description(@Nullable String described, @Nullable String proposed) {
        String json = described != null ? described : proposed;
        if (json == null) return Description.EMPTY;
        var m = tools.jackson.databind.json.JsonMapper.builder().build().readValue(json,
                new tools.jackson.core.type.TypeReference<java.util.Map<String, Object>>() {});
        return Description.of(m);
    }
}
