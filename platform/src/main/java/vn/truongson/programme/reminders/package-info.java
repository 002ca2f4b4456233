/**
 * Reminders (đôn đốc): the daily job that tells reporters whose period's report is missing, before, on and after its
 * deadline, and tells the lead unit's commanders of overdue tasks and of bottlenecks that outlast a period. It runs
 * once per cluster under the platform's scheduler, and each reminder carries a dedupe key, so nobody is told twice.
 */
@NullMarked
package vn.truongson.programme.reminders;

import org.jspecify.annotations.NullMarked;
