package vn.truongson.secops.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import vn.truongson.core.DomainException;
import vn.truongson.core.Ids;
import vn.truongson.org.Units;
import vn.truongson.secops.SystemRegister;
import vn.truongson.secops.SystemRegister.RegisteredSystem;

/** /office/security/systems: the Decree 85 register, a system's page with its checklist, and the Excel export per unit. */
@Controller
class SystemRegisterScreens {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    record Line(String id, String code, String name, String ownerName, @Nullable String operator, int level, String secrecy, String dossier,
            String dossierStatus, @Nullable String decision, @Nullable String lastReview, @Nullable String nextReview, List<String> warnings,
            List<String> warningCodes, int required, int done, int partial, int version, @Nullable String operatorUnitId, @Nullable String operatorName) {}

    private final SystemRegister register;
    private final Units units;
    private final MessageSource messages;

    SystemRegisterScreens(SystemRegister register, Units units, MessageSource messages) {
        this.register = register;
        this.units = units;
        this.messages = messages;
    }

    static @Nullable String day(@Nullable LocalDate d) {
        return d == null ? null : DAY.format(d);
    }

    private List<Line> lines(List<RegisteredSystem> list) {
        Set<Long> ids = new HashSet<>();
        for (RegisteredSystem s : list) {
            ids.add(s.ownerUnitId());
            if (s.operatorUnitId() != null) ids.add(s.operatorUnitId());
        }
        Map<Long, String> names = units.names(ids);
        return list.stream().map(s -> new Line(Ids.str(s.id()), s.code(), s.name(), names.getOrDefault(s.ownerUnitId(), "—"),
                s.operatorUnitId() != null ? names.getOrDefault(s.operatorUnitId(), "—") : s.operatorName(), s.level(), s.secrecy().vietnamese(),
                s.dossierStatus().vietnamese(), s.dossierStatus().name(),
                s.decisionNumber() == null ? null : s.decisionNumber() + ", " + day(s.decisionDate()) + " (" + s.decisionBy() + ")",
                day(s.lastReviewOn()), day(s.nextReviewOn()), s.warnings().stream().map(SystemRegister.Warning::vietnamese).toList(),
                s.warnings().stream().map(Enum::name).toList(), s.required(), s.done(), s.partial(), s.version(),
                s.operatorUnitId() == null ? null : Ids.str(s.operatorUnitId()), s.operatorName())).toList();
    }

    @GetMapping("/office/security/systems")
    String list(@RequestParam(required = false) @Nullable String unitId, @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String warnings, Model model) {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        boolean only = "true".equals(warnings);
        List<Line> lines = lines(register.list(unit, q, only));
        model.addAttribute("systems", lines);
        model.addAttribute("unitId", unit == null ? "" : Ids.str(unit));
        model.addAttribute("unitName", unit == null ? null : units.names(List.of(unit)).get(unit));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("warningsOnly", only);
        model.addAttribute("overdue", lines.stream().filter(l -> l.warningCodes().contains("REVIEW_OVERDUE")).count());
        model.addAttribute("levels", register.levels());
        model.addAttribute("units", units.directory(2000));
        return "secops/systems";
    }

    @PostMapping("/office/security/systems")
    String create(@RequestParam Map<String, String> form, Locale locale, RedirectAttributes redirect) {
        Integer level = parseLevel(form.get("level"));
        try {
            RegisteredSystem s = register.register(new SystemRegister.NewSystem(form.get("code"), form.get("name"), form.get("ownerUnitId"),
                    blank(form.get("operatorUnitId")), form.get("operatorName"), level, form.get("secrecy"), form.get("catalogueCode")));
            redirect.addFlashAttribute("notice", "Đã đăng ký hệ thống " + s.code() + ".");
            return "redirect:/office/security/systems/" + s.id();
        } catch (DomainException.BadInput | DomainException.Conflict | DomainException.Forbidden e) {
            redirect.addFlashAttribute("error", message(e, locale));
            return "redirect:/office/security/systems";
        }
    }

    @GetMapping("/office/security/systems/{id}")
    String system(@PathVariable("id") long sid, Model model) {
        RegisteredSystem s = register.get(sid);
        model.addAttribute("s", lines(List.of(s)).getFirst());
        model.addAttribute("level", register.levels().get(s.level() - 1));
        model.addAttribute("controls", register.controls(sid).stream().map(c -> Map.of("code", c.code(), "title", c.title(), "source", c.source(),
                "status", c.status().name(), "statusName", c.status().vietnamese(), "evidence", c.evidence() == null ? "" : c.evidence(),
                "evidenceName", c.evidenceName() == null ? "" : c.evidenceName(), "file", c.evidenceFile(),
                "updated", c.updatedBy() == null ? "" : c.updatedBy() + ", " + SecurityScreens.when(c.updatedAt()))).toList());
        model.addAttribute("mayKeep", register.mayKeep(s));
        model.addAttribute("mayApprove", register.mayApprove(s));
        model.addAttribute("units", units.directory(2000));
        return "secops/system";
    }

