package vn.truongson.core;

import java.time.ZoneId;

/** The platform's one time zone: dates and times are shown, and days begin, in Vietnam (house rules). */
public final class Vietnam {

    private Vietnam() {}

    /** Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
}
