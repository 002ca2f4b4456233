package vn.truongson.calendar.lunar;

import java.time.LocalDate;

/**
 * Converts between solar (dương lịch) and Vietnamese lunar (âm lịch) dates, following the method
 * Hồ Ngọc Đức published for the Vietnamese calendar:
 * <ul>
 *   <li>a lunar month begins on the local day of a new moon;</li>
 *   <li>month 11 is the month that holds the winter solstice;</li>
 *   <li>a year with 13 months between two months 11 repeats the first month that holds no
 *       principal solar term (trung khí) as its leap month.</li>
 * </ul>
 * Days are reckoned in UTC+7, the zone of the Vietnamese calendar since 1968. That is why Tết
 * sometimes differs from the Chinese New Year (UTC+8): a day earlier in 2007, a month in 1985.
 * The astronomy is the low-precision series of Meeus, "Astronomical Algorithms" (ch. 25 and 49),
 * good for years 1900..2199.
 */
public final class LunarCalendar {

    /** UTC+7, in hours. */
    private static final double ZONE_HOURS = 7.0;
    private static final double SYNODIC_MONTH = 29.530588853;
    /** Mean synodic month in Meeus's series for the new moons. */
    private static final double SYNODIC_MONTH_MEEUS = 29.53058868;
    /** Julian day of the new moon of 1 January 1900, 13:52 UT: new moon number 0. */
    private static final double NEW_MOON_EPOCH = 2415021.076998695;
    private static final long JULIAN_DAY_OF_EPOCH_DAY_0 = 2440588; // 1970-01-01
    private static final double RAD = Math.PI / 180;

    private LunarCalendar() {}

