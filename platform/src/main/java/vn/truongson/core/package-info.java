/**
 * Shared kernel: value types and exceptions that every module speaks (secrecy levels, Vietnamese
 * text normalisation, domain errors mapped to RFC 9457 problems).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package vn.truongson.core;

import org.jspecify.annotations.NullMarked;
