/**
 * Signatures (DOMAIN-VN.md §8): the platform's two-level CA (root and issuing) built with BouncyCastle,
 * personal and organisation certificates with keys on a PKCS#11 token (SoftHSM2 in demo and tests), the
 * RFC 3161 timestamp service, the CRL, and PAdES signing and validation with EU DSS.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "runtime", "core"})
package vn.truongson.signing;

import org.jspecify.annotations.NullMarked;
