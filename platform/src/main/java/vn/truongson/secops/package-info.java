/**
 * Security operations. So far: malware scanning of every file that enters the platform, by ClamAV's {@code clamd}
 * ({@link vn.truongson.secops.MalwareScanner}); every multipart upload is scanned before any controller sees it, and an
 * infected file is refused (422, problem type {@code …/malware}) and audited. Detection rules over the audit trail with
 * alerts ({@link vn.truongson.secops.Alerts}, {@code detection.Evaluator}, docs/security.md "Detection and alerts") and
 * each unit's IT adoption ({@link vn.truongson.secops.Adoption}, docs/adoption.md), with the training coverage the
 * training module answers for ({@code training.TrainingFigures}) beside it. The Decree 85 register comes next
 * (issue 17).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "calendar", "notify", "org", "document", "programme", "publicservice", "training", "files", "document :: edxml", "core", "runtime"}, displayName = "Security operations")
package vn.truongson.secops;

import org.jspecify.annotations.NullMarked;
