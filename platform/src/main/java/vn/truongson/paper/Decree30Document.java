package vn.truongson.paper;

import vn.truongson.core.VietnameseText;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import vn.truongson.core.SecrecyLevel;

/**
 * An administrative document with the elements of Decree 30/2020/NĐ-CP, Article 8, in their order: the agency
 * under its parent (tên cơ quan chủ quản, tên cơ quan ban hành), số và ký hiệu, the secrecy mark where
 * classified, place and date, the type name and trích yếu, the content, the signer's title and name, and the
 * recipients (nơi nhận). The national title and motto (Quốc hiệu, Tiêu ngữ) are always the same and are added
 * by the renderers.
 *
 * @param parentAgency the agency directly above the issuer (cơ quan chủ quản), or null for a top agency
 * @param agency the issuing agency (cơ quan ban hành)
 * @param typeName the document type, "Báo cáo"; printed in capitals
 * @param subject the trích yếu, at most 500 characters (DOMAIN-VN.md §1, metadata limits)
 * @param recipients each one line of the nơi nhận list, without the leading dash or the trailing semicolon;
 *     conventionally the last is "Lưu: VT, …"
 */
public record Decree30Document(@Nullable String parentAgency, String agency, DocumentNumber number, SecrecyLevel secrecy,
        PlaceAndDate placeAndDate, String typeName, String subject, List<Section> sections, Signature signature, List<String> recipients) {

    public static final int MAX_SUBJECT = 500;
    static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    public Decree30Document {
        if (agency.isBlank() || typeName.isBlank()) throw new IllegalArgumentException("a document names its agency and its type");
        if (subject.length() > MAX_SUBJECT) throw new IllegalArgumentException("trích yếu longer than " + MAX_SUBJECT);
        sections = List.copyOf(sections);
        recipients = List.copyOf(recipients);
    }

    static String caps(String s) {
        return s.strip().toUpperCase(VIETNAMESE);
    }

    /**
     * A công văn (Decree 30, Appendix I, Mẫu 1.4) prints no type name: its trích yếu goes under the number as "V/v …"
     * and its body opens with "Kính gửi:".
     */
    public boolean officialLetter() {
        return VietnameseText.fold(typeName).strip().equals("cong van");
    }

    /** The trích yếu as a công văn writes it, under the number: "V/v …" (a typed "Về việc" is not doubled). */
    public String aboutLine() {
        String s = subject.strip();
        String folded = VietnameseText.fold(s);
        if (folded.startsWith("ve viec ")) s = s.substring("Về việc ".length()).strip();
        else if (folded.startsWith("v/v ")) s = s.substring(4).strip();
        return "V/v " + s;
    }

    /**
     * Whom a công văn addresses (Kính gửi): the nơi nhận lines that are addressees, without the file copy ("Lưu: …")
     * and "Như trên", each without what is in brackets ("(để báo cáo)").
     */
    public List<String> addressees() {
        return recipients.stream().filter(r -> {
            String f = VietnameseText.fold(r).strip();
            return !f.startsWith("luu") && !f.startsWith("nhu tren");
        }).map(r -> r.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip()).filter(r -> !r.isEmpty()).toList();
    }

    /** A part of the content, under a heading ("I. TÌNH HÌNH BÁO CÁO") or, for an opening, none. */
    public record Section(@Nullable String heading, List<Block> blocks) {
        public Section {
            blocks = List.copyOf(blocks);
        }
    }

    /** What a section is made of. */
    public sealed interface Block permits Paragraph, Table {}

    /** A paragraph of body text, justified with its first line indented. */
    public record Paragraph(String text) implements Block {}

    /**
     * A table with a header row, repeated on every page it runs onto.
     *
     * @param rows each of the columns' size
     */
    public record Table(List<Column> columns, List<List<String>> rows) implements Block {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> r : rows) {
                if (r.size() != columns.size()) throw new IllegalArgumentException("a row of " + r.size() + " cells in a table of " + columns.size());
            }
        }
    }

    /**
     * @param weight the column's share of the table's width, relative to the others'
     */
    public record Column(String header, int weight, Align align) {
        public Column {
            if (weight < 1) throw new IllegalArgumentException("column weight");
        }
    }

    public enum Align { LEFT, CENTER, RIGHT }

    /**
     * The signer's block (Decree 30, Article 8(7)).
     *
     * @param title the authority and title, one line each ("TƯ LỆNH", or "KT. TƯ LỆNH" then "PHÓ TƯ LỆNH")
     * @param name rank and full name, or null while the document is a draft to be signed
     */
    public record Signature(List<String> title, @Nullable String name) {
        public Signature {
            title = List.copyOf(title);
        }
    }
}
