/**
 * The append-only, SHA-256 hash-chained audit trail of every change, every sign-in and every read of a
 * classified record, and the verifier that finds the first altered or missing row.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core", "runtime"})
package vn.truongson.audit;

import org.jspecify.annotations.NullMarked;
