package vn.truongson.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import vn.truongson.access.AccessPolicy;
import vn.truongson.audit.AuditTrail;
import vn.truongson.core.DomainException;
import vn.truongson.support.TestDatabase;

/**
 * The calendar module on its own, against the test PostgreSQL with the Flyway migrations (see
 * {@link TestDatabase}). Access and audit, which the module calls, are mocked.
 */
@ApplicationModuleTest(extraIncludes = "runtime")
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@DirtiesContext // no other test shares this context: close it now rather than at the JVM's exit
class CalendarModuleTests {

    /** A Monday far from any real data, so that edits here disturb no other test sharing the database. */
    private static final LocalDate MONDAY = LocalDate.of(2199, 1, 1).with(TemporalAdjusters.firstInMonth(DayOfWeek.MONDAY));

    @Autowired WorkingCalendar calendar;
    @Autowired CalendarAdministration administration;
    @Autowired CalendarDays days;
    @Autowired JdbcClient jdbc;
    @MockitoBean AccessPolicy policy;
    @MockitoBean AuditTrail audit;

    @BeforeEach
    @AfterEach
    void forgetTheTestDay() {
        jdbc.sql("delete from calendar_day where day >= :first").param("first", LocalDate.of(2199, 1, 1)).update();
        days.evict();
    }

    @Test
    void theMigrationSeedsWhatTheTestsRead() {
        // The database may be shared with other tests, which may add days of their own: every seeded row must be there.
        for (int year = 2024; year <= 2027; year++) {
            int y = year;
            assertThat(calendar.holidays(year))
                    .containsAll(CalendarFixtures.seededDays().stream().filter(d -> d.date().getYear() == y).toList());
        }
        assertThat(calendar.holidays(2025)).extracting(CalendarDay::date).isSorted();
    }

    @Test
    void yearsAreCachedUntilAnEdit() {
        days.evict();
        calendar.isWorkingDay(LocalDate.of(2025, 3, 3));
        calendar.holidays(2025);
        assertThat(days.cachedYears()).isEqualTo(1);
        calendar.isWorkingDay(LocalDate.of(2026, 3, 3));
        assertThat(days.cachedYears()).isEqualTo(2);
        administration.save(new CalendarDay(MONDAY, DayKind.HOLIDAY, "Ngày thử", null));
        assertThat(days.cachedYears()).isZero();
    }

    @Test
    void anAdministratorsEditTakesEffectAtOnceAndIsAudited() {
        assertThat(calendar.isWorkingDay(MONDAY)).isTrue();

        administration.save(new CalendarDay(MONDAY, DayKind.HOLIDAY, "Ngày nghỉ thử", "Thông báo thử"));
        verify(policy).requireSystemAdmin();
        verify(audit).record("calendar.day.save", "calendar-day:" + MONDAY, AuditTrail.SUCCESS, "HOLIDAY Ngày nghỉ thử [Thông báo thử]");
        assertThat(calendar.isWorkingDay(MONDAY)).isFalse();
        assertThat(calendar.holidays(2199)).extracting(CalendarDay::name).containsExactly("Ngày nghỉ thử");

        administration.save(new CalendarDay(MONDAY, DayKind.HOLIDAY, "Ngày nghỉ thử, đã sửa", null));
        verify(audit).record(eq("calendar.day.save"), eq("calendar-day:" + MONDAY), eq(AuditTrail.SUCCESS), contains("(was HOLIDAY Ngày nghỉ thử"));
        assertThat(calendar.holidays(2199)).extracting(CalendarDay::name).containsExactly("Ngày nghỉ thử, đã sửa");

        administration.delete(MONDAY);
        verify(audit).record("calendar.day.delete", "calendar-day:" + MONDAY, AuditTrail.SUCCESS, "HOLIDAY Ngày nghỉ thử, đã sửa");
        assertThat(calendar.isWorkingDay(MONDAY)).isTrue();
        assertThat(calendar.holidays(2199)).isEmpty();

        assertThatThrownBy(() -> administration.delete(MONDAY)).isInstanceOf(DomainException.NotFound.class);
    }

    @Test
    void aMakeUpSaturdayIsWorked() {
        LocalDate saturday = MONDAY.plusDays(5);
        assertThat(calendar.isWorkingDay(saturday)).isFalse();
        administration.save(new CalendarDay(saturday, DayKind.MAKEUP_WORKDAY, "Làm bù thử", null));
        assertThat(calendar.isWorkingDay(saturday)).isTrue();
        assertThat(calendar.countWorkingDays(MONDAY, MONDAY.plusDays(6))).isEqualTo(6);
    }

    @Test
    void aRefusedCallerChangesNothing() {
        doThrow(new DomainException.Forbidden("problem.forbidden")).when(policy).requireSystemAdmin();
        assertThatThrownBy(() -> administration.save(new CalendarDay(MONDAY, DayKind.HOLIDAY, "Ngày thử", null)))
                .isInstanceOf(DomainException.Forbidden.class);
        assertThatThrownBy(() -> administration.delete(LocalDate.of(2025, 1, 1))).isInstanceOf(DomainException.Forbidden.class);
        verify(audit, never()).record(anyString(), anyString(), anyString(), any());
        assertThat(calendar.isWorkingDay(MONDAY)).isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 1, 1))).isFalse();
        reset(policy);
    }

    @Test
    void anEditWhoseAuditFailsIsRolledBack() {
        calendar.isWorkingDay(MONDAY); // cache the year as it is
        doThrow(new IllegalStateException("audit store down")).when(audit).record(anyString(), anyString(), anyString(), any());
        assertThatThrownBy(() -> administration.save(new CalendarDay(MONDAY, DayKind.HOLIDAY, "Ngày thử", null)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from calendar_day where day = :d").param("d", MONDAY).query(Integer.class).single()).isZero();
        assertThat(calendar.isWorkingDay(MONDAY)).isTrue();
        clearInvocations(audit);
        reset(audit);
    }

    @Test
    void theTableRefusesAMakeUpDayOnAWeekday() {
        assertThatThrownBy(() -> jdbc.sql("insert into calendar_day (day, kind, name) values (:d, 'MAKEUP_WORKDAY', 'x')")
                .param("d", MONDAY).update())
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("insert into calendar_day (day, kind, name) values (:d, 'WEEKEND', 'x')")
                .param("d", MONDAY).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }
}
