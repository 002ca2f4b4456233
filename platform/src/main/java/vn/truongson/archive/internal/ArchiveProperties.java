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
 * @param watch the watched folders: a directory per unit where a scanner drops scans ({@code truongson.archive.watch.*})
 * @param sealPlace the place named on the seal page of a hand-over package ("Hà Nội, ngày …")
 */
@ConfigurationProperties("truongson.archive")
public record ArchiveProperties(@DefaultValue("1") int concurrency, @DefaultValue("10m") Duration ocrTimeout, @DefaultValue("pdfa") String outputType,
        @DefaultValue("100MB") DataSize maxUploadSize, @DefaultValue("300") int maxPages, @DefaultValue("250") int maxMegapixels,
        @DefaultValue("200") int imageDpi, @DefaultValue("10s") Duration pollEvery, @DefaultValue("10s") Duration heartbeat,
        @DefaultValue("2m") Duration staleAfter, @DefaultValue("3") int maxAttempts, @DefaultValue("ocrmypdf") String ocrmypdf,
        @DefaultValue("Hà Nội") String sealPlace, @DefaultValue Watch watch) {

    /**
     * Watched folders ({@code truongson.archive.watch.*}).
     *
     * @param folders a unit's code → the directory its scanner writes into ({@code truongson.archive.watch.folders.BTL86=/srv/scans/btl86})
     * @param every how often each node looks into the folders
     * @param settle a file is taken once unchanged (size and time) for this long, so a scanner still writing is left alone
     * @param account the name recorded as the uploader of what a folder brings (in {@code created_by} and the audit trail)
     */
    public record Watch(java.util.@org.jspecify.annotations.Nullable Map<String, String> folders, @DefaultValue("10s") Duration every,
            @DefaultValue("2s") Duration settle, @DefaultValue("thu-muc-quet") String account) {
        public java.util.Map<String, String> foldersOrNone() {
            return folders == null ? java.util.Map.of() : folders;
        }
    }
}
