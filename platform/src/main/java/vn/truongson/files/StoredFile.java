package vn.truongson.files;

import java.time.Instant;

/**
 * A file in the store.
 *
 * @param sha256 its content's SHA-256, 64 lowercase hex digits: also its name
 * @param contentType detected from the content, never taken from the uploader
 */
public record StoredFile(String sha256, long size, String contentType, Instant createdAt) {}
