package vn.truongson.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

class CalendarPropertiesTests {

    private static CalendarProperties bind(Map<String, String> properties) {
        Binder binder = new Binder(java.util.List.of(new MapConfigurationPropertySource(properties)), null, ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate("truongson.calendar", Bindable.of(CalendarProperties.class));
    }

    @Test
    void defaultsAreTheCivilServiceDay() {
        CalendarProperties p = bind(Map.of());
        assertThat(p.workingHours()).isEqualTo(WorkingHours.DEFAULT);
        assertThat(p.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(CalendarProperties.defaults()).isEqualTo(p);
        assertThat(WorkingHours.DEFAULT.perDay()).isEqualTo(Duration.ofMinutes(450));
    }

    @Test
    void hoursAreConfigurable() {
        CalendarProperties p = bind(Map.of(
                "truongson.calendar.morning-start", "07:30",
                "truongson.calendar.morning-end", "11:30",
                "truongson.calendar.afternoon-start", "13:30",
                "truongson.calendar.afternoon-end", "17:30",
                "truongson.calendar.cache-ttl", "30s"));
        assertThat(p.workingHours()).isEqualTo(new WorkingHours(LocalTime.of(7, 30), LocalTime.of(11, 30), LocalTime.of(13, 30), LocalTime.of(17, 30)));
        assertThat(p.workingHours().perDay()).isEqualTo(Duration.ofHours(8));
        assertThat(p.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void periodsOutOfOrderAreRefusedAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("truongson.calendar.morning-end", "14:00")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkingHours(LocalTime.of(8, 0), LocalTime.of(8, 0), LocalTime.of(13, 0), LocalTime.of(17, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
