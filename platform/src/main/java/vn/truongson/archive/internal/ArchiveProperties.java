package vn.truongson.archive.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Digitisation ({@code truongson.archive.*}, docs/configuration.md and docs/archive.md).
 *
 * @param concurrency OCR jobs at once on one node (each an {@code ocrmypdf} process with one Tesseract)
 * @param ocrTimeout an OCR run killed after this, and the item failed with that reason
 * @param outputType {@code pdfa} (PDF/A-2b, the archival form) or {@code pdf}
 * @param maxUploadSize the largest scan accepted
 * @param maxPages a PDF with more pages is failed before OCR
 * @param maxMegapixels a page image larger than this is refused by ocrmypdf (a decompression bomb)
 * @param imageDpi the resolution assumed for an image that does not state one
 * @param pollEvery how often an idle worker looks for queued items (an upload on this node wakes it at once)
 * @param heartbeat how often a running item's row is touched
 * @param staleAfter a running item whose node has not touched it for this long is taken over
 * @param maxAttempts an item interrupted this many times is failed instead of tried again
 * @param ocrmypdf the command
 */
@ConfigurationProperties("truongson.archive")
public record ArchiveProperties(@DefaultValue("1") int concurrency, @DefaultValue("10m") Duration ocrTimeout, @DefaultValue("pdfa") String outputType,
        @DefaultValue("100MB") DataSize maxUploadSize, @DefaultValue("300") int maxPages, @DefaultValue("250") int maxMegapixels,
        @DefaultValue("200") int imageDpi, @DefaultValue("10s") Duration pollEvery, @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("2m") Duration staleAfter, @DefaultValue("3") int maxAttempts, @DefaultValue("ocrmypdf") String ocrmypdf) {}
