package vn.truongson.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public API contract v1 (API.md), described at /v3/api-docs and browsable at /swagger-ui.html.
 *
 * <p>Lint clean under Redocly's recommended rules (OpenApiLintTest), set here once for every operation rather than
 * on each controller: a summary (the {@code @Operation} one when a controller gives it, otherwise the handler's name in
 * words), the RFC 9457 answers 400, 401, 403 and 404 as {@code application/problem+json} with the {@code Problem}
 * schema, unique operation ids, and one relative server {@code /} — the origin the client used, whether a node or the
 * proxy in front.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_SCHEMA = "Problem";

    /** The 4xx answers every operation may give, with what they mean in this API. */
    static final Map<String, String> CLIENT_ERRORS = answers();

    private static Map<String, String> answers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("400", "Bad input: the problem names each field and the reason (errors[].field, errors[].message), in the request's language");
        m.put("401", "No valid bearer token (or, on POST /api/v1/auth/token, wrong credentials or a second factor needed)");
        m.put("403", "Signed in, but the role needed for this unit is not granted");
        m.put("404", "No such resource, or one the caller may not know exists (above their clearance or zone)");
        return m;
    }

    @Bean
    OpenAPI truongSonOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Trường Sơn API").version("v1")
                        .description("Nền tảng Chính phủ điện tử Bộ Quốc phòng. Lấy token: POST /api/v1/auth/token; "
                                + "gửi kèm Authorization: Bearer <accessToken>. Lỗi theo RFC 9457, ngôn ngữ theo Accept-Language (vi, en).")
                        .contact(new Contact().name("Trường Sơn — quản trị nền tảng").url("/"))
                        .license(new License().name("Bộ Quốc phòng — sử dụng nội bộ (proprietary)").url("/")))
                .servers(List.of(new Server().url("/").description("The origin of the request (a node, or the proxy in front)")))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSchemas(PROBLEM_SCHEMA, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema<?> problemSchema() {
        Schema error = new ObjectSchema()
                .addProperty("field", new StringSchema().description("The input field, e.g. changeTasks[0].taskId"))
                .addProperty("message", new StringSchema().description("Why, in the request's language"));
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").description("https://truongson.mil.vn/problems/<kind>"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().format("int32"))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("errors", new ArraySchema().items(error).description("One entry per field at fault (400)"));
    }

    /** A summary and the problem answers on each operation, as springdoc builds it. */
    @Bean
    OperationCustomizer summariesAndProblems() {
        return (operation, handler) -> {
            if (operation.getSummary() == null || operation.getSummary().isBlank()) {
                operation.setSummary(summary(handler.getMethod()));
            }
            addProblems(operation);
            return operation;
        };
    }

    /** Over the whole document: operations springdoc did not build from a handler, and operation ids made unique. */
    @Bean
    OpenApiCustomizer wholeDocument() {
        return openApi -> {
            if (openApi.getPaths() == null) return;
            Set<String> ids = new HashSet<>();
            openApi.getPaths().forEach((path, item) -> {
                for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                    Operation op = e.getValue();
                    if (op.getSummary() == null || op.getSummary().isBlank()) {
                        op.setSummary(e.getKey().name() + " " + path);
                    }
                    addProblems(op);
                    String id = op.getOperationId() == null ? e.getKey().name().toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_")
                            : op.getOperationId();
                    String unique = id;
                    for (int n = 2; !ids.add(unique); n++) unique = id + "_" + n;
                    op.setOperationId(unique);
                }
            });
        };
    }

    static void addProblems(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> e : CLIENT_ERRORS.entrySet()) {
            ApiResponse existing = responses.get(e.getKey());
            if (existing == null) {
                responses.addApiResponse(e.getKey(), problem(e.getValue()));
            } else if (existing.getContent() == null || existing.getContent().isEmpty() || existing.getContent().containsKey("*/*")) {
                // springdoc's own guess from an exception handler ("*/*" of some type): the answer is a problem.
                if (existing.getDescription() == null || existing.getDescription().isBlank()) existing.setDescription(e.getValue());
                existing.setContent(problemContent());
            }
        }
    }

    static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(problemContent());
    }

    static Content problemContent() {
        return new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }

    /**
     * The handler's name in words; a bare noun ("unit", "zones") gets the verb of its HTTP method: "Get unit".
     */
    static String summary(java.lang.reflect.Method method) {
        String s = words(method.getName());
        if (s.contains(" ")) return s;
        var mapping = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(method,
                org.springframework.web.bind.annotation.RequestMapping.class);
        if (mapping == null || mapping.method().length != 1) return s;
        String verb = switch (mapping.method()[0]) {
            case GET -> "Get";
            case POST -> "Create";
            case PUT -> "Replace";
            case PATCH -> "Change";
            case DELETE -> "Delete";
            default -> null;
        };
        return verb == null ? s : verb + " " + s.toLowerCase(Locale.ROOT);
    }

    /** "listOfficialGrants" → "List official grants". */
    static String words(String methodName) {
        String spaced = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2").toLowerCase(Locale.ROOT).trim();
        if (spaced.isEmpty()) return methodName;
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
