package vn.truongson.document.edxml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import vn.truongson.core.DomainException;
import vn.truongson.document.edxml.EdxmlMessage.Attachment;
import vn.truongson.document.edxml.EdxmlMessage.Organ;
import vn.truongson.document.edxml.EdxmlMessage.OtherInfo;
import vn.truongson.document.edxml.EdxmlMessage.ResponseFor;
import vn.truongson.document.edxml.EdxmlMessage.Signer;
import vn.truongson.document.edxml.EdxmlMessage.Trace;

/**
 * Writes and reads edXML messages (QCVN 102:2016). The reader is hardened: no DTD (so no external entity and no
 * entity expansion, "billion laughs" included), no XInclude, no external schema, a size limit on the whole message
 * and on each attachment, and strict base64. Every refusal is a 400 on field {@code edxml}.
 */
public final class EdXml {

    public static final String NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
    private static final String P = "edXML:";

    private EdXml() {}

    // ---- writing ---------------------------------------------------------------------------------

    public static byte[] write(EdxmlMessage m) {
        Document doc = builder().newDocument();
        Element root = doc.createElementNS(NS, P + "edXML");
        doc.appendChild(root);
        Element envelope = child(root, "edXMLEnvelope");
        Element header = child(envelope, "edXMLHeader");
        Element mh = child(header, "MessageHeader");
        organ(child(mh, "From"), m.from());
        for (Organ o : m.to()) organ(child(mh, "To"), o);
        Element code = child(mh, "Code");
        text(code, "CodeNumber", m.codeNumber());
        text(code, "CodeNotation", m.codeNotation());
        Element prom = child(mh, "PromulgationInfo");
        text(prom, "Place", m.place());
        text(prom, "PromulgationDate", m.promulgationDate());
        Element type = child(mh, "DocumentType");
        text(type, "Type", m.type());
        text(type, "TypeName", m.typeName());
        text(mh, "Subject", m.subject());
        text(mh, "Content", m.content());
        Element signer = child(mh, "SignerInfo");
        text(signer, "Competence", m.signer().competence());
        text(signer, "Position", m.signer().position());
        text(signer, "FullName", m.signer().fullName());
        text(mh, "DueDate", m.dueDate());
        Element places = child(mh, "ToPlaces");
        for (String p : m.toPlaces()) text(places, "Place", p);
        Element other = child(mh, "OtherInfo");
        text(other, "Priority", m.otherInfo().priority());
        text(other, "SphereOfPromulgation", m.otherInfo().sphereOfPromulgation());
        text(other, "TyperNotation", m.otherInfo().typerNotation());
        text(other, "PromulgationAmount", m.otherInfo().promulgationAmount());
        text(other, "PageAmount", m.otherInfo().pageAmount());
        Element app = child(other, "Appendixes");
        for (String a : m.otherInfo().appendixes()) text(app, "Appendix", a);
        if (m.responseFor() != null) {
            Element rf = child(mh, "ResponseFor");
            text(rf, "OrganId", m.responseFor().organId());
            text(rf, "Code", m.responseFor().code());
            text(rf, "PromulgationDate", m.responseFor().promulgationDate());
            text(rf, "DocumentId", m.responseFor().documentId());
        }
        text(mh, "SteeringType", m.steeringType());
        text(mh, "DocumentId", m.documentId());
        Element traces = child(header, "TraceHeaderList");
        for (Trace t : m.traces()) {
            Element th = child(traces, "TraceHeader");
            text(th, "OrganId", t.organId());
            text(th, "Timestamp", t.timestamp());
        }
        Element sig = child(header, "Signature");
        if (m.signature() != null) sig.setTextContent(m.signature());
        Element body = child(envelope, "edXMLBody");
        Element manifest = child(body, "Manifest");
        Element encoded = child(root, "AttachmentEncoded");
        for (Attachment a : m.attachments()) {
            Element ref = child(manifest, "Reference");
            text(ref, "ContentId", a.contentId());
            text(ref, "AttachmentName", a.name());
            text(ref, "ContentType", a.contentType());
            text(ref, "Description", a.description());
            Element att = child(encoded, "Attachment");
            att.setAttribute("ContentId", a.contentId());
            att.setTextContent(Base64.getEncoder().encodeToString(a.content()));
        }
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A status notice (QCVN 102:2016, the Status message: edXMLHeader/MessageHeader with ResponseFor, StatusCode,
     * Description, Timestamp, StaffInfo): {@code code} "02" is Từ chối tiếp nhận, a document returned as wrongly sent.
     */
    public static byte[] status(Organ from, Organ to, EdxmlMessage.ResponseFor responseFor, String code, String description, String timestamp,
            String staffName, String staffDepartment) {
        Document doc = builder().newDocument();
        Element root = doc.createElementNS(NS, P + "Status");
        doc.appendChild(root);
        Element header = child(root, "Header");
        Element mh = child(header, "MessageHeader");
        organ(child(mh, "From"), from);
        organ(child(mh, "To"), to);
        Element rf = child(mh, "ResponseFor");
        text(rf, "OrganId", responseFor.organId());
        text(rf, "Code", responseFor.code());
        text(rf, "PromulgationDate", responseFor.promulgationDate());
        text(rf, "DocumentId", responseFor.documentId());
        text(mh, "StatusCode", code);
        text(mh, "Description", description);
        text(mh, "Timestamp", timestamp);
        Element staff = child(mh, "StaffInfo");
        text(staff, "Department", staffDepartment);
        text(staff, "Staff", staffName);
        child(header, "Signature");
        return serialise(doc);
    }

    private static byte[] serialise(Document doc) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void organ(Element e, Organ o) {
        text(e, "OrganId", o.organId());
        text(e, "OrganizationInCharge", o.organizationInCharge());
        text(e, "OrganName", o.organName());
        text(e, "OrganAdd", o.organAdd());
        text(e, "Email", o.email());
        text(e, "Telephone", o.telephone());
        text(e, "Fax", o.fax());
        text(e, "Website", o.website());
    }

    private static Element child(Element parent, String name) {
        Element e = parent.getOwnerDocument().createElementNS(NS, P + name);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element parent, String name, @Nullable String value) {
        if (value == null) return;
        child(parent, name).setTextContent(value);
    }

    // ---- reading ---------------------------------------------------------------------------------

    /**
     * Reads a message of at most {@code maxBytes}, each attachment at most {@code maxAttachment} bytes decoded.
     *
     * @throws DomainException.BadInput on field {@code edxml}
     */
    public static EdxmlMessage read(byte[] xml, long maxBytes, long maxAttachment) {
        if (xml.length == 0) throw bad("document.edxml.malformed", "rỗng / empty");
        if (xml.length > maxBytes) throw bad("document.edxml.too-large", Long.toString(maxBytes / (1024 * 1024)));
        String head = new String(xml, 0, Math.min(xml.length, 64 * 1024), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        if (head.contains("<!DOCTYPE") || head.contains("<!ENTITY")) throw bad("document.edxml.dtd");
        Document doc;
        try {
            doc = builder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("DOCTYPE") || msg.contains("ENTITY") || msg.contains("entity")) throw bad("document.edxml.dtd");
            throw bad("document.edxml.malformed", clip(msg));
        } catch (IOException e) {
            throw bad("document.edxml.malformed", clip(String.valueOf(e.getMessage())));
        }
        Element root = doc.getDocumentElement();
        if (!"edXML".equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) throw bad("document.edxml.malformed", "root edXML:edXML");
        Element envelope = required(root, "edXMLEnvelope");
        Element header = required(envelope, "edXMLHeader");
        Element mh = required(header, "MessageHeader");
        Organ from = organ(required(mh, "From"));
        List<Organ> to = new ArrayList<>();
        for (Element e : children(mh, "To")) to.add(organ(e));
        if (to.isEmpty()) throw bad("document.edxml.malformed", "MessageHeader/To");
        Element code = required(mh, "Code");
        Element prom = required(mh, "PromulgationInfo");
        Element type = required(mh, "DocumentType");
        Element signerEl = required(mh, "SignerInfo");
        String subject = requiredText(mh, "Subject");
        if (subject.length() > 500) throw bad("document.edxml.malformed", "Subject > 500");
        String codeNumber = requiredText(code, "CodeNumber");
        String codeNotation = requiredText(code, "CodeNotation");
        if (codeNumber.length() > 11 || codeNotation.length() > 30) throw bad("document.edxml.malformed", "CodeNumber ≤ 11, CodeNotation ≤ 30");
        List<String> places = new ArrayList<>();
        Element toPlaces = optional(mh, "ToPlaces");
        if (toPlaces != null) for (Element p : children(toPlaces, "Place")) places.add(p.getTextContent());
        Element otherEl = optional(mh, "OtherInfo");
        OtherInfo other;
        if (otherEl == null) {
            other = new OtherInfo("0", null, null, null, null, List.of());
        } else {
            List<String> appendixes = new ArrayList<>();
            Element app = optional(otherEl, "Appendixes");
            if (app != null) for (Element a : children(app, "Appendix")) appendixes.add(a.getTextContent());
            other = new OtherInfo(textOr(otherEl, "Priority", "0"), text(otherEl, "SphereOfPromulgation"), text(otherEl, "TyperNotation"),
                    text(otherEl, "PromulgationAmount"), text(otherEl, "PageAmount"), appendixes);
        }
        Element rfEl = optional(mh, "ResponseFor");
        ResponseFor rf = rfEl == null ? null : new ResponseFor(text(rfEl, "OrganId"), text(rfEl, "Code"), text(rfEl, "PromulgationDate"),
                text(rfEl, "DocumentId"));
        List<Trace> traces = new ArrayList<>();
        Element tl = optional(header, "TraceHeaderList");
        if (tl != null) for (Element t : children(tl, "TraceHeader")) traces.add(new Trace(requiredText(t, "OrganId"), requiredText(t, "Timestamp")));
        Element sig = optional(header, "Signature");
        String signature = sig == null || sig.getTextContent().isEmpty() ? null : sig.getTextContent();

        Element body = required(envelope, "edXMLBody");
        Element manifest = required(body, "Manifest");
        Element encoded = optional(root, "AttachmentEncoded");
        List<Attachment> attachments = new ArrayList<>();
        long maxBase64 = maxAttachment / 3 * 4 + 8;
        for (Element ref : children(manifest, "Reference")) {
            String cid = requiredText(ref, "ContentId");
            Element data = null;
            if (encoded != null) for (Element a : children(encoded, "Attachment")) if (cid.equals(a.getAttribute("ContentId"))) data = a;
            if (data == null) throw bad("document.edxml.malformed", "AttachmentEncoded/Attachment[@ContentId='" + clip(cid) + "']");
            String b64 = data.getTextContent().replaceAll("\\s+", "");
            if (b64.length() > maxBase64) throw bad("document.edxml.too-large", Long.toString(maxAttachment / (1024 * 1024)));
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(b64);
            } catch (IllegalArgumentException e) {
                throw bad("document.edxml.malformed", "base64 " + clip(cid));
            }
            attachments.add(new Attachment(cid, requiredText(ref, "AttachmentName"), requiredText(ref, "ContentType"), text(ref, "Description"), bytes));
        }
        return new EdxmlMessage(from, to, codeNumber, codeNotation, requiredText(prom, "Place"), requiredText(prom, "PromulgationDate"),
                requiredText(type, "Type"), requiredText(type, "TypeName"), subject, text(mh, "Content"),
                new Signer(text(signerEl, "Competence"), text(signerEl, "Position"), requiredText(signerEl, "FullName")), text(mh, "DueDate"),
                places, other, rf, text(mh, "SteeringType"), requiredText(mh, "DocumentId"), traces, signature, attachments);
    }

