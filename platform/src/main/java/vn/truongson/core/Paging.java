package vn.truongson.core;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One page of a list on the screens (issue 13), for the shared pager {@code fragments/pager :: pager(p, id)}: the page
 * asked (1-based, anything unreadable is page 1), and the links to the previous and next pages keeping every filter of
 * the address (only {@code page} changes), so a filtered list can be shared and reloaded. {@code total} is -1 when the
 * list only knows whether there is more ({@code hasNext}).
 */
public record Paging(int page, int size, long total, boolean hasNext, String previous, String next) {

    public static final int MAX_PAGE = 100_000;

    /** The page asked in {@code raw}: 1 when absent, unreadable, below 1 or absurdly high. */
    public static int page(@org.jspecify.annotations.Nullable String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 6) return 1;
        try {
            int p = Integer.parseInt(raw.strip());
            return p < 1 || p > MAX_PAGE ? 1 : p;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A list whose length is known: {@code page} is brought within it. */
    public static Paging of(HttpServletRequest req, int page, int size, long total) {
        int last = (int) Math.max(1, (total + size - 1) / size);
        int p = Math.clamp(page, 1, last);
        return new Paging(p, size, total, p < last, link(req, p - 1), link(req, p + 1));
    }

    /** A list that only knows whether a further page exists. */
    public static Paging open(HttpServletRequest req, int page, int size, boolean hasNext) {
        return new Paging(page, size, -1, hasNext, link(req, page - 1), link(req, page + 1));
    }

    /** The rows of this page out of the whole list. */
    public <T> List<T> slice(List<T> all) {
        int from = Math.min(all.size(), (page - 1) * size);
        return all.subList(from, Math.min(all.size(), from + size));
    }

    public int offset() { return (page - 1) * size; }

    public long pages() { return total < 0 ? -1 : Math.max(1, (total + size - 1) / size); }

    public boolean hasPrevious() { return page > 1; }

    /** Whether a pager is worth drawing at all. */
    public boolean needed() { return page > 1 || hasNext; }

    public long first() { return total == 0 ? 0 : (long) (page - 1) * size + 1; }

    public long last() { return total < 0 ? (long) page * size : Math.min(total, (long) page * size); }

    /** {@code path} with every parameter of this request but {@code page}: the same list, elsewhere (its export). */
    public static String sameFilters(HttpServletRequest req, String path) {
        String link = link(req, 1);
        int q = link.indexOf('?');
        return q < 0 ? path : path + link.substring(q);
    }

    private static String link(HttpServletRequest req, int page) {
        var q = new StringBuilder();
        for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
            if (e.getKey().equals("page") || e.getKey().equals("_csrf")) continue;
            for (String v : e.getValue()) {
                q.append(q.isEmpty() ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        if (page > 1) q.append(q.isEmpty() ? "" : "&").append("page=").append(page);
        return req.getRequestURI() + (q.isEmpty() ? "" : "?" + q);
    }
}
