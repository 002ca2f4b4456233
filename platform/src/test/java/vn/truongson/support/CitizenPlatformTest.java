package vn.truongson.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole platform on a random port (as {@link PlatformTest}) pointed at the real sandbox registry and its
 * e-identity provider ({@link SandboxRegistry#shared()}, a separate JVM): for tests of what citizens do,
 * signed in through {@link CitizenSession}. Every class with this annotation shares one context and one sandbox.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"truongson.demo.enabled=true", "truongson.data-dir=target/test-data"})
@AutoConfigureMockMvc
@ContextConfiguration(initializers = {TestDatabase.Initializer.class, SandboxRegistry.SharedInitializer.class})
public @interface CitizenPlatformTest {}