    @PostMapping("/office/security/systems/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "Đã lưu thông tin hệ thống.", () -> register.update(id,
                new SystemRegister.Change(parseInt(form.get("version")), form.get("name"), blank(form.get("operatorUnitId")), form.get("operatorName"),
                        parseLevel(form.get("level")))));
    }

    @PostMapping("/office/security/systems/{id}/submit")
    String submit(@PathVariable long id, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "Đã trình thẩm định hồ sơ đề xuất cấp độ.", () -> register.submit(id));
    }

    @PostMapping("/office/security/systems/{id}/approval")
    String approve(@PathVariable long id, @RequestParam Map<String, String> form, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "Đã ghi quyết định phê duyệt cấp độ.", () -> register.approve(id,
                new SystemRegister.Approval(form.get("decisionNumber"), form.get("decisionDate"), form.get("decisionBy"))));
    }

    @PostMapping("/office/security/systems/{id}/review")
    String review(@PathVariable long id, @RequestParam(required = false) @Nullable String reviewedOn, Locale locale, RedirectAttributes redirect) {
        return act(id, locale, redirect, "Đã ghi nhận kiểm tra, đánh giá định kỳ.", () -> register.reviewed(id, reviewedOn));
    }

    @PostMapping("/office/security/systems/{id}/controls/{code}")
    String mark(@PathVariable long id, @PathVariable String code, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String evidence, @RequestParam(required = false) @Nullable MultipartFile file, Locale locale,
            RedirectAttributes redirect) {
        return act(id, locale, redirect, "Đã cập nhật biện pháp.", () -> {
            try {
                if (file == null || file.isEmpty()) return register.mark(id, code, status, evidence, null, null);
                try (InputStream in = file.getInputStream()) {
                    return register.mark(id, code, status, evidence, file.getOriginalFilename(), in);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private String act(long id, Locale locale, RedirectAttributes redirect, String done, Supplier<?> action) {
        long sid = id;
        try {
            action.get();
            redirect.addFlashAttribute("notice", done);
        } catch (DomainException.BadInput | DomainException.Conflict | DomainException.Forbidden e) {
            redirect.addFlashAttribute("error", message(e, locale));
        }
        return "redirect:/office/security/systems/" + sid;
    }

    private String message(DomainException e, Locale locale) {
        if (e instanceof DomainException.BadInput b) {
            List<String> errs = new ArrayList<>();
            for (var f : b.errors()) errs.add(f.field() + ": " + messages.getMessage(f.messageKey(), f.args(), f.messageKey(), locale));
            return String.join(" ", errs);
        }
        return messages.getMessage(e.messageKey(), e.args(), e.messageKey(), locale);
    }

    private static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static @Nullable Integer parseLevel(@Nullable String s) {
        Integer v = parseInt(s);
        return v == null ? null : v;
    }

    private static @Nullable Integer parseInt(@Nullable String s) {
        if (s == null || s.isBlank() || s.strip().length() > 9 || !s.strip().matches("-?\\d+")) return null;
        return Integer.parseInt(s.strip());
    }

    @GetMapping("/office/security/systems.xlsx")
    void excel(@RequestParam(required = false) @Nullable String unitId, HttpServletResponse res) throws IOException {
        Long unit = unitId == null || unitId.isBlank() ? null : Ids.parse("unitId", unitId);
        List<Line> lines = lines(register.list(unit, null, false));
        register.recordExport(unit, lines.size());
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Hệ thống thông tin");
            CellStyle bold = wb.createCellStyle();
            Font font = wb.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row title = sheet.createRow(0);
            String who = unit == null ? "các đơn vị được phân quyền" : units.names(List.of(unit)).getOrDefault(unit, "");
            title.createCell(0).setCellValue("Danh mục hệ thống thông tin theo cấp độ (Nghị định 85/2016/NĐ-CP): " + who
                    + ", ngày " + DAY.format(LocalDate.now(vn.truongson.calendar.WorkingCalendar.ZONE)));
            title.getCell(0).setCellStyle(bold);
            String[] head = {"STT", "Mã", "Tên hệ thống", "Chủ quản", "Đơn vị vận hành", "Cấp độ", "Độ mật", "Hồ sơ cấp độ", "Quyết định phê duyệt",
                    "Kiểm tra gần nhất", "Hạn kiểm tra tiếp", "Biện pháp đã thực hiện", "Thực hiện một phần", "Số biện pháp theo cấp độ", "Cảnh báo"};
            Row h = sheet.createRow(2);
            for (int i = 0; i < head.length; i++) {
                Cell c = h.createCell(i);
                c.setCellValue(head[i]);
                c.setCellStyle(bold);
            }
            int r = 3;
            for (Line l : lines) {
                Row x = sheet.createRow(r);
                x.createCell(0).setCellValue(r - 2);
                x.createCell(1).setCellValue(l.code());
                x.createCell(2).setCellValue(l.name());
                x.createCell(3).setCellValue(l.ownerName());
                x.createCell(4).setCellValue(l.operator() == null ? "" : l.operator());
                x.createCell(5).setCellValue(l.level());
                x.createCell(6).setCellValue(l.secrecy());
                x.createCell(7).setCellValue(l.dossier());
                x.createCell(8).setCellValue(l.decision() == null ? "" : l.decision());
                x.createCell(9).setCellValue(l.lastReview() == null ? "" : l.lastReview());
                x.createCell(10).setCellValue(l.nextReview() == null ? "" : l.nextReview());
                x.createCell(11).setCellValue(l.done());
                x.createCell(12).setCellValue(l.partial());
                x.createCell(13).setCellValue(l.required());
                x.createCell(14).setCellValue(String.join("; ", l.warnings()));
                r++;
            }
            for (int i = 0; i < head.length; i++) sheet.autoSizeColumn(i);
            res.setContentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            res.setHeader("Content-Disposition", "attachment; filename=\"danh-muc-he-thong-cap-do.xlsx\"");
            wb.write(res.getOutputStream());
        }
    }
}
