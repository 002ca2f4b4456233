package vn.truongson.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The registered message types: only these cross, each in its direction, each with a schema for its payload, a size
 * limit and the file kinds it may carry. Everything else is refused.
 */
public final class MessageTypes {

    /** Which way a type may cross. */
    public enum Direction {
        LOW_TO_HIGH, HIGH_TO_LOW, BOTH;

        boolean allows(Side from) {
            return this == BOTH || (this == LOW_TO_HIGH) == (from == Side.LOW);
        }
    }

    /** A payload field: its JSON kind, whether required, a pattern for strings, a maximum length. */
    public record Field(String kind, boolean required, Pattern pattern, int maxLength, Map<String, Field> fields) {
        static Field text(boolean required, int maxLength) {
            return new Field("string", required, null, maxLength, Map.of());
        }

        static Field text(boolean required, String pattern) {
            return new Field("string", required, Pattern.compile(pattern), 200, Map.of());
        }

        static Field object(boolean required, Map<String, Field> fields) {
            return new Field("object", required, null, 0, fields);
        }
    }

    /** One type. */
    public record Type(String name, String title, Direction direction, Map<String, Field> schema, Set<FileKind> files, int maxFiles,
            long maxBytes) {}

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        Map<String, Field> applicant = ordered("fullName", Field.text(true, 200), "idNumber", Field.text(true, "\\d{12}"),
                "phone", Field.text(false, "[0-9+ ]{8,15}"), "email", Field.text(false, 200));
        register(new Type("dossier.envelope", "Hồ sơ thủ tục hành chính của công dân", Direction.LOW_TO_HIGH,
                ordered("dossierCode", Field.text(true, "[A-Za-z0-9.\\-/]{3,40}"), "procedureCode", Field.text(true, "[A-Za-z0-9.\\-]{2,40}"),
                        "submittedAt", Field.text(true, "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?"),
                        "applicant", Field.object(true, applicant), "form", new Field("object", false, null, 0, Map.of())),
                Set.of(FileKind.PDF, FileKind.PNG, FileKind.JPEG, FileKind.OOXML), 20, 30L * 1024 * 1024));
        // The citizen's answer to a supplement request (Mẫu 02), filed on the low side for a dossier that crossed.
        register(new Type("dossier.supplement", "Hồ sơ bổ sung của công dân", Direction.LOW_TO_HIGH,
                ordered("dossierCode", Field.text(true, "[A-Za-z0-9.\\-/]{3,40}"), "answeredAt", Field.text(true, "\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?"),
                        "note", Field.text(false, 2000)),
                Set.of(FileKind.PDF, FileKind.PNG, FileKind.JPEG, FileKind.OOXML), 20, 30L * 1024 * 1024));
        register(new Type("dossier.result", "Kết quả giải quyết hồ sơ", Direction.HIGH_TO_LOW,
                ordered("dossierCode", Field.text(true, "[A-Za-z0-9.\\-/]{3,40}"), "outcome", Field.text(true, "APPROVED|REJECTED|RETURNED"),
                        "note", Field.text(false, 2000)),
                Set.of(FileKind.PDF), 5, 20L * 1024 * 1024));
        register(new Type("dossier.notice", "Thông báo trạng thái hồ sơ", Direction.HIGH_TO_LOW,
                ordered("dossierCode", Field.text(true, "[A-Za-z0-9.\\-/]{3,40}"), "status", Field.text(true, "[A-Z_]{3,30}"),
                        "message", Field.text(true, 1000)),
                Set.of(), 0, 64L * 1024));
        register(new Type("edxml.package", "Gói tin văn bản điện tử edXML", Direction.BOTH,
                ordered("documentCode", Field.text(true, 100), "from", Field.text(true, 200), "to", Field.text(true, 200),
                        "subject", Field.text(true, 1000)),
                Set.of(FileKind.XML, FileKind.PDF, FileKind.PNG, FileKind.JPEG, FileKind.OOXML), 10, 30L * 1024 * 1024));
    }

    private MessageTypes() {}

    private static void register(Type t) {
        TYPES.put(t.name(), t);
    }

    private static Map<String, Field> ordered(Object... kv) {
        Map<String, Field> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Field) kv[i + 1]);
        return m;
    }

    public static Optional<Type> find(String name) {
        return Optional.ofNullable(TYPES.get(name));
    }

    public static List<Type> all() {
        return List.copyOf(TYPES.values());
    }

    /** The first schema violation of the payload ("field: problem"), or empty. */
    public static Optional<String> violation(Type t, JsonNode payload) {
        if (payload == null || !payload.isObject()) return Optional.of("payload: phải là một đối tượng JSON");
        return violation("payload", t.schema(), payload);
    }

    private static Optional<String> violation(String path, Map<String, Field> schema, JsonNode node) {
        for (var names = node.propertyNames().iterator(); names.hasNext(); ) {
            String n = names.next();
            if (!schema.containsKey(n)) return Optional.of(path + "." + n + ": trường không có trong lược đồ của loại tin");
        }
        for (var e : schema.entrySet()) {
            String p = path + "." + e.getKey();
            Field f = e.getValue();
            JsonNode v = node.get(e.getKey());
            if (v == null || v.isNull()) {
                if (f.required()) return Optional.of(p + ": bắt buộc");
                continue;
            }
            if (f.kind().equals("string")) {
                if (!v.isString()) return Optional.of(p + ": phải là chuỗi");
                String s = v.asString();
                if (s.isBlank() && f.required()) return Optional.of(p + ": bắt buộc");
                if (f.pattern() != null && !f.pattern().matcher(s).matches()) return Optional.of(p + ": không đúng định dạng");
                if (f.pattern() == null && s.length() > f.maxLength()) return Optional.of(p + ": dài quá " + f.maxLength() + " ký tự");
            } else {
                if (!v.isObject()) return Optional.of(p + ": phải là đối tượng");
                if (!f.fields().isEmpty()) {
                    Optional<String> inner = violation(p, f.fields(), v);
                    if (inner.isPresent()) return inner;
                } else if (v.toString().length() > 64 * 1024) {
                    return Optional.of(p + ": lớn quá 64 KiB");
                }
            }
        }
        return Optional.empty();
    }
}
