package vn.truongson.signing.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.signing.CertificateRecord;
import vn.truongson.signing.Certificates;
import vn.truongson.signing.Signatures;
import vn.truongson.signing.internal.TimestampAuthority;

/** The PKI (API.md "Documents and signatures"): the root, the CRL, the TSA, issuing and revoking; and validation. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Chữ ký số / Signatures and PKI")
class PkiController {

    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
    static final MediaType CRL = MediaType.parseMediaType("application/pkix-crl");
    static final MediaType TSQ = MediaType.parseMediaType("application/timestamp-query");
    static final MediaType TSR = MediaType.parseMediaType("application/timestamp-reply");
    /** A time-stamp query is a few hundred bytes. */
    private static final int MAX_QUERY = 8 * 1024;

    record IssueRequest(@Nullable String pin) {}

    record IssuedView(String serial, String subject, OffsetDateTime notAfter) {
        static IssuedView of(CertificateRecord r) {
            return new IssuedView(r.serial(), r.subject(), r.notAfter().atOffset(ZoneOffset.UTC));
        }
    }

    record RevokedView(String serial) {}

    record CertificateView(String serial, String kind, @Nullable String officialId, @Nullable String unitId, String subject,
            OffsetDateTime notBefore, OffsetDateTime notAfter, String status, @Nullable OffsetDateTime revokedAt, int pinFailures, boolean locked) {
        static CertificateView of(CertificateRecord r) {
            return new CertificateView(r.serial(), r.kind(), r.officialId() == null ? null : Ids.str(r.officialId()),
                    r.unitId() == null ? null : Ids.str(r.unitId()), r.subject(), r.notBefore().atOffset(ZoneOffset.UTC),
                    r.notAfter().atOffset(ZoneOffset.UTC), r.status(), r.revokedAt() == null ? null : r.revokedAt().atOffset(ZoneOffset.UTC),
                    r.pinFailures(), r.locked());
        }
    }

    private final Certificates certificates;
    private final Signatures signatures;
    private final TimestampAuthority tsa;

    PkiController(Certificates certificates, Signatures signatures, TimestampAuthority tsa) {
        this.certificates = certificates;
        this.signatures = signatures;
        this.tsa = tsa;
    }

    @GetMapping("/pki/ca.pem")
    @Operation(summary = "Chứng thư gốc / The root certificate (PEM)", description = "Public.")
    ResponseEntity<String> caPem() {
        return ResponseEntity.ok().contentType(PEM).header("Content-Disposition", "inline; filename=\"truongson-root-ca.pem\"")
                .body(certificates.rootPem());
    }

    @GetMapping("/pki/crl")
    @Operation(summary = "Danh sách chứng thư bị thu hồi / The current CRL (DER)", description = "Public. Issued by the issuing CA.")
    ResponseEntity<byte[]> crl() {
        return ResponseEntity.ok().contentType(CRL).body(certificates.crl());
    }

    @GetMapping("/pki/root-crl")
    @Operation(summary = "CRL của CA gốc / The root's CRL (DER)", description = "Public: revoked CA certificates.")
    ResponseEntity<byte[]> rootCrl() {
        return ResponseEntity.ok().contentType(CRL).body(certificates.rootCrl());
    }

    @PostMapping(path = "/pki/tsa")
    @Operation(summary = "Dịch vụ cấp dấu thời gian / RFC 3161 time-stamp authority",
            description = "Body: a DER TimeStampReq (application/timestamp-query); answer: a DER TimeStampResp (application/timestamp-reply).")
    ResponseEntity<byte[]> timestamp(@RequestBody(required = false) byte @Nullable [] query,
            @org.springframework.web.bind.annotation.RequestHeader(value = "Content-Type", required = false) @Nullable String contentType) {
        if (contentType == null || !MediaType.parseMediaType(contentType).isCompatibleWith(TSQ)) {
            throw new DomainException.BadInput("body", "signing.tsa.content-type");
        }
        if (query == null || query.length == 0 || query.length > MAX_QUERY) throw new DomainException.BadInput("body", "signing.tsa.bad-query");
        try {
            return ResponseEntity.ok().contentType(TSR).body(tsa.respond(query));
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException) throw (IllegalStateException) e;
            throw new DomainException.BadInput("body", "signing.tsa.bad-query");
        }
    }

    @PostMapping("/pki/officials/{id}/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Cấp chứng thư số cá nhân / Issue an official's personal certificate",
            description = "An administrator of the official's unit. The key is made on a token of the official's own, under {pin}; "
                    + "an earlier certificate is superseded.")
    IssuedView issuePersonal(@PathVariable long id, @RequestBody(required = false) @Nullable IssueRequest body) {
        return IssuedView.of(certificates.issuePersonal(id, body == null ? null : body.pin()));
    }

    @PostMapping("/pki/units/{id}/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Cấp chứng thư số tổ chức (con dấu) / Issue a unit's organisation certificate (its seal)",
            description = "An administrator of the unit.")
    IssuedView issueUnit(@PathVariable long id) {
        return IssuedView.of(certificates.issueUnit(id));
    }

    @PostMapping("/pki/officials/{id}/revoke")
    @Operation(summary = "Thu hồi chứng thư số cá nhân / Revoke an official's certificate",
            description = "An administrator of the official's unit. Publishes a new CRL; 409 when there is no valid certificate.")
    RevokedView revokePersonal(@PathVariable long id) {
        return new RevokedView(certificates.revokePersonal(id).serial());
    }

    @PostMapping("/pki/units/{id}/revoke")
    @Operation(summary = "Thu hồi chứng thư số của đơn vị / Revoke a unit's organisation certificate", description = "An administrator of the unit.")
    RevokedView revokeUnit(@PathVariable long id) {
        return new RevokedView(certificates.revokeUnit(id).serial());
    }

    @PostMapping("/pki/officials/{id}/unlock")
    @Operation(summary = "Mở khóa khóa ký bị khóa do nhập sai PIN / Unlock a key locked after wrong PINs",
            description = "An administrator of the official's unit.")
    CertificateView unlock(@PathVariable long id) {
        return CertificateView.of(certificates.unlock(id));
    }

    @GetMapping("/pki/certificates")
    @Operation(summary = "Danh sách chứng thư số / Certificates issued", description = "Administrators.")
    List<CertificateView> list(@RequestParam(defaultValue = "200") int limit) {
        return certificates.list(limit).stream().map(CertificateView::of).toList();
    }

    @GetMapping("/pki/me")
    @Operation(summary = "Chứng thư số của tôi / My personal certificate", description = "404 when there is none.")
    CertificateView mine() {
        return certificates.mine().map(CertificateView::of).orElseThrow(() -> new DomainException.NotFound("certificate", "me"));
    }

    @PostMapping(path = "/signatures/validate", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Kiểm tra chữ ký số trên tệp PDF / Validate the signatures of a PDF",
            description = "DSS's verdict per signature, offline, against the platform's root and CRLs. An unsigned PDF: valid false, no signatures.")
    Signatures.Validation validate(@org.springframework.web.bind.annotation.RequestPart("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) throw new DomainException.BadInput("file", "signing.pdf.not-pdf");
        return signatures.validate(file.getBytes());
    }
}
