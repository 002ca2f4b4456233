/**
 * The programme's files: the compiled report (báo cáo tổng hợp) exported to Excel, and to Word and PDF laid out
 * per Decree 30; and plans' tasks imported from an Excel template, all or nothing.
 */
@NullMarked
package vn.truongson.programme.export;

import org.jspecify.annotations.NullMarked;
