/**
 * The web shell: layout, navigation, home pages, error pages and problems, i18n (Vietnamese first,
 * English second), input normalisation; and the screens of shared modules that cannot host their own
 * without a cycle (the audit trail).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "notify", "document", "programme", "publicservice", "archive", "core", "runtime"})
package vn.truongson.web;

import org.jspecify.annotations.NullMarked;
