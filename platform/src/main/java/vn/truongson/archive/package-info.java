/**
 * Digitisation and records (số hóa tài liệu, lưu trữ; issue 16): batches of scanned paper for a unit and a year, OCR in
 * Vietnamese in the background (OCRmyPDF and Tesseract as child processes, on a bounded pool, claimed once per cluster),
 * the Decree 30 metadata proposed from the text and confirmed by an archivist, and full-text search with diacritics
 * folded, within the access policy.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "files", "paper", "signing", "secops", "core"})
package vn.truongson.archive;

import org.jspecify.annotations.NullMarked;
