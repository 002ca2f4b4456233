package vn.truongson.demo;

import static vn.truongson.demo.DemoActors.as;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.core.DomainException;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.document.Document;
import vn.truongson.document.Documents;
import vn.truongson.document.EdxmlExchange;
import vn.truongson.document.edxml.EdXml;
import vn.truongson.document.edxml.EdxmlMessage;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.paper.Decree30;
import vn.truongson.paper.Decree30Document;
import vn.truongson.paper.DocumentNumber;
import vn.truongson.paper.PlaceAndDate;
import vn.truongson.runtime.DemoMode;
import vn.truongson.signing.Signatures;

/**
 * Demo documents, through the document module's services as the demo people would make them: drafts of Bộ Tư lệnh
 * 86 (an urgent one and a Mật one among them), signed, issued and sent to Quân khu 1 when the signing module has
 * the demo certificates, received and assigned there; and messages from other agencies imported by edXML. The
 * subjects are illustrative, the agencies' identifiers the published ones of their ministries (the defence
 * ministry's is a placeholder, as in the demo organisation).
 */
@Component
class DemoDocuments {

    private static final Logger log = LoggerFactory.getLogger(DemoDocuments.class);
    static final String PIN = "123456";

    record Spec(String type, String subject, String secrecy, String urgency, String body) {}

    static final List<Spec> OUTGOING = List.of(
            new Spec("CV", "Về việc triển khai chữ ký số cho cán bộ đầu mối các đơn vị", "THUONG", "HOA_TOC",
                    "Thực hiện kế hoạch chuyển đổi số năm 2026, Bộ Tư lệnh đề nghị các đơn vị lập danh sách cán bộ đầu mối để cấp chứng thư số cá nhân trước ngày 30."),
            new Spec("KH", "Kế hoạch diễn tập ứng cứu sự cố an toàn thông tin năm 2026", "MAT", "THUONG_KHAN",
                    "Diễn tập ứng cứu sự cố trên mạng truyền số liệu quân sự, thành phần và thời gian theo phụ lục kèm theo."),
            new Spec("TB", "Thông báo lịch giao ban trực tuyến tháng 12", "THUONG", "KHAN", "Giao ban trực tuyến vào 08 giờ 00 thứ Hai hằng tuần qua hệ thống hội nghị truyền hình."),
            new Spec("BC", "Báo cáo kết quả chuyển đổi số quý III năm 2026", "THUONG", "THUONG", "Tỷ lệ văn bản điện tử đạt 92%, hồ sơ công việc xử lý trên môi trường mạng đạt 85%."),
            new Spec("QĐ", "Quyết định thành lập Tổ công tác triển khai văn bản điện tử", "THUONG", "THUONG", "Thành lập Tổ công tác gồm các đồng chí có tên sau đây."),
            new Spec("CV", "Về việc rà soát tài khoản hệ thống quản lý văn bản", "THUONG", "THUONG", "Đề nghị các đơn vị rà soát, khóa các tài khoản không còn sử dụng."),
            new Spec("HD", "Hướng dẫn sử dụng chữ ký số trên văn bản điện tử", "THUONG", "THUONG", "Hướng dẫn các bước ký số cá nhân, cấp số và ký số của cơ quan."),
            new Spec("GM", "Giấy mời dự hội nghị sơ kết công tác văn thư, lưu trữ", "THUONG", "KHAN", "Kính mời đại diện lãnh đạo và văn thư đơn vị dự hội nghị."),
            new Spec("CV", "Về việc bảo đảm kết nối trục liên thông văn bản quốc gia", "THUONG", "THUONG", "Đề nghị kiểm tra kết nối và mã định danh của đơn vị."),
            new Spec("TTr", "Tờ trình phê duyệt danh mục dịch vụ công trực tuyến", "THUONG", "THUONG", "Kính trình Thủ trưởng phê duyệt danh mục kèm theo."),
            new Spec("CT", "Chỉ thị tăng cường bảo vệ bí mật nhà nước trên không gian mạng", "THUONG", "THUONG_KHAN",
                    "Nghiêm cấm soạn thảo, lưu trữ tài liệu mật trên máy tính kết nối Internet."),
            new Spec("CV", "Về việc cập nhật dữ liệu quân nhân vào cơ sở dữ liệu dùng chung", "THUONG", "THUONG", "Hoàn thành cập nhật trước ngày 15 tháng sau."),
            new Spec("BC", "Báo cáo tình hình sử dụng hệ thống thư điện tử quân sự", "THUONG", "THUONG", "Số tài khoản hoạt động, dung lượng sử dụng và các sự cố đã xử lý."),
            new Spec("KH", "Kế hoạch đào tạo văn thư về văn bản điện tử năm 2027", "THUONG", "THUONG", "Tổ chức 03 lớp bồi dưỡng cho văn thư các đơn vị."));

