/**
 * Public services and one-stop (cổng dịch vụ công, hệ thống thông tin một cửa): the procedure catalogue, dossiers
 * filed online or at the one-stop desk and processed along each procedure's internal steps on working-day
 * deadlines, the one-stop forms Mẫu 01–06, statistics and the Decision 766 index.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "calendar", "files", "paper", "population", "signing", "core"})
package vn.truongson.publicservice;

import org.jspecify.annotations.NullMarked;
