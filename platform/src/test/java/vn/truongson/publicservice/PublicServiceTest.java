package vn.truongson.publicservice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import vn.truongson.programme.TestClock;
import vn.truongson.support.PlatformTest;

/** The whole platform with the demo data and a clock the test can hold still (the same context as the programme tests). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@PlatformTest
@Import(TestClock.Config.class)
public @interface PublicServiceTest {}
