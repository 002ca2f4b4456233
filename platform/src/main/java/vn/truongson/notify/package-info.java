/**
 * Notifications (thông báo) to officials: kept in the application, delivered by e-mail when an SMTP server is
 * configured and by SMS through a gateway port, each delivery recorded with its state. A dedupe key per
 * notification makes sure that no one is told the same thing twice, whichever node or job tells them.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "core"})
package vn.truongson.notify;

import org.jspecify.annotations.NullMarked;