    record External(String organId, String organName, String typeCode, String typeName, String number, String notation, String subject, String priority) {}

    static final List<External> INCOMING = List.of(
            new External("000.00.00.G22", "Văn phòng Chính phủ", "TB", "Thông báo", "412", "TB-VPCP", "Thông báo kết luận về thúc đẩy chuyển đổi số trong cơ quan nhà nước", "2"),
            new External("000.00.00.G12", "Bộ Tài chính", "CV", "Công văn", "1536", "BTC-NSNN", "Về việc hướng dẫn lập dự toán kinh phí chuyển đổi số năm 2027", "0"),
            new External("000.00.18.G12", "Tổng cục Thuế", "CV", "Công văn", "905", "TCT-CNTT", "Về việc kết nối dữ liệu hóa đơn điện tử", "0"),
            new External("000.00.00.G22", "Văn phòng Chính phủ", "CV", "Công văn", "7816", "VPCP-TTĐT", "Về việc gửi, nhận văn bản điện tử qua Trục liên thông văn bản quốc gia", "3"),
            new External("000.00.00.G12", "Bộ Tài chính", "QĐ", "Quyết định", "88", "QĐ-BTC", "Quyết định ban hành định mức chi cho ứng dụng công nghệ thông tin", "0"),
            new External("000.00.00.G22", "Văn phòng Chính phủ", "CV", "Công văn", "8120", "VPCP-KSTT", "Về việc đánh giá chỉ số phục vụ người dân, doanh nghiệp", "1"));

    private final Documents documents;
    private final EdxmlExchange exchange;
    private final ObjectProvider<Signatures> signatures;
    private final Accounts accounts;
    private final Units units;
    private final DemoMode demo;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    DemoDocuments(Documents documents, EdxmlExchange exchange, ObjectProvider<Signatures> signatures, Accounts accounts, Units units, DemoMode demo,
            org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.documents = documents;
        this.exchange = exchange;
        this.signatures = signatures;
        this.accounts = accounts;
        this.units = units;
        this.demo = demo;
    }

    /** After the demo organisation (order 0) and the signing module's demo certificates (order 10). */
    @EventListener(ApplicationStartedEvent.class)
    @Order(20)
    void load() {
        if (!demo.enabled() || documents.count() > 0) return;
        Map<String, AccountPrincipal> p = new HashMap<>();
        for (String u : List.of("soanthao.btl86", "ky.btl86", "vanthu.btl86", "vanthu.qk1", "chihuy.qk1", "xuly.qk1")) {
            accounts.principalOf(u).ifPresent(a -> p.put(u, a));
        }
        if (p.size() < 6) {
            log.info("Demo documents not loaded: demo accounts missing");
            return;
        }
        long t0 = System.nanoTime();
        try {
            int[] n = tx.execute(st -> loadAll(p)); // all or nothing
            log.info("Demo documents loaded: {} drafted, {} issued and sent, {} imported by edXML in {} ms", n[0], n[1], n[2], (System.nanoTime() - t0) / 1_000_000);
        } catch (DomainException e) {
            log.warn("Demo documents stopped: {} {}", e.messageKey(), java.util.Arrays.toString(e.args()));
        }
    }

