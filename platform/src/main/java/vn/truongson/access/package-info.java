/**
 * Sign-in (password, TOTP second factor, lockout, API tokens, sessions), network zones, and the one
 * authorization policy: role grants on a unit or a unit subtree, plus clearance, plus zone.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "core", "runtime"})
package vn.truongson.access;

import org.jspecify.annotations.NullMarked;
