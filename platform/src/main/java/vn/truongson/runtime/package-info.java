/**
 * How the platform runs: the embedded PostgreSQL of demo mode (data under {@code truongson.data-dir}),
 * or the external database named by {@code truongson.db.*}.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package vn.truongson.runtime;

import org.jspecify.annotations.NullMarked;
