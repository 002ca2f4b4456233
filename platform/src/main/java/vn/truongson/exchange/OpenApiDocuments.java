package vn.truongson.exchange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.exchange.Model.InfoSystem;
import vn.truongson.files.FileStore;

/**
 * A service's own OpenAPI document, uploaded by its provider's owner or fetched from the provider's registered
 * address (docs/exchange.md "A service's OpenAPI document"). Parsed before anything is kept, and refused (400 naming
 * the field, {@code file} or {@code url}, with the reason) when it is over {@link #MAX_BYTES}, not UTF-8, not JSON or
 * YAML, nested deeper than {@link #MAX_DEPTH}, larger than {@link #MAX_NODES} nodes, a YAML document with more than
 * {@link #MAX_ALIASES} aliases (billion laughs) or with tags, with a {@code $ref} that is not local ({@code #/…}), or
 * not an OpenAPI 3 document ({@code openapi: 3.x} and {@code paths} required). Kept as given in the file store; read
 * within the catalogue's rules (a hidden service: 404 as a missing one).
 */
@Service
public class OpenApiDocuments {

    public static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;
    static final int MAX_NODES = 100_000;
    static final int MAX_ALIASES = 20;

    /** A kept document: its bytes' SHA-256 in the file store, the media type it is served with, where it came from. */
    public record Stored(long serviceId, String sha256, String mediaType, String source, @Nullable String sourceUrl, @Nullable String fileName,
            String version, int size, Instant storedAt) {}

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_BYTES)
                            .maxStringLength(MAX_BYTES).maxNumberLength(100).maxNameLength(10_000).build())
                    .build())
            .build();

    private final JdbcClient jdbc;
    private final Catalogue catalogue;
    private final FileStore files;
    private final AuditTrail audit;
    private final ExchangeProperties props;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    OpenApiDocuments(JdbcClient jdbc, Catalogue catalogue, FileStore files, AuditTrail audit, ExchangeProperties props,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.jdbc = jdbc;
        this.catalogue = catalogue;
        this.files = files;
        this.audit = audit;
        this.props = props;
    }

    // ---- parsing (static: no state, tested on its own) ----------------------------------------------

    /** What a parsed document says of itself. */
    public record Parsed(String mediaType, String version) {}

    /**
     * Checks a document; {@code field} names the input in a refusal. JSON when the name ends in .json or the content
     * starts with '{', YAML otherwise.
     */
    public static Parsed parse(byte[] bytes, @Nullable String name, String field) {
        if (bytes.length == 0) throw bad(field, "problem.exchange.openapi.empty");
        if (bytes.length > MAX_BYTES) throw new DomainException.BadInput(field, "problem.exchange.openapi.too-large", MAX_BYTES / 1024);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad(field, "problem.exchange.openapi.not-utf8");
        }
        if (text.indexOf('\0') >= 0) throw bad(field, "problem.exchange.openapi.not-utf8");
        String lower = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        boolean json = lower.endsWith(".json") || (!lower.endsWith(".yaml") && !lower.endsWith(".yml") && text.stripLeading().startsWith("{"));
        Object root;
        if (json) {
            try {
                root = JSON.readValue(text, Object.class);
            } catch (StreamConstraintsException e) {
                throw bad(field, "problem.exchange.openapi.too-deep");
            } catch (JacksonException e) {
                throw bad(field, "problem.exchange.openapi.syntax");
            }
        } else {
            LoaderOptions o = new LoaderOptions();
            o.setMaxAliasesForCollections(MAX_ALIASES);
            o.setAllowRecursiveKeys(false);
            o.setAllowDuplicateKeys(false);
            o.setNestingDepthLimit(MAX_DEPTH);
            o.setCodePointLimit(MAX_BYTES);
            o.setProcessComments(false);
            try {
                List<Object> docs = new java.util.ArrayList<>();
                for (Object d : new Yaml(new SafeConstructor(o)).loadAll(text)) {
                    docs.add(d);
                    if (docs.size() > 1) throw bad(field, "problem.exchange.openapi.syntax");
                }
                root = docs.isEmpty() ? null : docs.getFirst();
            } catch (YAMLException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("aliases")) throw bad(field, "problem.exchange.openapi.aliases");
                if (m.contains("Nesting Depth") || m.contains("nesting depth")) throw bad(field, "problem.exchange.openapi.too-deep");
                if (m.contains("code points")) throw new DomainException.BadInput(field, "problem.exchange.openapi.too-large", MAX_BYTES / 1024);
                throw bad(field, "problem.exchange.openapi.syntax");
            } catch (StackOverflowError e) {
                throw bad(field, "problem.exchange.openapi.too-deep");
            }
        }
        walk(root, 0, new int[1], field, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        if (!(root instanceof Map<?, ?> doc)) throw bad(field, "problem.exchange.openapi.not-openapi");
        Object version = doc.get("openapi");
        if (!(version instanceof String v) || !v.matches("3\\.[0-9]+\\.[0-9]+(-[A-Za-z0-9.]+)?")) throw bad(field, "problem.exchange.openapi.not-openapi");
        if (!(doc.get("paths") instanceof Map<?, ?>)) throw bad(field, "problem.exchange.openapi.no-paths");
        if (!(doc.get("info") instanceof Map<?, ?>)) throw bad(field, "problem.exchange.openapi.no-info");
        return new Parsed(json ? "application/json" : "application/yaml", v);
    }

    /**
     * Every node once, by identity (a YAML alias shares its node: counted once, and a recursive one ends here): no more
     * than {@link #MAX_NODES}, no deeper than {@link #MAX_DEPTH}, every {@code $ref} local.
     */
    private static void walk(@Nullable Object n, int depth, int[] count, String field, java.util.Set<Object> seen) {
        if (++count[0] > MAX_NODES) throw bad(field, "problem.exchange.openapi.too-many-nodes");
        if (depth > MAX_DEPTH) throw bad(field, "problem.exchange.openapi.too-deep");
        if (n instanceof Map<?, ?> m) {
            if (!seen.add(m)) return;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if ("$ref".equals(e.getKey()) && !(e.getValue() instanceof String ref && ref.startsWith("#/"))) {
                    throw bad(field, "problem.exchange.openapi.external-ref");
                }
                walk(e.getValue(), depth + 1, count, field, seen);
            }
        } else if (n instanceof List<?> l) {
            if (!seen.add(l)) return;
            for (Object x : l) walk(x, depth + 1, count, field, seen);
        }
    }

    private static DomainException.BadInput bad(String field, String key) {
        return new DomainException.BadInput(field, key);
    }

    // ---- keeping and reading --------------------------------------------------------------------------

    /** Keeps an uploaded document for a service, as its provider's owner; replaces the previous one. Audited. */
    @Transactional
    public Stored upload(String systemCode, String serviceCode, InputStream in, @Nullable String fileName) {
        InfoSystem s = catalogue.managed(systemCode);
        Model.Service v = service(s, serviceCode);
        String name = fileName == null ? null : fileName.strip();
        if (name != null && (name.length() > 200 || !name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.(json|ya?ml)"))) {
            throw bad("file", "problem.exchange.openapi.extension");
        }
        byte[] bytes = readBounded(in, "file");
        return keep(s, v, bytes, name, "UPLOAD", null);
    }

    /**
     * Fetches a service's document from the provider: {@code url} must lie under the system's registered address
     * (never another host: the platform fetches nothing else), default {@code <endpoint>/openapi.json}. No redirects,
     * the mediator's timeouts, at most {@link #MAX_BYTES}; outside any transaction until the bytes are in. Audited.
     */
    public Stored fetch(String systemCode, String serviceCode, @Nullable String url) {
        InfoSystem s = catalogue.managed(systemCode);
        Model.Service v = service(s, serviceCode);
        if (s.endpointBaseUrl() == null) throw bad("url", "problem.exchange.openapi.no-endpoint");
        String target = url == null || url.isBlank() ? s.endpointBaseUrl() + "/openapi.json" : url.strip();
        URI uri;
        try {
            if (target.length() > 500) throw new IllegalArgumentException();
            uri = new URI(target).normalize();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw bad("url", "problem.field.format");
        }
        URI base = URI.create(s.endpointBaseUrl());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!base.getScheme().equals(uri.getScheme()) || !base.getRawAuthority().equals(uri.getRawAuthority()) || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null || path.contains("..") || !(path + "/").startsWith(base.getRawPath() == null ? "/" : base.getRawPath() + "/")) {
            throw bad("url", "problem.exchange.openapi.url-outside");
        }
        byte[] bytes;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(props.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build()) {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(props.readTimeout()).header("Accept", "application/json, application/yaml")
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) throw new DomainException.BadInput("url", "problem.exchange.openapi.fetch-status", r.statusCode());
                bytes = readBounded(body, "url");
            }
        } catch (IOException e) {
            throw bad("url", "problem.exchange.openapi.fetch-failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw bad("url", "problem.exchange.openapi.fetch-failed");
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        byte[] got = bytes;
        return tx.execute(status -> keep(catalogue.managed(systemCode), v, got, lastSegment.isEmpty() ? null : lastSegment, "URL", uri.toString()));
    }

    private Stored keep(InfoSystem s, Model.Service v, byte[] bytes, @Nullable String name, String source, @Nullable String url) {
        Parsed p = parse(bytes, name, "URL".equals(source) ? "url" : "file");
        String sha = files.store(new ByteArrayInputStream(bytes), name == null ? "openapi" : name, MAX_BYTES).sha256();
        jdbc.sql("""
                insert into exchange_openapi (service_id, sha256, media_type, source, source_url, file_name, version, size, stored_by, stored_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                on conflict (service_id) do update set sha256 = excluded.sha256, media_type = excluded.media_type, source = excluded.source,
                    source_url = excluded.source_url, file_name = excluded.file_name, version = excluded.version, size = excluded.size,
                    stored_by = excluded.stored_by, stored_at = excluded.stored_at""")
                .params(v.id(), sha, p.mediaType(), source, url, name, p.version(), bytes.length, catalogue.actorId()).update();
        audit.record("exchange.openapi.store", "exchange-service:" + s.code() + "/" + v.code(), AuditTrail.SUCCESS,
                source + " " + p.mediaType() + " openapi:" + p.version() + " sha256:" + sha + (url == null ? "" : " url:" + url));
        return find(v.id()).orElseThrow();
    }

    /** The kept document of a service the reader may see; empty when none (404 for a hidden or missing service). */
    public Optional<Stored> of(String systemCode, String serviceCode) {
        return find(service(catalogue.get(systemCode), serviceCode).id());
    }

    /** Which of these services have a document of their own (for the screens and the data sets' links). */
    public java.util.Set<Long> present(List<Long> serviceIds) {
        if (serviceIds.isEmpty()) return java.util.Set.of();
        return java.util.Set.copyOf(jdbc.sql("select service_id from exchange_openapi where service_id = any(?)").param(serviceIds.toArray(Long[]::new))
                .query(Long.class).list());
    }

    /** The kept bytes (the caller closes the stream). */
    public InputStream open(Stored d) {
        return files.open(d.sha256());
    }

    private Optional<Stored> find(long serviceId) {
        return jdbc.sql("select service_id, sha256, media_type, source, source_url, file_name, version, size, stored_at from exchange_openapi where service_id = ?")
                .param(serviceId).query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8), rs.getTimestamp(9).toInstant())).optional();
    }

    private static Model.Service service(InfoSystem s, String code) {
        return s.services().stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow(() -> new DomainException.NotFound("exchange-service", code));
    }

    private static byte[] readBounded(InputStream in, String field) {
        try {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) throw new DomainException.BadInput(field, "problem.exchange.openapi.too-large", MAX_BYTES / 1024);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
