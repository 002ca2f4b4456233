package vn.truongson.programme;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import vn.truongson.support.PlatformTest;

/** The whole platform with the demo organisation, and a clock the test can hold still. All programme HTTP tests share it. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@PlatformTest
@Import(TestClock.Config.class)
public @interface ProgrammeTest {}
