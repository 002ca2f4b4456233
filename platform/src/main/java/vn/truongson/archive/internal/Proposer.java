package vn.truongson.archive.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import vn.truongson.archive.Description;
import vn.truongson.core.VietnameseText;

/**
 * Proposes a scanned document's Decree 30 metadata from its OCR text (pdftotext {@code -layout}: the two columns of
 * the heading and of the signature block stay side by side on a line). Each field comes with a confidence in [0, 1]:
 * high where the element was found where Decree 30's layout puts it (Art. 8, Appendix I), lower where it was only
 * guessed. Matching runs on folded text (diacritics and đ removed), so OCR's accent errors do not hide a label, and
 * the value is then cut from the original text.
 */
public final class Proposer {

    /** The proposal and the confidence of each of its fields (the same keys as {@link Description#asMap()}). */
    public record Proposal(Description fields, Map<String, Double> confidence) {}

    /** Decree 30/2020, Appendix III: the administrative types and their abbreviations (DOMAIN-VN.md §1). */
    static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        String[][] t = {{"Nghị quyết", "NQ"}, {"Quyết định", "QĐ"}, {"Chỉ thị", "CT"}, {"Quy chế", "QC"}, {"Quy định", "QyĐ"},
                {"Thông cáo", "TC"}, {"Thông báo", "TB"}, {"Hướng dẫn", "HD"}, {"Chương trình", "CTr"}, {"Kế hoạch", "KH"}, {"Phương án", "PA"},
                {"Đề án", "ĐA"}, {"Dự án", "DA"}, {"Báo cáo", "BC"}, {"Biên bản", "BB"}, {"Tờ trình", "TTr"}, {"Hợp đồng", "HĐ"},
                {"Công điện", "CĐ"}, {"Bản ghi nhớ", "BGN"}, {"Bản thỏa thuận", "BTT"}, {"Giấy ủy quyền", "GUQ"}, {"Giấy mời", "GM"},
                {"Giấy giới thiệu", "GGT"}, {"Giấy nghỉ phép", "GNP"}, {"Phiếu gửi", "PG"}, {"Phiếu chuyển", "PC"}, {"Phiếu báo", "PB"},
                {"Công văn", ""}, {"Thư công", ""}};
        for (String[] e : t) TYPES.put(e[0], e[1]);
    }

    private static final Pattern NUMBER = Pattern.compile("(?<![a-z0-9])so\\s*[:;.,]?\\s*(\\d{1,5})\\s*/\\s*([a-z0-9]+(?:\\s?[-–]\\s?[a-z0-9]+){0,3})");
    private static final Pattern BARE_NUMBER = Pattern.compile("(?<![a-z0-9/])(\\d{1,5})\\s*/\\s*([a-z]{1,4}[-–][a-z0-9]{2,12}(?:[-–][a-z0-9]{1,12})?)(?![a-z0-9/])");
    private static final Pattern DATE = Pattern.compile("ngay\\s*(\\d{1,2})\\s*thang\\s*(\\d{1,2})\\s*nam\\s*(\\d{4})");
    private static final Pattern RANK_NAME = Pattern.compile("(?<![a-z])(thieu|trung|thuong|dai)\\s+(uy|ta|tuong)\\s+([a-z]+(?:\\s+[a-z]+){1,4})");
    private static final Pattern COLUMNS = Pattern.compile("\\S+(?:\\s{1,2}\\S+)*");
    private static final Locale VI = Locale.forLanguageTag("vi");

    private Proposer() {}

    /** The proposal for a document whose pages read as {@code pages} (the first page carries the heading, the last the signature). */
    public static Proposal propose(List<String> pages) {
        var conf = new LinkedHashMap<String, Double>();
        for (String k : Description.EMPTY.asMap().keySet()) conf.put(k, 0.0);
        if (pages.isEmpty()) return new Proposal(Description.EMPTY, conf);
        List<Line> first = lines(pages.getFirst());
        int boundary = boundary(first);

        // Số, ký hiệu (Decree 30, Art. 8(3)): "Số: 12/QĐ-BTL86", under the agency in the left column.
        String number = null;
        int numberLine = -1;
        for (int i = 0; i < first.size() && number == null; i++) {
            Matcher m = NUMBER.matcher(first.get(i).folded.text);
            if (m.find()) {
                number = notation(first.get(i).folded.original(m.start(1), m.end(2)));
                numberLine = i;
                conf.put("numberAndNotation", number.contains("-") ? 0.95 : 0.7);
            }
        }
        if (number == null) {
            for (int i = 0; i < Math.min(first.size(), 25) && number == null; i++) {
                Matcher m = BARE_NUMBER.matcher(first.get(i).folded.text);
                if (m.find()) {
                    number = notation(first.get(i).folded.original(m.start(1), m.end(2)));
                    numberLine = i;
                    conf.put("numberAndNotation", 0.5);
                }
            }
        }

        // Tên loại (Art. 8(5)): a line of its own in capitals, centred; a công văn has none.
        String type = null;
        int typeLine = -1;
        for (int i = 0; i < first.size() && type == null; i++) {
            Line l = first.get(i);
            for (Segment s : l.segments) {
                String f = s.folded();
                if (!s.text.equals(s.text.toUpperCase(VI))) continue;
                for (String name : TYPES.keySet()) {
                    if (f.equals(VietnameseText.fold(name))) {
                        type = name;
                        typeLine = i;
                        conf.put("type", 0.85);
                        break;
                    }
                }
                if (type != null) break;
            }
        }
        String abbreviation = number == null ? null : abbreviation(number);
        if (type != null && abbreviation != null && VietnameseText.fold(TYPES.get(type)).equals(VietnameseText.fold(abbreviation))) {
            conf.put("type", 0.97);
        }
        String all = VietnameseText.fold(repair(String.join("\n", pages)));
        if (type == null && (all.contains("v/v") || all.contains("kinh gui"))) {
            type = "Công văn";
            conf.put("type", 0.75);
        }
        if (type == null && abbreviation != null) {
            for (var e : TYPES.entrySet()) {
                if (!e.getValue().isEmpty() && VietnameseText.fold(e.getValue()).equals(VietnameseText.fold(abbreviation))) {
                    type = e.getKey();
                    conf.put("type", 0.6);
                }
            }
        }

        // Địa danh và thời gian (Art. 8(4)): "Hà Nội, ngày 05 tháng 3 năm 2024", in the right column, above the type.
        String date = null;
        int limit = typeLine >= 0 ? typeLine : first.size();
        for (int pass = 0; pass < 2 && date == null; pass++) {
            int end = pass == 0 ? limit : first.size();
            for (int i = 0; i < end && date == null; i++) {
                Matcher m = DATE.matcher(first.get(i).folded.text);
                while (m.find()) {
                    LocalDate d = date(m.group(1), m.group(2), m.group(3));
                    if (d == null) continue;
                    date = String.format("%02d/%02d/%04d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
                    String before = first.get(i).folded.text.substring(0, m.start()).stripTrailing();
                    conf.put("date", pass == 0 && before.endsWith(",") ? 0.95 : pass == 0 ? 0.8 : 0.5);
                    break;
                }
            }
        }

        // Cơ quan ban hành (Art. 8(2)): the last line in capitals of the left column above the number.
        String issuer = null;
        int issuerLines = 0;
        int headEnd = numberLine >= 0 ? numberLine : Math.min(first.size(), 6);
        for (int i = 0; i < headEnd; i++) {
            for (Segment s : first.get(i).segments) {
                if (s.start >= boundary) continue;
                String f = s.folded();
                if (f.startsWith("cong hoa") || f.startsWith("doc lap") || f.length() < 3) continue;
                if (!s.text.equals(s.text.toUpperCase(VI)) || !s.text.matches(".*\\p{L}.*")) continue;
                issuer = s.text;
                issuerLines++;
            }
        }
        if (issuer != null) conf.put("issuer", issuerLines >= 2 ? 0.85 : 0.65);

        // Trích yếu (Art. 8(5)): under the type name, until a blank line; for a công văn "V/v …" under the number.
        String subject = null;
        if (typeLine >= 0) {
            var b = new StringBuilder();
            for (int i = typeLine + 1; i < first.size(); i++) {
                Line l = first.get(i);
                if (l.blankBefore && !b.isEmpty()) break;
                String f = l.folded.text.strip();
                if (f.startsWith("can cu") || f.startsWith("kinh gui") || f.startsWith("i.") || f.startsWith("phan ")) break;
                String t = l.text.strip();
                if (!b.isEmpty() && t.equals(t.toUpperCase(VI))) break; // the issuing authority's line ("TƯ LỆNH …")
                if (!b.isEmpty()) b.append(' ');
                b.append(t);
                if (b.length() > 500) break;
            }
            if (!b.isEmpty()) {
                subject = b.toString();
                conf.put("subject", 0.8);
            }
        } else {
            for (int i = 0; i < first.size() && subject == null; i++) {
                for (Segment s : first.get(i).segments) {
                    if (s.start < boundary && s.folded().startsWith("v/v")) {
                        var b = new StringBuilder(s.text);
                        for (int j = i + 1; j < first.size(); j++) {
                            Segment next = first.get(j).segments.isEmpty() ? null : first.get(j).segments.getFirst();
                            if (next == null || next.start >= boundary || first.get(j).blankBefore) break;
                            if (next.folded().startsWith("kinh gui")) break;
                            b.append(' ').append(next.text);
                        }
                        subject = b.toString();
                        conf.put("subject", 0.7);
                        break;
                    }
                }
            }
        }
        if (subject != null && subject.length() > 500) subject = subject.substring(0, 500);

        // Người ký (Art. 8(7)): rank and name under the title, at the end of the last page, in the right column.
        String signer = null;
        List<Line> last = lines(pages.getLast());
        for (int i = last.size() - 1; i >= 0 && signer == null; i--) {
            Matcher m = RANK_NAME.matcher(last.get(i).folded.text);
            String found = null;
            while (m.find()) found = last.get(i).folded.original(m.start(), m.end());
            if (found != null) {
                signer = found.strip();
                conf.put("signer", 0.9);
            }
        }
        if (signer == null) {
            int bound = boundary(last);
            for (int i = last.size() - 1; i > 0 && signer == null; i--) {
                for (Segment s : last.get(i).segments) {
                    if (s.start < bound) continue;
                    if (s.text.matches("\\p{Lu}\\p{Ll}+(\\s\\p{Lu}\\p{Ll}*){1,4}")) {
                        signer = s.text;
                        conf.put("signer", 0.55);
                        break;
                    }
                }
            }
        }
        return new Proposal(new Description(issuer, number, date, type, subject, signer), conf);
    }

    private static @Nullable LocalDate date(String d, String m, String y) {
        try {
            return LocalDate.of(Integer.parseInt(y), Integer.parseInt(m), Integer.parseInt(d));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * "12 / qđ - btl86" → "12/QĐ-BTL86". A type part that is no known abbreviation but becomes one without a letter read
     * twice ("QĐĐ", Tesseract's habit on a bold Đ) is corrected.
     */
    static String notation(String raw) {
        String n = raw.replaceAll("\\s+", "").replace('–', '-').toUpperCase(VI);
        int slash = n.indexOf('/');
        int dash = n.indexOf('-', slash + 1);
        if (slash < 0 || dash < 0) return n;
        String type = n.substring(slash + 1, dash);
        if (known(type)) return n;
        String once = type.replaceAll("(\\p{L})\\1+", "$1");
        return known(once) ? n.substring(0, slash + 1) + once + n.substring(dash) : n;
    }

    private static boolean known(String abbreviation) {
        String f = VietnameseText.fold(abbreviation);
        return TYPES.values().stream().anyMatch(a -> !a.isEmpty() && VietnameseText.fold(a).equals(f));
    }

    /** OCR's look-alikes of Vietnamese letters: Icelandic eth for đ (Vietnamese has no eth). */
    public static String repair(String text) {
        return text.replace('\u00d0', 'Đ').replace('\u00f0', 'đ');
    }

    /** The type abbreviation of "12/QĐ-BTL86" ("QĐ"), or null for a công văn ("05/BTL86-VP" has no type part known). */
    private static @Nullable String abbreviation(String number) {
        int slash = number.indexOf('/');
        int dash = number.indexOf('-', slash + 1);
        return slash < 0 || dash < 0 ? null : number.substring(slash + 1, dash);
    }

    /** Where the right column starts on a page: at "CỘNG HÒA…" of the heading, else the middle of the widest line. */
    private static int boundary(List<Line> lines) {
        int widest = 0;
        for (Line l : lines) {
            widest = Math.max(widest, l.text.length());
            for (Segment s : l.segments) {
                if (s.folded().startsWith("cong hoa") && s.start > 0) return s.start - 2;
            }
        }
        return Math.max(20, widest / 2);
    }

    record Segment(int start, String text) {
        String folded() {
            return VietnameseText.fold(text);
        }
    }

    record Line(String text, Folded folded, List<Segment> segments, boolean blankBefore) {}

    private static List<Line> lines(String page) {
        var out = new ArrayList<Line>();
        boolean blank = false;
        for (String raw : repair(VietnameseText.nfc(page)).split("\\R")) {
            if (raw.isBlank()) {
                blank = true;
                continue;
            }
            var segments = new ArrayList<Segment>();
            Matcher m = COLUMNS.matcher(raw);
            while (m.find()) segments.add(new Segment(m.start(), m.group()));
            out.add(new Line(raw, Folded.of(raw), segments, blank));
            blank = false;
        }
        return out;
    }

    /** Text folded a character at a time, remembering where each folded character came from. */
    record Folded(String source, String text, int[] origin) {
        static Folded of(String s) {
            var b = new StringBuilder(s.length());
            int[] origin = new int[s.length() * 2 + 1];
            for (int i = 0; i < s.length(); i++) {
                String f = VietnameseText.fold(String.valueOf(s.charAt(i)));
                for (int k = 0; k < f.length(); k++) {
                    if (b.length() >= origin.length) origin = java.util.Arrays.copyOf(origin, origin.length * 2);
                    origin[b.length()] = i;
                    b.append(f.charAt(k));
                }
            }
            return new Folded(s, b.toString(), origin);
        }

        /** The original text behind folded[start, end). */
        String original(int start, int end) {
            if (end <= start) return "";
            return source.substring(origin[start], origin[end - 1] + 1);
        }
    }
}
