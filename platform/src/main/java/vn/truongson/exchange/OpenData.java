package vn.truongson.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import vn.truongson.core.DomainException;
import vn.truongson.core.ListWorkbook;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.org.Units;

/**
 * The catalogue as open data (docs/exchange.md "Open data"): the list of data sets (each service a data set, with its
 * fields and where to get it), an OpenAPI 3.1 description generated per service, and the catalogue as an Excel
 * workbook. All read through {@link Catalogue}, so within the reader's level like the catalogue itself: a service he
 * may not see is not there (404, as a missing one).
 */
@Service
public class OpenData {

    /** One data set: a service of a system, as an open-data catalogue lists it (after DCAT's dataset and distribution). */
    public record Dataset(String identifier, String system, String service, String title, String systemName, String publisher, String secrecy,
            String status, List<Map<String, String>> fields, String accessUrl, String openapiUrl) {}

    private final Catalogue catalogue;
    private final Units units;
    private final Databases databases;
    private final OpenApiDocuments documents;

    OpenData(Catalogue catalogue, Units units, Databases databases, OpenApiDocuments documents) {
        this.documents = documents;
        this.databases = databases;
        this.catalogue = catalogue;
        this.units = units;
    }

    /** Every service the reader may see, as a data set; {@code q} as the catalogue's search. */
    public List<Dataset> datasets(String base, @org.jspecify.annotations.Nullable String q, int limit) {
        List<InfoSystem> systems = catalogue.list(q, limit);
        Map<Long, String> names = units.names(systems.stream().map(InfoSystem::ownerUnitId).toList());
        List<Dataset> out = new ArrayList<>();
        java.util.Set<Long> own = documents.present(systems.stream().flatMap(s -> s.services().stream()).map(Model.Service::id).toList());
        for (InfoSystem s : systems) {
            for (Model.Service v : s.services()) {
                out.add(new Dataset(s.code() + "/" + v.code(), s.code(), v.code(), v.name(), s.name(), names.getOrDefault(s.ownerUnitId(), ""),
                        v.secrecy().name(), s.status().name(),
                        v.fields().stream().map(f -> Map.of("name", f.name(), "classification", f.classification().name())).toList(),
                        base + "/x/" + s.code() + "/" + v.code(),
                        own.contains(v.id()) ? base + "/api/v1/exchange/systems/" + s.code() + "/services/" + v.code() + "/openapi"
                                : openapiPath(base, s.code(), v.code())));
            }
        }
        return out;
    }

    public static String openapiPath(String base, String system, String service) {
        return base + "/api/v1/exchange/systems/" + system + "/services/" + service + "/openapi.json";
    }

