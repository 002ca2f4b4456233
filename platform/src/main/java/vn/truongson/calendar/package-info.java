/**
 * Vietnamese working days: weekends, public holidays (lunar Tết included) and make-up working days per
 * year, editable by an administrator, and the arithmetic that adds working days or hours to an instant.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "core"})
package vn.truongson.calendar;

import org.jspecify.annotations.NullMarked;
