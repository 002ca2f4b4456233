/**
 * The data sets' reminders (issue 18): a daily job of the cluster scheduler telling the reporters of each assigned unit
 * that has not submitted, once per stage and person, as programme's reminders do. docs/datasets.md "Reminders".
 */
@NullMarked
package vn.truongson.datasets.reminders;

import org.jspecify.annotations.NullMarked;
