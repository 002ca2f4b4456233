package vn.truongson.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import vn.truongson.programme.TestClock;

/**
 * The whole platform on a random port, on the test PostgreSQL, with the demo organisation loaded. Every
 * test class with this annotation shares one application context, so the suite starts it once.
 *
 * <p>Its clock is {@link TestClock}: the system's UTC clock (as the platform's own) until a test holds it still. The
 * programme and public-service tests do; it is put back to the system's after every test class
 * ({@link TestClock.ResetAfterClass}), so a class never meets another's held clock. (It was a second context of its own,
 * started once more in every run.)
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"truongson.demo.enabled=true", "truongson.data-dir=target/test-data",
                // A loaded test machine must not turn guesses into 503s (the bounded wait is SignInRateLimitsTest's).
                "truongson.access.sign-in.hashing-wait=10s"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@Import(TestClock.Config.class)
public @interface PlatformTest {}
