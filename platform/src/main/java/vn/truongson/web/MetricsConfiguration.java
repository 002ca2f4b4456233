package vn.truongson.web;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.truongson.core.DomainMetrics;

/**
 * /actuator/prometheus for strict parsers: every meter has a description (HELP text), and the domain counters of
 * {@link DomainMetrics} are registered, described, at start-up.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * Micrometer leaves the description of many library meters (JVM, Tomcat, HikariCP, executors…) unset, and the
     * Prometheus registry then writes an empty {@code # HELP name} line, which strict parsers reject. This filter, applied
     * by Spring Boot to every registry before any meter is created, fills a missing description from the meter's name.
     */
    @Bean
    MeterFilter describeEveryMeter() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String d = id.getDescription();
                if (d != null && !d.isBlank()) return id;
                return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), describe(id.getName()), id.getType());
            }
        };
    }

    /** "jvm.gc.pause" → "Jvm gc pause (jvm.gc.pause)": readable, and it names the meter Micrometer documents. */
    static String describe(String name) {
        String words = name.replace('.', ' ').replace('_', ' ').replace('-', ' ').trim();
        if (words.isEmpty()) return name;
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1) + " (" + name + ")";
    }

    @Bean
    MeterBinder domainCounters() {
        return registry -> {
            for (DomainMetrics.Counter c : DomainMetrics.Counter.values()) {
                io.micrometer.core.instrument.Counter.builder(c.meterName).description(c.description).register(registry);
            }
        };
    }
}
