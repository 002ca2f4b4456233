package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.truongson.support.PlatformTest;

/** The pool takes its sizes from {@code truongson.db.pool.*}: the tests ask for one idle connection per context. */
@PlatformTest
class ConnectionPoolTest {

    @Autowired DataSource dataSource;

    @Test
    void the_pool_is_sized_by_configuration() {
        HikariDataSource pool = (HikariDataSource) dataSource;
        assertThat(pool.getMaximumPoolSize()).isEqualTo(20);
        assertThat(pool.getMinimumIdle()).isEqualTo(1);
        assertThat(pool.getIdleTimeout()).isEqualTo(10_000);
        // Issue 10, findings 2 and 14: a full pool or a dead database fails in 1.5 s (answered 503 within 2 s), not HikariCP's 30 s.
        assertThat(pool.getConnectionTimeout()).isEqualTo(1_500);
    }
}
