/** The daily reminder of overdue document handling, a recurring job of the cluster scheduler. */
@NullMarked
package vn.truongson.document.reminders;

import org.jspecify.annotations.NullMarked;
