package vn.truongson.exchange.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import vn.truongson.core.Ids;
import vn.truongson.core.VietnameseText;
import vn.truongson.exchange.LocalService;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;

/**
 * {@code GET /x/TRUONGSON/units?q=}: the unit directory (danh bạ đơn vị) as a shared service — {@code [{id, code, name,
 * organId, parentId}]}, {@code q} matching code and name with diacritics folded. Served with no person: the directory
 * then holds only units of level Thường, as the service itself is Thường.
 */
@Component
class UnitDirectoryService implements LocalService {

    private final Units units;

    UnitDirectoryService(Units units) {
        this.units = units;
    }

    @Override
    public String service() {
        return "units";
    }

    @Override
    public Answer call(String method, String subPath, Map<String, List<String>> query) {
        if (!method.equals("GET") || !subPath.isEmpty()) return new Answer(404, Map.of("error", "not found"));
        List<String> qs = query.getOrDefault("q", List.of());
        String q = qs.isEmpty() || qs.getFirst().isBlank() ? null : VietnameseText.fold(VietnameseText.nfc(qs.getFirst().strip()));
        return new Answer(200, units.directory(5000).stream()
                .filter(u -> u.secrecy().rank() == 0)
                .filter(u -> q == null || VietnameseText.fold(u.code() + " " + u.name() + " " + u.shortName()).contains(q))
                .map(UnitDirectoryService::view).toList());
    }

    private static Map<String, Object> view(Unit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Ids.str(u.id()));
        m.put("code", u.code());
        m.put("name", u.name());
        m.put("organId", u.organId());
        m.put("parentId", u.parentId() == null ? null : Ids.str(u.parentId()));
        return m;
    }
}
