/** The Vietnamese lunisolar calendar (âm lịch), used to place Tết and Giỗ Tổ Hùng Vương. */
@NullMarked
package vn.truongson.calendar.lunar;

import org.jspecify.annotations.NullMarked;