    /** The lunar date of a solar day. */
    public static LunarDate toLunar(LocalDate solar) {
        long day = julianDay(solar);
        // The mean-month estimate k can be a moon too late when the true new moon runs ahead of the mean
        // one (2054-05-07, 2062-04-09), so step back until the month starts on or before the day.
        int k = (int) Math.floor((day - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
        long monthStart = newMoonDay(k);
        while (monthStart > day) monthStart = newMoonDay(--k);

        // The lunar year is bracketed by the months 11 before and after the day.
        int solarYear = solar.getYear();
        long a11 = month11(solarYear);
        long b11;
        int lunarYear;
        if (a11 >= monthStart) {
            lunarYear = solarYear;
            b11 = a11;
            a11 = month11(solarYear - 1);
        } else {
            lunarYear = solarYear + 1;
            b11 = month11(solarYear + 1);
        }
        int lunarDay = (int) (day - monthStart + 1);
        int monthsAfter11 = (int) Math.floor((monthStart - a11) / 29.0);
        boolean leap = false;
        int month = monthsAfter11 + 11;
        if (b11 - a11 > 365) { // 13 months: one of them is the leap month
            int leapOffset = leapMonthOffset(a11);
            if (monthsAfter11 >= leapOffset) {
                month = monthsAfter11 + 10;
                leap = monthsAfter11 == leapOffset;
            }
        }
        if (month > 12) month -= 12;
        if (month >= 11 && monthsAfter11 < 4) lunarYear -= 1;
        return new LunarDate(lunarYear, month, lunarDay, leap);
    }

    /**
     * The solar day of a lunar date.
     *
     * @throws IllegalArgumentException when the date does not exist: a leap month that the year
     *     lacks, or day 30 of a 29-day month
     */
    public static LocalDate toSolar(LunarDate lunar) {
        long a11;
        long b11;
        if (lunar.month() < 11) {
            a11 = month11(lunar.year() - 1);
            b11 = month11(lunar.year());
        } else {
            a11 = month11(lunar.year());
            b11 = month11(lunar.year() + 1);
        }
        int k = (int) Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
        int offset = lunar.month() - 11;
        if (offset < 0) offset += 12;
        if (b11 - a11 > 365) {
            int leapOffset = leapMonthOffset(a11);
            int leapMonth = leapOffset - 2;
            if (leapMonth < 0) leapMonth += 12;
            if (lunar.leap() && lunar.month() != leapMonth) {
                throw new IllegalArgumentException("lunar year " + lunar.year() + " has no leap month " + lunar.month());
            }
            if (lunar.leap() || offset >= leapOffset) offset += 1;
        } else if (lunar.leap()) {
            throw new IllegalArgumentException("lunar year " + lunar.year() + " has no leap month");
        }
        long monthStart = newMoonDay(k + offset);
        LocalDate result = solarDate(monthStart + lunar.day() - 1);
        if (!toLunar(result).equals(lunar)) {
            throw new IllegalArgumentException(lunar + " does not exist: that month has 29 days");
        }
        return result;
    }

    /** Mùng 1 tháng Giêng: the first day of Tết Nguyên đán that begins in {@code year}. */
    public static LocalDate tet(int year) {
        return toSolar(LunarDate.of(year, 1, 1));
    }

    /** Giỗ Tổ Hùng Vương, 10 tháng 3 âm lịch (Labour Code 2019, Art. 112(1)(c)). */
    public static LocalDate hungKingsDay(int year) {
        return toSolar(LunarDate.of(year, 3, 10));
    }

    /** Number of days in the lunar month that contains {@code solar}: 29 or 30. */
    public static int lengthOfMonth(LocalDate solar) {
        LunarDate d = toLunar(solar);
        LocalDate first = solar.minusDays(d.day() - 1L);
        return toLunar(first.plusDays(29)).day() == 30 ? 30 : 29;
    }

    // --- astronomy ---------------------------------------------------------------------------

    static long julianDay(LocalDate date) {
        return date.toEpochDay() + JULIAN_DAY_OF_EPOCH_DAY_0;
    }

    static LocalDate solarDate(long julianDay) {
        return LocalDate.ofEpochDay(julianDay - JULIAN_DAY_OF_EPOCH_DAY_0);
    }

    /** The local (UTC+7) Julian day on which new moon number {@code k} after 1 January 1900 falls. */
    static long newMoonDay(int k) {
        double t = k / 1236.85; // Julian centuries since 1900
        double t2 = t * t;
        double t3 = t2 * t;
        double mean = 2415020.75933 + SYNODIC_MONTH_MEEUS * k + 0.0001178 * t2 - 0.000000155 * t3
                + 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
        double sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD;
        double moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD;
        double moonLatitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD;
        double correction = (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly)
                + 0.0021 * Math.sin(2 * sunAnomaly)
                - 0.4068 * Math.sin(moonAnomaly)
                + 0.0161 * Math.sin(2 * moonAnomaly)
                - 0.0004 * Math.sin(3 * moonAnomaly)
                + 0.0104 * Math.sin(2 * moonLatitude)
                - 0.0051 * Math.sin(sunAnomaly + moonAnomaly)
                - 0.0074 * Math.sin(sunAnomaly - moonAnomaly)
                + 0.0004 * Math.sin(2 * moonLatitude + sunAnomaly)
                - 0.0004 * Math.sin(2 * moonLatitude - sunAnomaly)
                - 0.0006 * Math.sin(2 * moonLatitude + moonAnomaly)
                + 0.0010 * Math.sin(2 * moonLatitude - moonAnomaly)
                + 0.0005 * Math.sin(2 * moonAnomaly + sunAnomaly);
        // ΔT: terrestrial time minus universal time, in days
        double deltaT = t < -11
                ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                : -0.000278 + 0.000265 * t + 0.000262 * t2;
        double newMoon = mean + correction - deltaT;
        return (long) Math.floor(newMoon + 0.5 + ZONE_HOURS / 24);
    }

    /**
     * Which twelfth of the ecliptic (0..11, each 30°, 0 starting at the March equinox) the sun is
     * in at local midnight that begins the given Julian day. Sector 9 starts at the winter solstice.
     */
    static int sunSector(long julianDay) {
        double t = (julianDay - 2451545.5 - ZONE_HOURS / 24) / 36525; // centuries since J2000
        double t2 = t * t;
        double anomaly = (357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
        double meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.sin(anomaly)
                + (0.019993 - 0.000101 * t) * Math.sin(2 * anomaly)
                + 0.000290 * Math.sin(3 * anomaly);
        double longitude = (meanLongitude + centre) * RAD;
        longitude -= 2 * Math.PI * Math.floor(longitude / (2 * Math.PI));
        return (int) Math.floor(longitude / Math.PI * 6);
    }

    /** Julian day on which lunar month 11 begins: the month that holds the winter solstice of {@code year}. */
    static long month11(int year) {
        long lastDay = julianDay(LocalDate.of(year, 12, 31));
        int k = (int) Math.floor((lastDay - 2415021) / SYNODIC_MONTH);
        long start = newMoonDay(k);
        // A new moon past the solstice (sector ≥ 9) begins month 12: month 11 began one moon earlier.
        if (sunSector(start) >= 9) start = newMoonDay(k - 1);
        return start;
    }

    /**
     * In a 13-month year that begins with month 11 on {@code month11Start}, how many months after
     * month 11 the leap month comes: the first month during which the sun enters no new sector.
     */
    static int leapMonthOffset(long month11Start) {
        int k = (int) Math.floor((month11Start - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
        int i = 1;
        int sector = sunSector(newMoonDay(k + i));
        int previous;
        do {
            previous = sector;
            i++;
            sector = sunSector(newMoonDay(k + i));
        } while (sector != previous && i < 14);
        return i - 1;
    }
}