    private static Organ organ(Element e) {
        return new Organ(requiredText(e, "OrganId"), requiredText(e, "OrganName"), text(e, "OrganizationInCharge"), text(e, "OrganAdd"),
                text(e, "Email"), text(e, "Telephone"), text(e, "Fax"), text(e, "Website"));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getLocalName()) && NS.equals(e.getNamespaceURI())) out.add(e);
        }
        return out;
    }

    private static @Nullable Element optional(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static Element required(Element parent, String name) {
        Element e = optional(parent, name);
        if (e == null) throw bad("document.edxml.malformed", parent.getLocalName() + "/" + name);
        return e;
    }

    private static @Nullable String text(Element parent, String name) {
        Element e = optional(parent, name);
        return e == null ? null : e.getTextContent();
    }

    private static String textOr(Element parent, String name, String fallback) {
        String t = text(parent, name);
        return t == null ? fallback : t;
    }

    private static String requiredText(Element parent, String name) {
        String t = text(parent, name);
        if (t == null || t.isBlank()) throw bad("document.edxml.malformed", parent.getLocalName() + "/" + name);
        return t;
    }

    private static String clip(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static DomainException.BadInput bad(String key, Object... args) {
        return new DomainException.BadInput("edxml", key, args);
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser supports these features", e);
        }
    }

}
