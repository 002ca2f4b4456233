package vn.truongson.document;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Number allocation from the registers (sổ đăng ký). Decree 30/2020, Art. 15 and 22: numbers start at 01 on
 * 1 January, run consecutively through the year, per register; classified documents have their own series. The
 * upsert takes the register row's lock until the caller's transaction ends, so concurrent clerks queue on it (on
 * every node alike), and a rollback after allocation gives the number back: no gap, no duplicate.
 */
@Component
public class Registers {

    public enum Direction { OUT, IN }

    private final JdbcClient jdbc;

    Registers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The next number of the register, inside the caller's transaction (which must exist). */
    @Transactional(propagation = Propagation.MANDATORY)
    public int next(long unitId, int year, Direction direction, boolean classified) {
        return jdbc.sql("""
                insert into document_register (unit_id, year, direction, classified, last_number) values (?, ?, ?, ?, 1)
                on conflict (unit_id, year, direction, classified) do update set last_number = document_register.last_number + 1
                returning last_number""")
                .params(unitId, year, direction.name(), classified).query(Integer.class).single();
    }

    /** The last number given, 0 when none yet this year. */
    public int last(long unitId, int year, Direction direction, boolean classified) {
        return jdbc.sql("select last_number from document_register where unit_id = ? and year = ? and direction = ? and classified = ?")
                .params(unitId, year, direction.name(), classified).query(Integer.class).optional().orElse(0);
    }
}
