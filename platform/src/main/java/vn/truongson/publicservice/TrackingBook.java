package vn.truongson.publicservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.SqlFilter;
import vn.truongson.audit.AuditTrail;
import vn.truongson.org.Units;

/**
 * The tracking book (Sổ theo dõi hồ sơ, Mẫu 06) as Excel: a line per dossier received in the period, in the book's
 * columns, and a sheet of the period's figures per unit.
 */
@Service
public class TrackingBook {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final int MAX_ROWS = 200_000;

    private final JdbcClient jdbc;
    private final AccessPolicy policy;
    private final Statistics statistics;
    private final Units units;
    private final AuditTrail audit;

    TrackingBook(JdbcClient jdbc, AccessPolicy policy, Statistics statistics, Units units, AuditTrail audit) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.statistics = statistics;
        this.units = units;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public byte[] workbook(LocalDate from, LocalDate to, @Nullable Long unitId) {
        List<Statistics.Figures> perUnit = statistics.perUnit(from, to, unitId);
        Map<Long, String> names = units.names(perUnit.stream().map(f -> f.unitId()).toList());
        java.time.Instant[] b = Statistics.bounds(from, to);
        SqlFilter acl = policy.visibility(Dossiers.READERS).where("d.unit_id", null);
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            CellStyle head = wb.createCellStyle();
            Font bold = wb.createFont();
            bold.setBold(true);
            head.setFont(bold);
            Sheet book = wb.createSheet("Mẫu 06 - Sổ theo dõi");
            String[] cols = {"STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức", "Số định danh", "Điện thoại", "Cơ quan chủ trì giải quyết",
                    "Nhận hồ sơ vào lúc", "Hẹn trả kết quả", "Có kết quả lúc", "Trả kết quả lúc", "Đúng hạn/Quá hạn", "Hình thức nộp", "Trạng thái"};
            Row h = book.createRow(0);
            for (int i = 0; i < cols.length; i++) {
                h.createCell(i).setCellValue(cols[i]);
                h.getCell(i).setCellStyle(head);
            }
            int[] r = {1};
            var spec = jdbc.sql("""
                    select d.code, p.name, d.applicant_name, d.applicant_id_number, d.applicant_phone, d.unit_id, d.received_at, d.appointment_at,
                      d.result_ready_at, d.returned_at, d.on_time, d.channel, d.status
                    from publicservice_dossier d join publicservice_procedure p on p.id = d.procedure_id
                    where d.received_at >= :from and d.received_at < :end and """ + acl.sql() + " order by d.received_at limit " + MAX_ROWS)
                    .param("from", Timestamp.from(b[0])).param("end", Timestamp.from(b[1]));
            acl.bind(spec).query(rs -> {
                Row row = book.createRow(r[0]);
                row.createCell(0).setCellValue(r[0]);
                row.createCell(1).setCellValue(rs.getString(1));
                row.createCell(2).setCellValue(rs.getString(2));
                row.createCell(3).setCellValue(rs.getString(3));
                row.createCell(4).setCellValue(rs.getString(4));
                row.createCell(5).setCellValue(rs.getString(5) == null ? "" : rs.getString(5));
                row.createCell(6).setCellValue(names.getOrDefault(rs.getLong(6), Long.toString(rs.getLong(6))));
                for (int i = 0; i < 4; i++) {
                    Timestamp t = rs.getTimestamp(7 + i);
                    row.createCell(7 + i).setCellValue(t == null ? "" : Forms.shortTime(t.toInstant()));
                }
                Object onTime = rs.getObject(11);
                row.createCell(11).setCellValue(onTime == null ? "" : ((Boolean) onTime ? "Đúng hạn" : "Quá hạn"));
                row.createCell(12).setCellValue("ONLINE".equals(rs.getString(12)) ? "Trực tuyến" : "Trực tiếp");
                row.createCell(13).setCellValue(DossierStatus.valueOf(rs.getString(13)).vietnamese());
                r[0]++;
            });
            Sheet sum = wb.createSheet("Tổng hợp");
            String[] scols = {"Đơn vị", "Tiếp nhận", "Đã trả", "Trả đúng hạn", "Trả quá hạn", "Đang giải quyết", "Quá hạn", "Nộp trực tuyến"};
            Row sh = sum.createRow(0);
            for (int i = 0; i < scols.length; i++) {
                sh.createCell(i).setCellValue(scols[i]);
                sh.getCell(i).setCellStyle(head);
            }
            int i = 1;
            for (Statistics.Figures f : perUnit) {
                Row row = sum.createRow(i++);
                row.createCell(0).setCellValue(names.getOrDefault(f.unitId(), String.valueOf(f.unitId())));
                long[] v = {f.received(), f.returned(), f.returnedOnTime(), f.returnedLate(), f.inProgress(), f.overdue(), f.filedOnline()};
                for (int c = 0; c < v.length; c++) row.createCell(c + 1).setCellValue(v[c]);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            audit.recordSeparately("publicservice.statistics.export", "tracking-book", AuditTrail.SUCCESS, from + ".." + to + (unitId == null ? "" : " unit:" + unitId));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
