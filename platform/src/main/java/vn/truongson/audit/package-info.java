/**
 * The verifiable audit trail of every change, every sign-in and every read of a classified record (issue 11): keyed
 * records sealed in RFC 9162 Merkle batches under signed, time-stamped heads kept outside the database, and the
 * verifier that finds the first altered or missing record. Its benchmark commands are bench tooling (test sources).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core"})
package vn.truongson.audit;

import org.jspecify.annotations.NullMarked;
