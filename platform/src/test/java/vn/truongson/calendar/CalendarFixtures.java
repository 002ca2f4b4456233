package vn.truongson.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The seeded calendar, read from the Flyway migration itself, so that tests without a database use the real data. */
public final class CalendarFixtures {

    public static final String MIGRATION = "db/migration/V4__calendar_days.sql";

    private static final Pattern ROW = Pattern.compile(
            "\\('(\\d{4}-\\d{2}-\\d{2})', '(HOLIDAY|MAKEUP_WORKDAY)', '([^']*)', '([^']*)'\\)");

    private static List<CalendarDay> seeded;

    private CalendarFixtures() {}

    /** Every row the migration inserts, in file order. */
    public static synchronized List<CalendarDay> seededDays() {
        if (seeded == null) {
            String sql;
            try (InputStream in = CalendarFixtures.class.getClassLoader().getResourceAsStream(MIGRATION)) {
                if (in == null) throw new IllegalStateException(MIGRATION + " is not on the classpath");
                sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<CalendarDay> days = new ArrayList<>();
            Matcher m = ROW.matcher(sql);
            while (m.find()) {
                days.add(new CalendarDay(LocalDate.parse(m.group(1)), DayKind.valueOf(m.group(2)), m.group(3), m.group(4)));
            }
            seeded = List.copyOf(days);
        }
        return seeded;
    }

    /** A working calendar over these days, with the default working hours, and no Spring. */
    public static WorkingCalendar workingCalendar(Collection<CalendarDay> days) {
        return workingCalendar(days, WorkingHours.DEFAULT);
    }

    public static WorkingCalendar workingCalendar(Collection<CalendarDay> days, WorkingHours hours) {
        Map<Integer, SortedMap<LocalDate, CalendarDay>> byYear = byYear(days);
        return new WorkingCalendar(year -> byYear.getOrDefault(year, Collections.emptySortedMap()), hours);
    }

    /** The working calendar over the seeded days. */
    public static WorkingCalendar seededCalendar() {
        return workingCalendar(seededDays());
    }

    static Map<Integer, SortedMap<LocalDate, CalendarDay>> byYear(Collection<CalendarDay> days) {
        Map<Integer, SortedMap<LocalDate, CalendarDay>> byYear = new TreeMap<>();
        for (CalendarDay d : days) byYear.computeIfAbsent(d.date().getYear(), y -> new TreeMap<>()).put(d.date(), d);
        return byYear;
    }
}
