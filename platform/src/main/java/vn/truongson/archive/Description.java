package vn.truongson.archive;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A scanned document's description: the Decree 30 elements an archivist keeps for it (Decree 30/2020, Art. 8 and
 * Appendix I; the metadata of a digitised document), each null while unknown.
 *
 * @param issuer tên cơ quan ban hành
 * @param numberAndNotation số, ký hiệu: "12/QĐ-BTL86"
 * @param date ngày tháng văn bản, dd/MM/yyyy
 * @param type tên loại văn bản: "Quyết định", "Công văn"…
 * @param subject trích yếu nội dung
 * @param signer người ký
 */
public record Description(@Nullable String issuer, @Nullable String numberAndNotation, @Nullable String date, @Nullable String type,
        @Nullable String subject, @Nullable String signer) {

    public static final Description EMPTY = new Description(null, null, null, null, null, null);

    /** The fields by their API names, in order. */
    public Map<String, @Nullable String> asMap() {
        var m = new LinkedHashMap<String, @Nullable String>();
        m.put("issuer", issuer);
        m.put("numberAndNotation", numberAndNotation);
        m.put("date", date);
        m.put("type", type);
        m.put("subject", subject);
        m.put("signer", signer);
        return m;
    }

    public static Description of(Map<String, ?> m) {
        return new Description(s(m.get("issuer")), s(m.get("numberAndNotation")), s(m.get("date")), s(m.get("type")), s(m.get("subject")),
                s(m.get("signer")));
    }

    private static @Nullable String s(@Nullable Object o) {
        return o == null ? null : o.toString();
    }
}
