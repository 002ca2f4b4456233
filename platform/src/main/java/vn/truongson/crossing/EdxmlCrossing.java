package vn.truongson.crossing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlForwarder;
import vn.truongson.document.edxml.EdxmlMessage;

/**
 * edXML across the gateway (issue 15): the document module's {@link EdxmlForwarder}. On a low node an incoming message
 * from another agency (accepted by {@code POST /api/v1/exchange/edxml}, 202) is queued in the outbox up to the high
 * side; on a high node an issued document sent on the external axis is queued down to the low side. Both as an
 * {@code edxml.package}: the message's header (the edXML without its attachments' bytes) as {@code edxml/message.xml},
 * each attachment as its own file {@code <n>/<name>} so that the gateway rebuilds each PDF (CDR) and scans it as it does a
 * dossier's, then puts them back in place on the other side ({@link #reassemble}). Only a Thường message crosses: a
 * classified one is refused here before anything is queued ({@code crossing.edxml.refuse}, DENIED, in an audit row of its
 * own); the gateway then looks for markings in the content and holds what goes out for two-person release.
 */
@Service
class EdxmlCrossing implements EdxmlForwarder {

    static final String HEADER = "edxml/message.xml";

    private final Outbox outbox;
    private final NodeProperties props;
    private final AuditTrail audit;

    EdxmlCrossing(Outbox outbox, NodeProperties props, AuditTrail audit) {
        this.outbox = outbox;
        this.props = props;
        this.audit = audit;
    }

    @Override
    public boolean forwards(Direction direction) {
        return direction == Direction.INCOMING ? props.role() == NodeProperties.Role.LOW : props.role() == NodeProperties.Role.HIGH;
    }

    @Override
    public String forward(Direction direction, EdxmlMessage m, SecrecyLevel label, String ref) {
        if (label != SecrecyLevel.THUONG) {
            // Before anything is queued: a classified document never reaches the outbox, let alone the gateway.
            audit.recordSeparately("crossing.edxml.refuse", ref, AuditTrail.DENIED, label.name() + ": only Thường crosses the gateway");
            throw new DomainException.Conflict("crossing.edxml.classified", label.vietnamese());
        }
        String id = (direction == Direction.INCOMING ? "edxml-in:" : "edxml-out:") + sha256(EdXml.write(m)).substring(0, 40);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("documentCode", clip(m.codeNumber() + "/" + m.codeNotation(), 100));
        payload.put("from", clip(m.from().organName() + " (" + m.from().organId() + ")", 200));
        payload.put("to", clip(m.to().stream().map(o -> o.organName() + " (" + o.organId() + ")").collect(Collectors.joining("; ")), 200));
        payload.put("subject", clip(m.subject(), 1000));
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(Map.of("name", HEADER, "content", Base64.getEncoder().encodeToString(EdXml.write(m.withoutContent()))));
        for (int i = 0; i < m.attachments().size(); i++) {
            EdxmlMessage.Attachment a = m.attachments().get(i);
            files.add(Map.of("name", i + "/" + clip(a.name().isBlank() ? a.contentId() : a.name(), 200), "content",
                    Base64.getEncoder().encodeToString(a.content())));
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("type", "edxml.package");
        msg.put("label", "THUONG");
        msg.put("sender", direction == Direction.INCOMING ? "truongson-low" : "truongson-high");
        msg.put("payload", payload);
        msg.put("files", files);
        outbox.enqueue(msg, ref);
        return id;
    }

    /**
     * The message as it crossed: the header read again by the hardened reader, each attachment's bytes the gateway's
     * cleaned file {@code <n>/…}. A header or a file missing is a bad message (kept REFUSED by the inbox).
     */
    static EdxmlMessage reassemble(JsonNode message) {
        byte[] header = null;
        Map<Integer, byte[]> parts = new LinkedHashMap<>();
        for (JsonNode f : message.path("files")) {
            String name = f.path("name").asString("");
            byte[] content = Base64.getDecoder().decode(f.path("content").asString("").getBytes(StandardCharsets.US_ASCII));
            if (name.equals(HEADER)) {
                header = content;
                continue;
            }
            int slash = name.indexOf('/');
            try {
                if (slash > 0) parts.put(Integer.parseInt(name.substring(0, slash)), content);
            } catch (NumberFormatException e) {
                // not one of ours: ignored, and missing below if it mattered
            }
        }
        if (header == null) throw new DomainException.BadInput("files", "problem.field.required");
        EdxmlMessage h = EdXml.read(header, 40L * 1024 * 1024, 30L * 1024 * 1024);
        List<EdxmlMessage.Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < h.attachments().size(); i++) {
            EdxmlMessage.Attachment a = h.attachments().get(i);
            byte[] content = parts.get(i);
            if (content == null) throw new DomainException.BadInput("files[" + i + "]", "problem.field.required");
            attachments.add(new EdxmlMessage.Attachment(a.contentId(), a.name(), a.contentType(), a.description(), content));
        }
        return new EdxmlMessage(h.from(), h.to(), h.codeNumber(), h.codeNotation(), h.place(), h.promulgationDate(), h.type(), h.typeName(),
                h.subject(), h.content(), h.signer(), h.dueDate(), h.toPlaces(), h.otherInfo(), h.responseFor(), h.steeringType(), h.documentId(),
                h.traces(), h.signature(), attachments);
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max - 1) + "…" : s;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
