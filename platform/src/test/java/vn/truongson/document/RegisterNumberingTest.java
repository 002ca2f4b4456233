package vn.truongson.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import vn.truongson.support.PlatformTest;

/**
 * Numbering from the registers under concurrency (Decree 30, Art. 15): many clerks' transactions at once on one
 * register get consecutive numbers without a duplicate, and a transaction that fails after taking its number gives
 * it back, leaving no gap. Each test uses its own (unit, year) register so the tests cannot disturb each other.
 */
@PlatformTest
class RegisterNumberingTest {

    @Autowired Registers registers;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    long unit() {
        return jdbc.sql("select id from org_unit where code = 'BTL86'").query(Long.class).single();
    }

    @Test
    void forty_concurrent_transactions_get_1_to_40_with_some_failing_after_allocation() throws Exception {
        long unit = unit();
        int year = 2101;
        int threads = 16;
        int attempts = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            boolean fail = i % 3 == 2; // every third transaction fails after it took its number
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    return tx.execute(s -> {
                        int n = registers.next(unit, year, Registers.Direction.OUT, false);
                        try { Thread.sleep(2); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                        if (fail) throw new IllegalStateException("agency signature failed after number " + n);
                        return n;
                    });
                } catch (IllegalStateException e) {
                    return -1;
                }
            }));
        }
        start.countDown();
        List<Integer> got = new ArrayList<>();
        for (Future<Integer> f : futures) {
            int n = f.get();
            if (n > 0) got.add(n);
        }
        pool.shutdown();
        Collections.sort(got);
        assertThat(got).hasSize(40);
        for (int i = 0; i < got.size(); i++) assertThat(got.get(i)).isEqualTo(i + 1); // contiguous from 01, no duplicate
        assertThat(registers.last(unit, year, Registers.Direction.OUT, false)).isEqualTo(40);
    }

    int next(long unit, int year, Registers.Direction d, boolean classified) {
        Integer n = tx.execute(s -> registers.next(unit, year, d, classified));
        return n == null ? -1 : n;
    }

    @Test
    void each_year_and_the_classified_series_and_the_incoming_register_start_at_01() {
        long unit = unit();
        assertThat(next(unit, 2102, Registers.Direction.OUT, false)).isEqualTo(1);
        assertThat(next(unit, 2102, Registers.Direction.OUT, false)).isEqualTo(2);
        assertThat(next(unit, 2102, Registers.Direction.OUT, true)).isEqualTo(1);
        assertThat(next(unit, 2102, Registers.Direction.IN, false)).isEqualTo(1);
        assertThat(next(unit, 2103, Registers.Direction.OUT, false)).isEqualTo(1);
    }
}
