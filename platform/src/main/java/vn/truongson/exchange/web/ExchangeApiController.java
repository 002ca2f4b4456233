package vn.truongson.exchange.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.exchange.Agreements;
import vn.truongson.exchange.Catalogue;
import vn.truongson.exchange.Credentials;
import vn.truongson.exchange.Databases;
import vn.truongson.exchange.OpenApiDocuments;
import vn.truongson.exchange.LogSeals;
import vn.truongson.exchange.MessageLog;
import vn.truongson.exchange.Model;
import vn.truongson.exchange.OpenData;

/** API.md "Data sharing (exchange)", and the additions of docs/exchange.md. */
@RestController
@RequestMapping("/api/v1/exchange")
@Tag(name = "Chia sẻ dữ liệu / Data sharing")
class ExchangeApiController {

    record FieldView(String name, String classification) {}

    record ServiceView(String code, String name, String path, String secrecy, List<FieldView> fields) {
        static ServiceView of(Model.Service s) {
            return new ServiceView(s.code(), s.name(), s.path(), s.secrecy().name(),
                    s.fields().stream().map(f -> new FieldView(f.name(), f.classification().name())).toList());
        }
    }

    record SystemView(String code, String name, String ownerUnitId, String purpose, int securityLevel, String secrecy, List<String> zones, String status,
            @Nullable String endpointBaseUrl, @Nullable String contact, List<ServiceView> services) {
        static SystemView of(Model.InfoSystem s) {
            return new SystemView(s.code(), s.name(), Ids.str(s.ownerUnitId()), s.purpose(), s.securityLevel(), s.secrecy().name(),
                    s.zones().stream().map(z -> z.id()).toList(), s.status().name(), s.endpointBaseUrl(), s.contact(),
                    s.services().stream().map(ServiceView::of).toList());
        }
    }

    record DatasetView(String code, String name, @Nullable String description, List<FieldView> fields) {
        static DatasetView of(Databases.Dataset d) {
            return new DatasetView(d.code(), d.name(), d.description(),
                    d.fields().stream().map(f -> new FieldView(f.name(), f.classification().name())).toList());
        }
    }

    record DatabaseView(String system, String code, String name, @Nullable String description, String secrecy, List<DatasetView> datasets) {
        static DatabaseView of(Databases.Database d) {
            return new DatabaseView(d.systemCode(), d.code(), d.name(), d.description(), d.secrecy().name(), d.datasets().stream().map(DatasetView::of).toList());
        }
    }

    record CredentialView(String clientId, String createdAt, @Nullable String revokedAt) {}

    record AgreementView(String id, String consumer, String provider, String service, String purpose, String legalBasis, List<String> requestedFields,
            List<String> fields, int ratePerMinute, String validUntil, String status, String requestedBy, String requestedAt,
            @Nullable String decidedBy, @Nullable String decidedAt, @Nullable String reason) {
        static AgreementView of(Agreements.Agreement a) {
            return new AgreementView(Ids.str(a.id()), a.consumer(), a.provider(), a.service(), a.purpose(), a.legalBasis(), a.requestedFields(),
                    a.fields(), a.ratePerMinute(), a.validUntil().toString(), a.status().name(), Ids.str(a.requestedBy()), a.requestedAt().toString(),
                    a.decidedBy() == null ? null : Ids.str(a.decidedBy()), a.decidedAt() == null ? null : a.decidedAt().toString(), a.reason());
        }
    }

    record LogView(String id, String at, @Nullable String consumer, String provider, String service, @Nullable String agreementId, String method,
            int status, String outcome, String requestDigest, String responseDigest, int latencyMs) {}

    record Reason(@Nullable String reason) {}

    /**
     * A record's proof. Merkle seals ({@code scheme} "rfc9162"): {@code record} (the row's text), {@code leaf} =
     * SHA-256(0x00 || record), {@code leafIndex}, {@code treeSize}, {@code path} (bottom-up), {@code root}, the TSA's
     * {@code token} over the root, the signed {@code head}, its {@code signature}, the signer's {@code certificate}
     * and the {@code signatureToken} over the signature. Flat seals (before V1500): {@code leaf} and every {@code leaves}.
     */
    record ProofView(String logId, String sealId, String sealedAt, String scheme, String leaf, @Nullable List<String> leaves, String root, String token,
            @Nullable String record, @Nullable Long leafIndex, @Nullable Integer treeSize, @Nullable List<String> path, @Nullable String head,
            @Nullable String signature, @Nullable String certificate, @Nullable String signatureToken) {}