    private int[] loadAll(Map<String, AccountPrincipal> p) {
        Map<String, Unit> byCode = new HashMap<>();
        as(p.get("vanthu.btl86"), () -> {
            units.directory(5000).forEach(u -> byCode.put(u.code(), u));
            return null;
        });
        Unit btl86 = byCode.get("BTL86");
        Unit qk1 = byCode.get("QK1");
        String signerId = Long.toString(p.get("ky.btl86").officialId());
        Signatures s = signatures.getIfAvailable();
        boolean canSign = s != null && s.hasPersonalCertificate(p.get("ky.btl86").officialId()) && s.hasUnitCertificate(btl86.id());
        int drafted = 0, issued = 0, imported = 0;
        for (int i = 0; i < OUTGOING.size(); i++) {
            Spec spec = OUTGOING.get(i);
            String drafter = spec.secrecy().equals("THUONG") ? "soanthao.btl86" : "vanthu.btl86";
            List<Documents.RecipientInput> to = new ArrayList<>();
            to.add(new Documents.RecipientInput(Long.toString(qk1.id()), null, null));
            if (i % 4 == 0 && byCode.containsKey("QK3")) to.add(new Documents.RecipientInput(Long.toString(byCode.get("QK3").id()), null, null));
            Document d = as(p.get(drafter), () -> documents.draft(new Documents.Draft(spec.type(), spec.subject(), spec.secrecy(), spec.urgency(),
                    Long.toString(btl86.id()), signerId, to, spec.body()), null));
            drafted++;
            if (!canSign || i >= OUTGOING.size() - 3) continue; // the last three stay drafts, to be signed in the demo
            as(p.get("ky.btl86"), () -> documents.sign(d.id(), PIN.toCharArray()));
            as(p.get("vanthu.btl86"), () -> documents.issue(d.id()));
            as(p.get("vanthu.btl86"), () -> documents.send(d.id(), "MILITARY_NETWORK"));
            issued++;
            if (i % 3 == 2 || spec.secrecy().equals("MAT")) continue; // some wait for the QK1 clerk (and the Mật one for someone cleared)
            as(p.get("vanthu.qk1"), () -> documents.receive(d.id(), qk1.id()));
            if (i % 2 == 0) {
                as(p.get("chihuy.qk1"), () -> documents.assign(d.id(), new Documents.AssignmentInput(null,
                        Long.toString(p.get("xuly.qk1").officialId()), "LEAD", null, 5)));
            }
        }
        for (int i = 0; i < INCOMING.size(); i++) {
            External e = INCOMING.get(i);
            boolean toQk1 = i % 3 != 2;
            Unit addressee = toQk1 ? qk1 : btl86;
            byte[] pdf = Decree30.pdf(new Decree30Document(null, e.organName(), new DocumentNumber(Integer.parseInt(e.number()), e.notation()),
                    SecrecyLevel.THUONG, new PlaceAndDate("Hà Nội", LocalDate.of(2026, 11, 2 + i)), e.typeName(), e.subject(),
                    List.of(new Decree30Document.Section(null, List.of(new Decree30Document.Paragraph(e.subject() + ". Nội dung minh họa cho bản demo.")))),
                    new Decree30Document.Signature(List.of("KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"), "Nguyễn Văn Minh (minh họa)"), List.of(addressee.name(), "Lưu: VT")));
            String date = LocalDate.of(2026, 11, 2 + i).toString();
            EdxmlMessage m = new EdxmlMessage(new EdxmlMessage.Organ(e.organId(), e.organName(), null, null, null, null, null, null),
                    List.of(new EdxmlMessage.Organ(addressee.organId(), addressee.name(), null, null, null, null, null, null)), e.number(), e.notation(),
                    "Hà Nội", date, e.typeCode(), e.typeName(), e.subject(), null, new EdxmlMessage.Signer("KT. BỘ TRƯỞNG", "Thứ trưởng", "Nguyễn Văn Minh (minh họa)"),
                    null, List.of(addressee.name()), new EdxmlMessage.OtherInfo(e.priority(), null, null, "1", "1", List.of()), null, "0",
                    e.organId() + "," + date.replace('-', '/') + "," + e.number() + "/" + e.notation(),
                    List.of(new EdxmlMessage.Trace(e.organId(), date + "T08:00:00+07:00")), null,
                    List.of(new EdxmlMessage.Attachment("1", e.number() + "-" + e.notation() + ".pdf", "application/pdf", null, pdf)));
            var result = as(p.get(toQk1 ? "vanthu.qk1" : "vanthu.btl86"), () -> exchange.importMessage(EdXml.write(m)));
            imported++;
            if (toQk1 && i % 2 == 0) {
                long docId = result.document().id();
                int days = 3 + i;
                var a = as(p.get("chihuy.qk1"), () -> documents.assign(docId, new Documents.AssignmentInput(null,
                        Long.toString(p.get("xuly.qk1").officialId()), "LEAD", null, days)));
                if (days == 3) as(p.get("xuly.qk1"), () -> documents.progress(a.id(), "Đã nghiên cứu, đang dự thảo văn bản triển khai.", 40));
            }
        }
        return new int[] {drafted, issued, imported};
    }

}
