package vn.truongson.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import vn.truongson.core.DomainException;

/**
 * The files on disk: {@code <root>/ab/cd/<sha256>}, two levels of fan-out so that no directory grows past
 * 65,536 entries. A file is written to a temporary file beside them, checked, then moved into place in one
 * step, so a reader never sees half a file and a crash leaves only a temporary file behind.
 */
final class Blobs {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** What was written: the name it is kept under, its length and its detected type. */
    record Written(String sha256, long size, String contentType) {}

    private final Path root;
    private final Path tmp;

    Blobs(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
    }

    Path root() {
        return root;
    }

    /** A checked upload in a temporary file beside the store; closing it deletes the file (if still there). */
    record Spooled(Path file, Written written) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A stray temporary file is harmless.
            }
        }
    }

    /**
     * Copies the stream into a temporary file under {@code <root>/tmp}, hashing it as it goes (never holding more
     * than a buffer of it in memory), and checks it. Refused with a 400 on field {@code file}, keeping nothing, when
     * it is empty, longer than {@code maxBytes}, or not one of the accepted types.
     */
    Spooled spool(InputStream in, String declaredName, long maxBytes) {
        Path part = null;
        try {
            Files.createDirectories(tmp);
            part = Files.createTempFile(tmp, "upload-", ".part");
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(part), sha)) {
                size = copy(in, out, maxBytes);
            }
            if (size < 0) throw new DomainException.BadInput("file", "problem.file.too-large", declaredName, megabytes(maxBytes));
            if (size == 0) throw new DomainException.BadInput("file", "problem.file.empty", declaredName);
            String type = ContentTypes.detect(part)
                    .orElseThrow(() -> new DomainException.BadInput("file", "problem.file.type", declaredName));
            Spooled s = new Spooled(part, new Written(HexFormat.of().formatHex(sha.digest()), size, type));
            part = null;
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // A stray temporary file is harmless; the write itself has already failed or been refused.
                }
            }
        }
    }

    /**
     * Copies the stream into the store on disk. Refused with a 400 on field {@code file}, writing nothing, when it is
     * empty, longer than {@code maxBytes}, or not one of the accepted types.
     */
    Written write(InputStream in, String declaredName, long maxBytes) {
        try (Spooled s = spool(in, declaredName, maxBytes)) {
            place(s);
            return s.written();
        }
    }

    /** Moves a spooled upload into its place, unless the same content is there already. */
    void place(Spooled s) {
        try {
            Written w = s.written();
            Path target = path(w.sha256());
            if (Files.exists(target)) return; // Same content, already kept.
            Files.createDirectories(target.getParent());
            try {
                Files.move(s.file(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // The temporary directory is inside the root, so this means an unusual file system: still never overwrite.
                Files.move(s.file(), target);
            } catch (FileAlreadyExistsException e) {
                // Another node stored the same content meanwhile: theirs is the same bytes.
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The stored content; 404 when there is none under that name. */
    InputStream open(String sha256) {
        try {
            return Files.newInputStream(path(sha256));
        } catch (NoSuchFileException e) {
            throw new DomainException.NotFound("file", sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a file lives; a name that is not a SHA-256 names nothing (and never walks out of the root). */
    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) throw new DomainException.NotFound("file", sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /** Bytes copied, or -1 as soon as there are more than {@code max}. */
    private static long copy(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > max) return -1;
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? Long.toString(bytes / (1024 * 1024)) : String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
