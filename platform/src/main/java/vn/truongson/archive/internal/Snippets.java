package vn.truongson.archive.internal;

import java.util.List;
import vn.truongson.core.VietnameseText;

/** A short piece of a page's text around the first of the searched words, found with diacritics folded on both sides. */
public final class Snippets {

    private Snippets() {}

    /**
     * @param terms folded words ("chuyen", "doi", "so")
     * @return about {@code width} characters of the original text, the words as typed together, else the first of them found, marked by « », with "…" where cut
     */
    public static String around(String text, List<String> terms, int width) {
        String line = text.replaceAll("\\s+", " ").strip();
        Proposer.Folded f = Proposer.Folded.of(line);
        // The words together as typed first ("chuyen doi so"), else the first word found in the query's order.
        var candidates = new java.util.ArrayList<String>();
        if (terms.size() > 1) candidates.add(String.join(" ", terms));
        candidates.addAll(terms);
        int best = -1, bestEnd = -1;
        for (String t : candidates) {
            if (t.isEmpty()) continue;
            int at = word(f.text(), t);
            if (at >= 0) {
                best = at;
                bestEnd = at + t.length();
                break;
            }
        }
        if (best < 0) return line.length() <= width ? line : line.substring(0, width).strip() + "…";
        int start = f.origin()[best];
        int end = f.origin()[bestEnd - 1] + 1;
        int from = Math.max(0, start - width / 2);
        int to = Math.min(line.length(), Math.max(end, from + width));
        if (from > 0) {
            int space = line.indexOf(' ', from);
            if (space >= 0 && space < start) from = space + 1;
        }
        if (to < line.length()) {
            int space = line.lastIndexOf(' ', to);
            if (space > end) to = space;
        }
        return (from > 0 ? "…" : "") + line.substring(from, start) + "«" + line.substring(start, end) + "»" + line.substring(end, to)
                + (to < line.length() ? "…" : "");
    }

    /** Where {@code term} starts as a whole word in folded text, or -1. */
    private static int word(String folded, String term) {
        int at = folded.indexOf(term);
        while (at >= 0) {
            boolean startOk = at == 0 || !Character.isLetterOrDigit(folded.charAt(at - 1));
            int e = at + term.length();
            boolean endOk = e == folded.length() || !Character.isLetterOrDigit(folded.charAt(e));
            if (startOk && endOk) return at;
            at = folded.indexOf(term, at + 1);
        }
        return -1;
    }

    /** The words of a query, folded ("Chuyển đổi số" → chuyen, doi, so). */
    public static List<String> terms(String q) {
        return List.of(VietnameseText.fold(q).split("[^\\p{L}\\p{N}]+")).stream().filter(s -> !s.isEmpty()).toList();
    }
}
