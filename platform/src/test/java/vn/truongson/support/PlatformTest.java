package vn.truongson.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform on a random port, on the test PostgreSQL, with the demo organisation loaded. Every
 * test class with this annotation shares one application context, so the suite starts it once.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"truongson.demo.enabled=true", "truongson.data-dir=target/test-data",
                // A loaded test machine must not turn guesses into 503s (the bounded wait is SignInRateLimitsTest's).
                "truongson.access.sign-in.hashing-wait=10s"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
public @interface PlatformTest {}
