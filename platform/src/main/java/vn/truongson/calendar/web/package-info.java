/** The calendar's JSON API under /api/v1/calendar and its administration screen at /admin/calendar. */
@NullMarked
package vn.truongson.calendar.web;

import org.jspecify.annotations.NullMarked;
