package vn.truongson.archive.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A BagIt bag (RFC 8493, BagIt File Packaging Format 1.0) written as a ZIP: {@code <name>/bagit.txt}, {@code bag-info.txt}
 * (with {@code Payload-Oxum} and {@code Bagging-Date}), the payload under {@code data/}, {@code manifest-sha256.txt} and
 * {@code tagmanifest-sha256.txt}. Each payload file is streamed once, hashed as it is written; every entry carries the same given time, so a bag written
 * again from the same content is the same bytes. No BagIt library is in
 * the platform's Maven snapshot; the format is small enough to write, and {@code sha256sum -c} checks it.
 */
public final class BagIt {

    /** A payload file: its path under {@code data/} and its content, opened when written. */
    public record Payload(String path, Supplier<InputStream> content) {}

    private BagIt() {}

    /** Writes the bag named {@code name} to {@code out} (closed at the end); answers the payload's manifest lines. */
    public static List<String> write(OutputStream out, String name, Map<String, String> info, List<Payload> payload, long entryTime) {
        return write(out, name, info, payload, Map.of(), entryTime);
    }

    /** As above, with further tag files (such as the unit's seal) beside the bag's own, listed in the tag manifest. */
    public static List<String> write(OutputStream out, String name, Map<String, String> info, List<Payload> payload, Map<String, byte[]> extraTags,
            long entryTime) {
        try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            var manifest = new ArrayList<String>();
            long bytes = 0;
            for (Payload p : payload) {
                if (p.path().contains("..") || p.path().startsWith("/") || p.path().contains("\\")) throw new IllegalArgumentException(p.path());
                zip.putNextEntry(entry(name + "/data/" + p.path(), entryTime));
                MessageDigest sha = sha256();
                var counting = new CountingOutputStream(new DigestOutputStream(new NonClosing(zip), sha));
                try (InputStream in = p.content().get()) {
                    in.transferTo(counting);
                }
                zip.closeEntry();
                bytes += counting.count;
                manifest.add(HexFormat.of().formatHex(sha.digest()) + "  data/" + p.path());
            }
            var tags = new LinkedHashMap<String, byte[]>();
            tags.put("bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".getBytes(StandardCharsets.UTF_8));
            var bagInfo = new StringBuilder();
            for (var e : info.entrySet()) bagInfo.append(e.getKey()).append(": ").append(e.getValue().replaceAll("\\R", " ")).append('\n');
            bagInfo.append("Payload-Oxum: ").append(bytes).append('.').append(payload.size()).append('\n');
            tags.put("bag-info.txt", bagInfo.toString().getBytes(StandardCharsets.UTF_8));
            tags.put("manifest-sha256.txt", (String.join("\n", manifest) + "\n").getBytes(StandardCharsets.UTF_8));
            for (var e : extraTags.entrySet()) {
                if (tags.containsKey(e.getKey()) || !e.getKey().matches("[a-z0-9][a-z0-9._-]*")) throw new IllegalArgumentException(e.getKey());
                tags.put(e.getKey(), e.getValue());
            }
            var tagManifest = new StringBuilder();
            for (var e : tags.entrySet()) {
                zip.putNextEntry(entry(name + "/" + e.getKey(), entryTime));
                zip.write(e.getValue());
                zip.closeEntry();
                tagManifest.append(HexFormat.of().formatHex(sha256().digest(e.getValue()))).append("  ").append(e.getKey()).append('\n');
            }
            zip.putNextEntry(entry(name + "/tagmanifest-sha256.txt", entryTime));
            zip.write(tagManifest.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            return manifest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(String name, Map<String, String> info, List<Payload> payload, long entryTime) {
        var out = new ByteArrayOutputStream();
        write(out, name, info, payload, entryTime);
        return out.toByteArray();
    }

    /** An entry with a given time (no other time fields), so that the same bag written again is the same bytes. */
    private static ZipEntry entry(String name, long time) {
        var e = new ZipEntry(name);
        e.setTime(time);
        return e;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {}
    }
}
