/**
 * Security operations. So far: malware scanning of every file that enters the platform, by ClamAV's {@code clamd}
 * ({@link vn.truongson.secops.MalwareScanner}); every multipart upload is scanned before any controller sees it, and an
 * infected file is refused (422, problem type {@code …/malware}) and audited. Detection rules, the Decree 85 register and
 * the adoption figures come next (issue 17).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(displayName = "Security operations")
package vn.truongson.secops;

import org.jspecify.annotations.NullMarked;
