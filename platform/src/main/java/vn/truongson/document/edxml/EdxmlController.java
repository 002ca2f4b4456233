package vn.truongson.document.edxml;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.document.DocumentProperties;
import vn.truongson.document.EdxmlExchange;

/** edXML exchange (API.md): GET /api/v1/documents/{id}/edxml and POST /api/v1/exchange/edxml. */
@RestController
@Tag(name = "Liên thông edXML / edXML exchange")
class EdxmlController {

    private final EdxmlExchange exchange;
    private final DocumentProperties props;

    EdxmlController(EdxmlExchange exchange, DocumentProperties props) {
        this.exchange = exchange;
        this.props = props;
    }

    @GetMapping("/api/v1/documents/{id}/edxml")
    @Operation(summary = "Thông điệp edXML / The issued document as an edXML message (QCVN 102:2016)")
    ResponseEntity<byte[]> export(@PathVariable long id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("van-ban-" + id + ".edxml").build().toString())
                .body(exchange.export(id));
    }

    @PostMapping("/api/v1/exchange/edxml")
    @Operation(summary = "Nhận văn bản qua edXML / Import an edXML message and register it as incoming",
            description = "Body: the edXML message (application/xml). A clerk of an addressed unit (To/OrganId). DTDs and entities are refused. "
                    + "201 with the registered document; on a low node of the gateway (docs/gateway.md) 202: checked and queued for the high side.")
    ResponseEntity<Map<String, Object>> importMessage(HttpServletRequest req) {
        byte[] body = readLimited(req, props.maxEdxml().toBytes());
        if (exchange.forwardsIncoming()) {
            EdxmlExchange.Forwarded f = exchange.accept(body);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("messageId", f.messageId());
            out.put("documentId", f.documentId());
            out.put("status", "QUEUED");
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
        }
        EdxmlExchange.Imported imported = exchange.importMessage(body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Ids.str(imported.document().id()));
        out.put("status", imported.document().status().name());
        out.put("subject", imported.document().subject());
        out.put("numberAndNotation", imported.document().numberAndNotation());
        out.put("from", imported.document().fromOrganName());
        out.put("registrations", imported.receipts().stream().map(r -> Map.of("recipientId", Ids.str(r.recipientId()), "arrivalNumber", r.arrivalNumber()))
                .toList());
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    /** The body, refusing as soon as it is longer than the limit (never read whole into memory first). */
    static byte[] readLimited(HttpServletRequest req, long max) {
        try (InputStream in = req.getInputStream()) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (data.length > max) throw new DomainException.BadInput("edxml", "document.edxml.too-large", Long.toString(max / (1024 * 1024)));
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
