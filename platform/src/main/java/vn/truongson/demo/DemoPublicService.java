package vn.truongson.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.access.AccountPrincipal;
import vn.truongson.access.Accounts;
import vn.truongson.access.Role;
import vn.truongson.core.DomainException;
import vn.truongson.org.Unit;
import vn.truongson.org.Units;
import vn.truongson.publicservice.Procedure;
import vn.truongson.publicservice.Procedure.FieldType;
import vn.truongson.publicservice.Procedure.Level;
import vn.truongson.publicservice.Procedures;
import vn.truongson.runtime.DemoMode;

/**
 * The demo catalogue: ministry procedures drawn from the seeds' themes (military service registration, military
 * school admissions, border-area permits, vessels at border gates), written plausibly and published as
 * illustrative (minh họa) by the demo administrator. Loaded once, when the catalogue is empty.
 */
@Component
class DemoPublicService {

    private static final Logger log = LoggerFactory.getLogger(DemoPublicService.class);
    static final String ADMIN = "admin";

    private final Procedures procedures;
    private final Units units;
    private final Accounts accounts;
    private final TransactionTemplate tx;
    private final DemoMode demo;

    DemoPublicService(Procedures procedures, Units units, Accounts accounts, TransactionTemplate tx, DemoMode demo) {
        this.procedures = procedures;
        this.units = units;
        this.accounts = accounts;
        this.tx = tx;
        this.demo = demo;
    }

    @EventListener(ApplicationStartedEvent.class)
    @Order(2)
    void load() {
        if (!demo.enabled() || procedures.count() > 0) return;
        AccountPrincipal admin = accounts.principalOf(ADMIN).orElse(null);
        if (admin == null) return;
        try {
            Integer n = DemoActors.as(admin, () -> tx.execute(s -> loadAll()));
            log.info("Demo public-service catalogue loaded: {} procedures (illustrative)", n);
        } catch (DomainException.BadInput e) {
            throw new IllegalStateException("demo procedures refused: " + e.errors().stream().map(f -> f.field() + " " + f.messageKey()).toList(), e);
        }
    }

