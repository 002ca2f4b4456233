package vn.truongson.publicservice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.truongson.calendar.WorkingCalendar;

/**
 * Dossier codes (mã hồ sơ) from the configured pattern, default {@code {unit}-{yyMMdd}-{seq}} (DOMAIN-VN.md §3):
 * the sequence is per implementing unit and day, counted in the database so that nodes never hand out one twice.
 */
@Component
class DossierCodes {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final JdbcClient jdbc;
    private final PublicServiceProperties props;

    DossierCodes(JdbcClient jdbc, PublicServiceProperties props) {
        this.jdbc = jdbc;
        this.props = props;
    }

    String next(long unitId, String unitCode, Instant at) {
        LocalDate day = at.atZone(WorkingCalendar.ZONE).toLocalDate();
        int seq = jdbc.sql("""
                insert into publicservice_code_counter (unit_id, day, last) values (?, ?, 1)
                on conflict (unit_id, day) do update set last = publicservice_code_counter.last + 1 returning last""")
                .params(unitId, day).query(Integer.class).single();
        return format(props.codePattern(), unitCode, day, seq);
    }

    static String format(String pattern, String unitCode, LocalDate day, int seq) {
        return pattern.replace("{unit}", unitCode).replace("{yyMMdd}", YYMMDD.format(day)).replace("{yyyyMMdd}", YYYYMMDD.format(day))
                .replace("{seq}", seq < 10000 ? "%04d".formatted(seq) : Integer.toString(seq));
    }
}