    private final Catalogue catalogue;
    private final Credentials credentials;
    private final Agreements agreements;
    private final MessageLog messages;
    private final LogSeals seals;
    private final OpenData open;
    private final Databases databases;
    private final OpenApiDocuments documents;

    ExchangeApiController(Catalogue catalogue, Credentials credentials, Agreements agreements, MessageLog messages, LogSeals seals, OpenData open,
            Databases databases, OpenApiDocuments documents) {
        this.documents = documents;
        this.databases = databases;
        this.open = open;
        this.seals = seals;
        this.catalogue = catalogue;
        this.credentials = credentials;
        this.agreements = agreements;
        this.messages = messages;
    }

    @GetMapping("/catalogue")
    @Operation(summary = "Danh mục hệ thống, dịch vụ / Catalogue", description = "Systems and services within the reader's level (clearance and zone); q folds diacritics.")
    List<SystemView> catalogue(@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "500") int limit) {
        if (q != null && q.length() > 200) throw new DomainException.BadInput("q", "problem.field.length", 0, 200);
        return catalogue.list(q, limit).stream().map(SystemView::of).toList();
    }

    @PostMapping("/systems")
    @Operation(summary = "Đăng ký hệ thống / Register a system", description = "A SYSTEM_OWNER or ADMIN covering ownerUnitId, cleared at least the system's secrecy.")
    ResponseEntity<SystemView> register(@RequestBody Catalogue.NewSystem body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(SystemView.of(catalogue.register(body)));
    }

    @GetMapping("/systems/{code}")
    SystemView system(@PathVariable String code) {
        return SystemView.of(catalogue.get(code));
    }

    @PutMapping("/systems/{code}")
    @Operation(summary = "Sửa thông tin hệ thống / Edit a system",
            description = "The owner: name, purpose, securityLevel, status, endpointBaseUrl, contact (code, owner unit, secrecy and zones stay).")
    SystemView update(@PathVariable String code, @RequestBody Catalogue.NewSystem body) {
        return SystemView.of(catalogue.update(code, body));
    }

    @PutMapping("/systems/{code}/services/{service}")
    @Operation(summary = "Sửa dịch vụ / Edit a service", description = "The owner: name, path and the fields (the list replaces the old one); secrecy stays.")
    ServiceView updateService(@PathVariable String code, @PathVariable String service, @RequestBody Catalogue.NewService body) {
        return ServiceView.of(catalogue.updateService(code, service, body));
    }

    @GetMapping("/systems/{code}/databases")
    @Operation(summary = "Cơ sở dữ liệu của hệ thống / A system's databases",
            description = "Its databases, data sets and classified fields within the reader's level; a database above it is not listed.")
    List<DatabaseView> databases(@PathVariable String code) {
        return databases.list(code).stream().map(DatabaseView::of).toList();
    }

    @PostMapping("/systems/{code}/databases")
    @Operation(summary = "Đăng ký cơ sở dữ liệu / Register a database", description = "The system's owner: code, name, description, secrecy (at most the system's).")
    ResponseEntity<DatabaseView> addDatabase(@PathVariable String code, @RequestBody Databases.NewDatabase body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(DatabaseView.of(databases.register(code, body)));
    }

    @GetMapping("/systems/{code}/databases/{database}")
    DatabaseView database(@PathVariable String code, @PathVariable String database) {
        return DatabaseView.of(databases.get(code, database));
    }

    @PutMapping("/systems/{code}/databases/{database}")
    @Operation(summary = "Sửa cơ sở dữ liệu / Edit a database", description = "The owner: name and description (code and secrecy stay).")
    DatabaseView updateDatabase(@PathVariable String code, @PathVariable String database, @RequestBody Databases.NewDatabase body) {
        return DatabaseView.of(databases.update(code, database, body));
    }

    @PostMapping("/systems/{code}/databases/{database}/datasets")
    @Operation(summary = "Thêm tập dữ liệu / Add a data set", description = "The owner: code, name, description, fields (each classified at most the database's secrecy).")
    ResponseEntity<DatasetView> addDataset(@PathVariable String code, @PathVariable String database, @RequestBody Databases.NewDataset body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(DatasetView.of(databases.addDataset(code, database, body)));
    }

    @PutMapping("/systems/{code}/databases/{database}/datasets/{dataset}")
    @Operation(summary = "Sửa tập dữ liệu / Edit a data set", description = "The owner: name, description and fields (the list replaces the old one).")
    DatasetView updateDataset(@PathVariable String code, @PathVariable String database, @PathVariable String dataset, @RequestBody Databases.NewDataset body) {
        return DatasetView.of(databases.updateDataset(code, database, dataset, body));
    }

    @GetMapping(value = "/systems/{code}/services/{service}/openapi.json", produces = "application/json")
    @Operation(summary = "Mô tả OpenAPI của dịch vụ / A service's OpenAPI description",
            description = "Generated from the catalogue: the mediated path, the system token, the record's fields with x-classification, the refusals.")
    java.util.Map<String, Object> openapi(@PathVariable String code, @PathVariable String service) {
        return open.openapi(base(), code, service);
    }

    record DocumentView(String system, String service, String sha256, String mediaType, String source, @Nullable String sourceUrl,
            @Nullable String fileName, String openapi, int size, String storedAt, String url) {
        static DocumentView of(String system, String service, OpenApiDocuments.Stored d) {
            return new DocumentView(system, service, d.sha256(), d.mediaType(), d.source(), d.sourceUrl(), d.fileName(), d.version(), d.size(),
                    d.storedAt().toString(), base() + "/api/v1/exchange/systems/" + system + "/services/" + service + "/openapi");
        }
    }

    record FetchBody(@Nullable String url) {}

    @PostMapping(value = "/systems/{code}/services/{service}/openapi", consumes = "multipart/form-data")
    @Operation(summary = "Tải lên mô tả OpenAPI / Upload a service's OpenAPI document",
            description = "The owner; multipart field `file` (.json, .yaml, .yml), at most 1 MiB; refused (400 on `file`, with the reason) when external "
                    + "$refs, too deep, too many nodes, YAML aliases, not OpenAPI 3 (openapi, info, paths).")
    ResponseEntity<DocumentView> uploadOpenapi(@PathVariable String code, @PathVariable String service,
            @org.springframework.web.bind.annotation.RequestParam(value = "file", required = false) org.springframework.web.multipart.@Nullable MultipartFile file)
            throws java.io.IOException {
        if (file == null || file.isEmpty()) throw new DomainException.BadInput("file", "problem.field.required");
        try (var in = file.getInputStream()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(DocumentView.of(code, service, documents.upload(code, service, in, file.getOriginalFilename())));
        }
    }

    @PostMapping("/systems/{code}/services/{service}/openapi/fetch")
    @Operation(summary = "Lấy mô tả OpenAPI từ hệ thống / Fetch a service's OpenAPI document",
            description = "The owner; `url` under the system's endpointBaseUrl (default <endpoint>/openapi.json); the same checks as an upload (400 on `url`).")
    ResponseEntity<DocumentView> fetchOpenapi(@PathVariable String code, @PathVariable String service, @RequestBody(required = false) @Nullable FetchBody body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(DocumentView.of(code, service, documents.fetch(code, service, body == null ? null : body.url())));
    }

    @GetMapping("/systems/{code}/services/{service}/openapi")
    @Operation(summary = "Mô tả OpenAPI của hệ thống cung cấp / The provider's OpenAPI document",
            description = "As uploaded or fetched (application/json or application/yaml); 404 when there is none or the service is hidden.")
    ResponseEntity<byte[]> openapiDocument(@PathVariable String code, @PathVariable String service) throws java.io.IOException {
        return serve(documents, code, service);
    }

    static ResponseEntity<byte[]> serve(OpenApiDocuments documents, String code, String service) throws java.io.IOException {
        OpenApiDocuments.Stored d = documents.of(code, service).orElseThrow(() -> new DomainException.NotFound("exchange-openapi", service));
        byte[] bytes;
        try (var in = documents.open(d)) {
            bytes = in.readAllBytes();
        }
        return ResponseEntity.ok().header("Content-Type", d.mediaType() + ";charset=UTF-8").header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", "inline; filename=\"" + code + "-" + service + (d.mediaType().endsWith("json") ? ".json" : ".yaml") + "\"")
                .header("Content-Security-Policy", "default-src 'none'; sandbox").body(bytes);
    }

    @GetMapping("/datasets")
    @Operation(summary = "Danh sách dữ liệu mở / Data sets", description = "Each service the reader may see as a data set: fields, access and OpenAPI URLs.")
    List<OpenData.Dataset> datasets(@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "500") int limit) {
        if (q != null && q.length() > 200) throw new DomainException.BadInput("q", "problem.field.length", 0, 200);
        return open.datasets(base(), q, limit);
    }

    @GetMapping("/catalogue.xlsx")
    @Operation(summary = "Danh mục (Excel) / The catalogue as a workbook", description = "One line per service, within the reader's level.")
    ResponseEntity<byte[]> workbook(@RequestParam(required = false) @Nullable String q) {
        if (q != null && q.length() > 200) throw new DomainException.BadInput("q", "problem.field.length", 0, 200);
        return vn.truongson.core.ListWorkbook.download("danh-muc-he-thong.xlsx", open.workbook(q));
    }

    static String base() {
        return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    @PostMapping("/systems/{code}/services")
    ResponseEntity<ServiceView> addService(@PathVariable String code, @RequestBody Catalogue.NewService body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(ServiceView.of(catalogue.addService(code, body)));
    }

    @PostMapping("/systems/{code}/credentials")
    @Operation(summary = "Cấp thông tin xác thực / Issue credentials", description = "The owner; the secret is shown in this answer only.")
    ResponseEntity<Credentials.Issued> issue(@PathVariable String code) {
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store").body(credentials.issue(code));
    }

    record CsrBody(@Nullable String csr) {}

    @PostMapping("/systems/{code}/certificates")
    @Operation(summary = "Cấp chứng thư TLS cho hệ thống / Issue a TLS client certificate",
            description = "The owner: {csr} a PKCS#10 request in PEM (RSA ≥ 2048 or EC); the platform's issuing CA answers with a certificate "
                    + "(extendedKeyUsage clientAuth, CN = the system code, 30 days) and the chain. Revoked like any credential (DELETE …/credentials/{clientId}).")
    ResponseEntity<Credentials.IssuedCertificate> issueCertificate(@PathVariable String code, @RequestBody(required = false) @Nullable CsrBody body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(credentials.issueCertificate(code, body == null ? null : body.csr()));
    }

    @GetMapping("/systems/{code}/credentials")
    List<CredentialView> credentials(@PathVariable String code) {
        return credentials.list(code).stream().map(c -> new CredentialView(c.clientId(), c.createdAt().toString(),
                c.revokedAt() == null ? null : c.revokedAt().toString())).toList();
    }

    @DeleteMapping("/systems/{code}/credentials/{clientId}")
    ResponseEntity<Void> revokeCredential(@PathVariable String code, @PathVariable String clientId) {
        credentials.revoke(code, clientId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/agreements")
    @Operation(summary = "Đề nghị thỏa thuận / Request an agreement", description = "The consumer system's owner; status REQUESTED.")
    ResponseEntity<AgreementView> request(@RequestBody Agreements.NewAgreement body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(AgreementView.of(agreements.request(body)));
    }

    @GetMapping("/agreements")
    List<AgreementView> agreements(@RequestParam(required = false) @Nullable String system, @RequestParam(defaultValue = "200") int limit) {
        if (system != null && system.length() > 64) throw new DomainException.BadInput("system", "problem.field.length", 0, 64);
        return agreements.list(system, limit).stream().map(AgreementView::of).toList();
    }

    @GetMapping("/agreements/{id}")
    AgreementView agreement(@PathVariable long id) {
        return AgreementView.of(agreements.get(id));
    }

    @PostMapping("/agreements/{id}/approve")
    @Operation(summary = "Phê duyệt / Approve", description = "An owner of the provider who did not ask: fewer fields, a rate, an earlier end.")
    AgreementView approve(@PathVariable long id, @RequestBody(required = false) Agreements.@Nullable Approval body) {
        return AgreementView.of(agreements.approve(id, body == null ? new Agreements.Approval(null, null, null) : body));
    }

    @PostMapping("/agreements/{id}/refuse")
    AgreementView refuse(@PathVariable long id, @RequestBody(required = false) @Nullable Reason body) {
        return AgreementView.of(agreements.refuse(id, body == null ? null : body.reason()));
    }

    @PostMapping("/agreements/{id}/suspend")
    AgreementView suspend(@PathVariable long id, @RequestBody(required = false) @Nullable Reason body) {
        return AgreementView.of(agreements.suspend(id, body == null ? null : body.reason()));
    }

    @PostMapping("/agreements/{id}/resume")
    AgreementView resume(@PathVariable long id) {
        return AgreementView.of(agreements.resume(id));
    }

    @PostMapping("/agreements/{id}/revoke")
    AgreementView revoke(@PathVariable long id, @RequestBody(required = false) @Nullable Reason body) {
        return AgreementView.of(agreements.revoke(id, body == null ? null : body.reason()));
    }

    @GetMapping("/log")
    @Operation(summary = "Nhật ký trao đổi / Message log", description = "Calls to or from systems the reader's grants cover (owners, administrators, auditors).")
    List<LogView> log(@RequestParam(required = false) @Nullable String consumer, @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String service, @RequestParam(defaultValue = "200") int limit) {
        for (String[] p : new String[][] {{"consumer", consumer}, {"provider", provider}, {"service", service}}) {
            if (p[1] != null && p[1].length() > 64) throw new DomainException.BadInput(p[0], "problem.field.length", 0, 64);
        }
        return messages.list(consumer, provider, service, limit).stream().map(e -> new LogView(Ids.str(e.id()), e.at().toString(), e.consumer(),
                e.provider(), e.service(), e.agreementId() == null ? null : Ids.str(e.agreementId()), e.method(), e.status(), e.outcome(),
                e.requestDigest(), e.responseDigest(), e.latencyMs())).toList();
    }

    @GetMapping("/monitor")
    @Operation(summary = "Giám sát vận hành / Operational monitoring",
            description = "Per day (Asia/Ho_Chi_Minh), provider, service and consumer: calls, refusals (4xx), errors (5xx), p50 and p95 latency (ms), "
                    + "the last failure's time and status; the last `days` days (1–90, default 7); rows the reader may see in the log; "
                    + "`system` keeps those where it is the consumer or the provider.")
    List<MessageLog.Usage> monitor(@RequestParam(required = false) @Nullable String days, @RequestParam(required = false) @Nullable String system) {
        int d = 7;
        if (days != null) {
            if (!days.matches("[0-9]{1,2}") || Integer.parseInt(days) < 1 || Integer.parseInt(days) > 90) {
                throw new DomainException.BadInput("days", "problem.field.range", 1, 90);
            }
            d = Integer.parseInt(days);
        }
        if (system != null && !system.matches("[A-Z0-9][A-Z0-9_-]{1,31}")) throw new DomainException.BadInput("system", "problem.field.format");
        return messages.usage(d, system);
    }

    @GetMapping("/log/{id}/proof")
    @Operation(summary = "Bằng chứng niêm phong / A log record's proof",
            description = "The record's text, its RFC 9162 leaf hash, index and inclusion path (O(log n) hashes) to the batch's Merkle root; the TSA's "
                    + "RFC 3161 token over the root (base64 DER); the seal's signed head, signature (base64), certificate (PEM) and the token over the "
                    + "signature. 404 for a record the reader may not see, or not sealed yet (sealed every few seconds).")
    ProofView proof(@PathVariable long id) {
        long logId = id;
        if (!messages.visible(logId)) throw new DomainException.NotFound("exchange-log", id);
        long sealId = seals.sealOf(logId).orElseThrow(() -> new DomainException.NotFound("exchange-log", id));
        LogSeals.Seal seal = seals.find(sealId).orElseThrow();
        var b64 = java.util.Base64.getEncoder();
        if (!"rfc9162".equals(seal.scheme())) {
            return new ProofView(Ids.str(logId), Ids.str(sealId), seal.sealedAt().toString(), seal.scheme(), seals.leafOf(logId).orElseThrow(),
                    seals.leaves(sealId), seal.root(), b64.encodeToString(seal.token()), null, null, null, null, null, null, null, null);
        }
        LogSeals.Proof p = seals.proof(logId).orElseThrow(() -> new DomainException.NotFound("exchange-log", id));
        return new ProofView(Ids.str(logId), Ids.str(sealId), seal.sealedAt().toString(), seal.scheme(), p.leafHash(), null, seal.root(),
                b64.encodeToString(seal.token()), p.text(), p.leafIndex(), seal.rows(), p.path(),
                seal.head() == null ? null : new String(seal.head(), java.nio.charset.StandardCharsets.UTF_8),
                seal.signature() == null ? null : b64.encodeToString(seal.signature()), seal.certificate() == null ? null : LogSeals.pem(seal.certificate()),
                seal.signatureToken() == null ? null : b64.encodeToString(seal.signatureToken()));
    }
}
