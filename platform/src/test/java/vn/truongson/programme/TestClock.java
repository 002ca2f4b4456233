package vn.truongson.programme;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The platform's clock, held still where a test says so: reports can then be submitted before and after a
 * deadline of any period. Unset, it is the system clock (sign-in with TOTP reads it too).
 */
public final class TestClock extends Clock {

    private volatile Instant fixed;

    public void set(String offsetDateTime) {
        fixed = OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }

    /**
     * Puts the clock back to the system's after each test class, whichever class held it still: every class of the
     * shared context ({@link vn.truongson.support.PlatformTest}) starts on the system's clock. Registered for all Spring
     * tests in META-INF/spring.factories.
     */
    public static final class ResetAfterClass implements org.springframework.test.context.TestExecutionListener {
        @Override
        public void afterTestClass(org.springframework.test.context.TestContext testContext) {
            if (testContext.hasApplicationContext()) {
                testContext.getApplicationContext().getBeanProvider(TestClock.class).ifAvailable(TestClock::reset);
            }
        }
    }
}