    private int loadAll() {
        Map<String, Unit> u = units.byCodes(Set.of("BCHQSHN", "CNT", "BPLS", "BPQN", "DBPCHP", "DBPHG", "DBPMC", "CCKBP"));
        List<Procedures.NewProcedure> all = new ArrayList<>();
        var person = List.of(
                f("fullName", "Họ, chữ đệm và tên", FieldType.TEXT, true, "fullName", null),
                f("idNumber", "Số định danh cá nhân", FieldType.ID_NUMBER, true, "idNumber", "12 chữ số trên thẻ Căn cước"),
                f("dateOfBirth", "Ngày, tháng, năm sinh", FieldType.DATE, true, "dateOfBirth", "dd/MM/yyyy"),
                f("placeOfResidence", "Nơi cư trú", FieldType.TEXT, true, "placeOfResidence", null),
                f("phone", "Số điện thoại liên hệ", FieldType.PHONE, true, "phone", null));

        all.add(new Procedures.NewProcedure("BQP-NVQS-01", "Đăng ký nghĩa vụ quân sự lần đầu", "Nghĩa vụ quân sự", u.get("BCHQSHN").id(),
                Level.FULL_ONLINE, 1, null, "Không thu phí", 0,
                List.of(c("anhChanDung", "Ảnh chân dung 4x6 cm, chụp không quá 6 tháng", false),
                        c("bangTotNghiep", "Bản chụp văn bằng, chứng chỉ cao nhất", false)),
                form(person, f("education", "Trình độ học vấn", FieldType.SELECT, true, null, null, "Chưa tốt nghiệp THCS", "Tốt nghiệp THCS",
                        "Tốt nghiệp THPT", "Cao đẳng", "Đại học"),
                        f("occupation", "Nghề nghiệp, nơi làm việc hoặc học tập", FieldType.TEXT, true, null, null),
                        f("fatherName", "Họ tên cha", FieldType.TEXT, false, null, null),
                        f("motherName", "Họ tên mẹ", FieldType.TEXT, false, null, null)),
                List.of(st(1, "Tiếp nhận, kiểm tra tờ khai", null, Role.ONE_STOP_OFFICER, 0), st(2, "Cập nhật sổ đăng ký, cấp giấy chứng nhận", null,
                        Role.COMMANDER, 1)), true));

        all.add(new Procedures.NewProcedure("BQP-NVQS-02", "Đăng ký tạm hoãn gọi nhập ngũ (đang học tại cơ sở giáo dục)", "Nghĩa vụ quân sự",
                u.get("BCHQSHN").id(), Level.PARTIAL_ONLINE, 5, null, "Không thu phí", 0,
                List.of(c("giayXacNhan", "Giấy xác nhận đang học của cơ sở giáo dục", true)),
                form(person, f("school", "Tên cơ sở giáo dục", FieldType.TEXT, true, null, null),
                        f("courseEnd", "Thời gian kết thúc khóa học", FieldType.DATE, true, null, "dd/MM/yyyy")),
                List.of(st(1, "Tiếp nhận hồ sơ", null, Role.ONE_STOP_OFFICER, 1), st(2, "Xác minh, đề xuất", null, Role.COMMANDER, 4)), true));

        List<Procedure.Field> candidate = new ArrayList<>(person);
        candidate.add(f("school", "Trường đăng ký dự tuyển", FieldType.SELECT, true, null, null, "Học viện Kỹ thuật quân sự", "Học viện Quân y",
                "Trường Sĩ quan Lục quân 1", "Trường Sĩ quan Thông tin", "Trường Sĩ quan Không quân"));
        candidate.add(f("combination", "Tổ hợp xét tuyển", FieldType.SELECT, true, null, null, "A00", "A01", "B00", "C00", "D01"));
        candidate.add(f("height", "Chiều cao (cm)", FieldType.NUMBER, true, null, "Nam từ 163 cm", 140L, 220L));
        candidate.add(f("email", "Thư điện tử", FieldType.EMAIL, false, "email", null));
        all.add(new Procedures.NewProcedure("BQP-TS-01", "Đăng ký sơ tuyển vào các trường quân đội", "Tuyển sinh quân sự", u.get("CNT").id(),
                Level.PARTIAL_ONLINE, 10, null, "Lệ phí sơ tuyển 50.000 đồng/hồ sơ", 50_000,
                List.of(c("phieuSoTuyen", "Phiếu đăng ký sơ tuyển có xác nhận của Ban CHQS cấp xã", true),
                        c("hocBa", "Bản sao học bạ THPT", true), c("anh", "Ảnh chân dung 4x6 cm", false)),
                new Procedure.Form(candidate),
                List.of(st(1, "Tiếp nhận, kiểm tra hồ sơ", null, Role.ONE_STOP_OFFICER, 1), st(2, "Thẩm định hồ sơ, khám sơ tuyển", null,
                        Role.PROCESSING_OFFICER, 7), st(3, "Phê duyệt kết quả sơ tuyển", null, Role.PROCESSING_OFFICER, 2)), true));

        all.add(new Procedures.NewProcedure("BQP-TS-02", "Cấp giấy xác nhận đủ điều kiện dự tuyển vào trường quân đội", "Tuyển sinh quân sự",
                u.get("CNT").id(), Level.FULL_ONLINE, 5, null, "Không thu phí", 0,
                List.of(c("ketQuaSoTuyen", "Thông báo kết quả sơ tuyển", true)),
                form(person, f("school", "Trường đăng ký dự tuyển", FieldType.TEXT, true, null, null)),
                List.of(st(1, "Tiếp nhận hồ sơ", null, Role.ONE_STOP_OFFICER, 1), st(2, "Đối chiếu kết quả sơ tuyển", null, Role.PROCESSING_OFFICER, 3),
                        st(3, "Ký xác nhận", null, Role.PROCESSING_OFFICER, 1)), true));

        all.add(new Procedures.NewProcedure("BQP-TS-03", "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc của trường quân đội", "Giáo dục, đào tạo",
                u.get("CNT").id(), Level.PARTIAL_ONLINE, 3, null, "Phí cấp bản sao 10.000 đồng/bản", 10_000,
                List.of(c("donDeNghi", "Đơn đề nghị cấp bản sao", true), c("giayUyQuyen", "Giấy ủy quyền (khi nhờ người khác nhận)", false)),
                form(person, f("diploma", "Tên văn bằng, chứng chỉ", FieldType.TEXT, true, null, null),
                        f("graduationYear", "Năm tốt nghiệp", FieldType.NUMBER, true, null, null, 1950L, 2030L),
                        f("copies", "Số bản sao", FieldType.NUMBER, true, null, "Tối đa 10 bản", 1L, 10L)),
                List.of(st(1, "Tiếp nhận hồ sơ", null, Role.ONE_STOP_OFFICER, 1), st(2, "Tra cứu sổ gốc, in bản sao", null, Role.PROCESSING_OFFICER, 2)), true));

        List<Procedure.Field> visitor = List.of(
                f("fullName", "Họ và tên (chữ in hoa, không dấu)", FieldType.TEXT, true, null, "Ví dụ: NGUYEN VAN AN", null, null, "[A-Z ]{2,100}"),
                f("nationality", "Quốc tịch (mã ICAO 3 ký tự)", FieldType.TEXT, true, null, "Ví dụ: VNM, CHN, LAO", null, null, "[A-Z]{3}"),
                f("passport", "Số hộ chiếu hoặc giấy tờ có giá trị thay hộ chiếu", FieldType.TEXT, true, null, null),
                f("purpose", "Mục đích vào khu vực biên giới", FieldType.TEXTAREA, true, null, null),
                f("area", "Khu vực, địa điểm đến", FieldType.TEXT, true, null, null),
                f("fromDate", "Từ ngày", FieldType.DATE, true, null, "dd/MM/yyyy"),
                f("toDate", "Đến ngày", FieldType.DATE, true, null, "dd/MM/yyyy"),
                f("phone", "Số điện thoại người bảo lãnh", FieldType.PHONE, true, "phone", null));
        all.add(new Procedures.NewProcedure("BQP-BP-01", "Cấp giấy phép cho người nước ngoài vào khu vực biên giới đất liền", "Biên phòng",
                u.get("BPLS").id(), Level.PARTIAL_ONLINE, 3, null, "Không thu phí", 0,
                List.of(c("vanBan", "Văn bản đề nghị của cơ quan, tổ chức bảo lãnh", true), c("hoChieu", "Bản chụp hộ chiếu", true)),
                new Procedure.Form(visitor),
                List.of(st(1, "Tiếp nhận hồ sơ", null, Role.ONE_STOP_OFFICER, 1), st(2, "Thẩm tra, đề xuất", u.get("BPLS").id(), Role.PROCESSING_OFFICER, 1),
                        st(3, "Chỉ huy phê duyệt, cấp phép", u.get("BPLS").id(), Role.PROCESSING_OFFICER, 1)), true));

        List<Procedure.Field> vessel = List.of(
                f("vesselName", "Tên tàu (chữ in hoa, không dấu)", FieldType.TEXT, true, null, null, null, null, "[A-Z0-9 .-]{2,100}"),
                f("imo", "Số IMO", FieldType.TEXT, true, null, "7 chữ số", null, null, "\\d{7}"),
                f("flag", "Quốc tịch tàu (mã ICAO 3 ký tự)", FieldType.TEXT, true, null, null, null, null, "[A-Z]{3}"),
                f("master", "Họ tên thuyền trưởng (in hoa, không dấu)", FieldType.TEXT, true, null, "Ghi ở dòng đầu danh sách thuyền viên", null, null,
                        "[A-Z ]{2,100}"),
                f("crew", "Số thuyền viên", FieldType.NUMBER, true, null, null, 1L, 500L),
                f("passengers", "Số hành khách", FieldType.NUMBER, true, null, null, 0L, 5000L),
                f("port", "Cảng đến/rời", FieldType.TEXT, true, null, null),
                f("eta", "Ngày dự kiến", FieldType.DATE, true, null, "dd/MM/yyyy"));
        List<Procedure.Component> vesselDocs = List.of(c("crewList", "Danh sách thuyền viên (thuyền trưởng ở dòng đầu)", true),
                c("passengerList", "Danh sách hành khách (nếu có)", false), c("declaration", "Bản khai chung (General Declaration)", true));
        all.add(new Procedures.NewProcedure("BQP-BP-02", "Thủ tục biên phòng điện tử đối với tàu thuyền nhập cảnh tại cửa khẩu cảng", "Biên phòng",
                u.get("DBPCHP").id(), Level.FULL_ONLINE, null, 2, "Không thu phí", 0, vesselDocs, new Procedure.Form(vessel),
                List.of(st(1, "Tiếp nhận khai báo điện tử", null, Role.ONE_STOP_OFFICER, null, 1),
                        st(2, "Kiểm tra, chấp thuận nhập cảnh", null, Role.PROCESSING_OFFICER, null, 1)), true));
        all.add(new Procedures.NewProcedure("BQP-BP-03", "Thủ tục biên phòng điện tử đối với tàu thuyền xuất cảnh tại cửa khẩu cảng", "Biên phòng",
                u.get("DBPHG").id(), Level.FULL_ONLINE, null, 2, "Không thu phí", 0, vesselDocs, new Procedure.Form(vessel),
                List.of(st(1, "Tiếp nhận khai báo điện tử", null, Role.ONE_STOP_OFFICER, null, 1),
                        st(2, "Kiểm tra, chấp thuận xuất cảnh", null, Role.PROCESSING_OFFICER, null, 1)), true));
        all.add(new Procedures.NewProcedure("BQP-BP-04", "Cấp giấy phép xuống tàu thuyền nước ngoài tại cửa khẩu cảng", "Biên phòng",
                u.get("DBPMC").id(), Level.PARTIAL_ONLINE, null, 8, "Không thu phí", 0,
                List.of(c("deNghi", "Văn bản đề nghị của đại lý tàu hoặc cơ quan, doanh nghiệp", true), c("danhSach", "Danh sách người xuống tàu", true)),
                new Procedure.Form(List.of(vessel.get(0), vessel.get(1), f("people", "Số người xuống tàu", FieldType.NUMBER, true, null, null, 1L, 200L),
                        f("purpose", "Mục đích", FieldType.TEXTAREA, true, null, null), f("date", "Ngày xuống tàu", FieldType.DATE, true, null, "dd/MM/yyyy"))),
                List.of(st(1, "Tiếp nhận hồ sơ", null, Role.ONE_STOP_OFFICER, null, 2), st(2, "Kiểm tra, cấp phép", null, Role.PROCESSING_OFFICER, null, 6)),
                true));
        for (Procedures.NewProcedure p : all) procedures.publish(p);
        return all.size();
    }

