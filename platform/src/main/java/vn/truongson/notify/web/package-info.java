/** The notifications API (/api/v1/notifications) and the notifications page (/office/notifications). */
@NullMarked
package vn.truongson.notify.web;

import org.jspecify.annotations.NullMarked;