    /**
     * The OpenAPI 3.1 description of one service as the mediator offers it: the mediated path (and its sub-paths),
     * the system token (OAuth 2.0 client credentials at /oauth2/token), the record with its fields (each with
     * {@code x-classification}; a consumer receives only those its agreement grants) and the mediator's refusals.
     */
    public Map<String, Object> openapi(String base, String systemCode, String serviceCode) {
        InfoSystem s = catalogue.get(systemCode);
        Model.Service v = s.services().stream().filter(x -> x.code().equals(serviceCode)).findFirst()
                .orElseThrow(() -> new DomainException.NotFound("exchange-service", serviceCode));
        Map<String, Object> props = new LinkedHashMap<>();
        for (Model.Field f : v.fields()) {
            props.put(f.name(), map("description", f.classification().vietnamese(), "x-classification", f.classification().name()));
        }
        Map<String, Object> record = map("type", "object", "properties", props,
                "description", "Chỉ các trường được thỏa thuận cho phép được trả về; trường khác bị lọc bỏ tại nền tảng.");
        Map<String, Object> ok = map("description", "Trả lời của hệ thống cung cấp, đã lọc theo thỏa thuận",
                "content", map("application/json", map("schema", map("oneOf", List.of(map("$ref", "#/components/schemas/Record"),
                        map("type", "array", "items", map("$ref", "#/components/schemas/Record")))))));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("200", ok);
        for (String[] r : new String[][] {{"401", "Hệ thống gọi chưa được xác thực"}, {"403", "Không có thỏa thuận có hiệu lực, hoặc vùng mạng không phù hợp"},
                {"404", "Không có hệ thống hoặc dịch vụ này"}, {"413", "Nội dung yêu cầu quá lớn"}, {"429", "Vượt hạn mức lượt gọi của thỏa thuận (Retry-After)"},
                {"502", "Hệ thống cung cấp trả lời không hợp lệ"}, {"503", "Hệ thống cung cấp tạm thời không phục vụ được (Retry-After)"}}) {
            responses.put(r[0], map("description", r[1], "content", map("application/problem+json", map("schema", map("$ref", "#/components/schemas/Problem")))));
        }
        String path = "/x/" + s.code() + "/" + v.code();
        String opId = (s.code() + "_" + v.code()).replaceAll("[^A-Za-z0-9_]", "_");
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(path, map("get", map("operationId", opId, "summary", v.name(), "responses", responses)));
        paths.put(path + "/{rest}", map("get", map("operationId", opId + "_sub", "summary", v.name() + " (đường dẫn con)",
                "parameters", List.of(map("name", "rest", "in", "path", "required", true, "schema", map("type", "string"))), "responses", responses)));
        Map<String, Object> problem = map("type", "object", "properties", map("type", map("type", "string"), "title", map("type", "string"),
                "status", map("type", "integer"), "detail", map("type", "string")));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", map("title", v.name() + " (" + s.code() + "/" + v.code() + ")", "version", "1",
                "description", "Dịch vụ " + v.code() + " của hệ thống " + s.name() + ", khai thác qua nền tảng tích hợp, chia sẻ dữ liệu Trường Sơn "
                        + "theo thỏa thuận (Nghị định 47/2020/NĐ-CP). Độ mật: " + v.secrecy().vietnamese() + ".",
                "x-system", s.code(), "x-service", v.code(), "x-secrecy", v.secrecy().name()));
        doc.put("servers", List.of(map("url", base)));
        doc.put("security", List.of(map("systemToken", List.of())));
        doc.put("paths", paths);
        doc.put("components", map("securitySchemes", map("systemToken", map("type", "oauth2", "description",
                        "Thông tin xác thực của hệ thống khai thác (OAuth 2.0 client credentials)",
                        "flows", map("clientCredentials", map("tokenUrl", base + "/oauth2/token", "scopes", map())))),
                "schemas", map("Record", record, "Problem", problem)));
        return doc;
    }

    /**
     * The catalogue as a workbook: one line per service and one per data set of its databases (a system with neither:
     * one line), within the reader's level (a database above it is left out like a hidden service).
     */
    public byte[] workbook(@org.jspecify.annotations.Nullable String q) {
        List<InfoSystem> systems = catalogue.list(q, ListWorkbook.MAX_ROWS);
        Map<Long, String> names = units.names(systems.stream().map(InfoSystem::ownerUnitId).toList());
        Map<Long, List<Databases.Database>> dbs = databases.of(systems);
        List<List<?>> rows = new ArrayList<>();
        for (InfoSystem s : systems) {
            List<Object> head = List.of(s.code(), s.name(), names.getOrDefault(s.ownerUnitId(), ""), s.purpose(), s.securityLevel(),
                    s.secrecy().vietnamese(), String.join("; ", s.zones().stream().map(z -> z.vietnamese()).toList()), s.status().vietnamese());
            List<Databases.Database> own = dbs.getOrDefault(s.id(), List.of());
            if (s.services().isEmpty() && own.isEmpty()) rows.add(concat(head, List.of("", "", "", "", "", "", "")));
            for (Model.Service v : s.services()) {
                rows.add(concat(head, List.of(v.code(), v.name(), v.secrecy().vietnamese(), fieldList(v.fields()), "", "", "")));
            }
            for (Databases.Database d : own) {
                if (d.datasets().isEmpty()) rows.add(concat(head, List.of("", "", "", "", d.code() + " – " + d.name(), d.secrecy().vietnamese(), "")));
                for (Databases.Dataset t : d.datasets()) {
                    rows.add(concat(head, List.of("", "", "", fieldList(t.fields()), d.code() + " – " + d.name(), d.secrecy().vietnamese(),
                            t.code() + " – " + t.name())));
                }
            }
            if (rows.size() >= ListWorkbook.MAX_ROWS) break;
        }
        return ListWorkbook.xlsx("Danh mục hệ thống", List.of("Mã hệ thống", "Tên hệ thống", "Đơn vị chủ quản", "Mục đích", "Cấp độ", "Độ mật",
                "Vùng mạng", "Trạng thái", "Mã dịch vụ", "Tên dịch vụ", "Độ mật dịch vụ", "Trường dữ liệu (phân loại)", "Cơ sở dữ liệu", "Độ mật CSDL",
                "Tập dữ liệu"), rows);
    }

    private static String fieldList(List<Model.Field> fields) {
        return String.join("; ", fields.stream().map(f -> f.name() + " (" + f.classification().vietnamese() + ")").toList());
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