    private static Procedure.Component c(String code, String name, boolean required) {
        return new Procedure.Component(code, name, required);
    }

    private static Procedure.Form form(List<Procedure.Field> first, Procedure.Field... more) {
        List<Procedure.Field> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return new Procedure.Form(all);
    }

    private static Procedure.Field f(String name, String label, FieldType type, boolean required, @Nullable String prefill, @Nullable String help,
            String... options) {
        return new Procedure.Field(name, label, type, required, null, null, null, List.of(options), help, prefill);
    }

    private static Procedure.Field f(String name, String label, FieldType type, boolean required, @Nullable String prefill, @Nullable String help,
            @Nullable Long min, @Nullable Long max) {
        return new Procedure.Field(name, label, type, required, null, min, max, List.of(), help, prefill);
    }

    private static Procedure.Field f(String name, String label, FieldType type, boolean required, @Nullable String prefill, @Nullable String help,
            @Nullable Long min, @Nullable Long max, String pattern) {
        return new Procedure.Field(name, label, type, required, pattern, min, max, List.of(), help, prefill);
    }

    private static Procedure.Step st(int ordinal, String name, @Nullable Long unit, Role role, int days) {
        return new Procedure.Step(ordinal, name, unit, role, days, null);
    }

    private static Procedure.Step st(int ordinal, String name, @Nullable Long unit, Role role, @Nullable Integer days, int hours) {
        return new Procedure.Step(ordinal, name, unit, role, days, hours);
    }
}
