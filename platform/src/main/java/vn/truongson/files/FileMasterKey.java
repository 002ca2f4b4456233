package vn.truongson.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stand-in master key while no token-backed {@link MasterKey} is configured: an AES-256 key in a file
 * readable only by the platform's user, wrapping data keys with AES Key Wrap (RFC 3394).
 */
final class FileMasterKey implements MasterKey {

    static final String PREFIX = "file:";

    private final byte[] key;
    private final String id;

    private FileMasterKey(byte[] key) {
        this.key = key;
        this.id = PREFIX + HexFormat.of().formatHex(key, 0, 4);
    }

    static FileMasterKey load(Path dir) {
        try {
            Path file = dir.resolve("master.key");
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                Path tmp = Files.createTempFile(dir, "master-", ".part");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: the directory's own permissions guard it.
                }
                Files.write(tmp, k);
                try {
                    Files.move(tmp, file);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp); // Another node made it first: use theirs.
                }
            }
            return new FileMasterKey(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String keyId() {
        return id;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(key, "AES"));
            return c.wrap(new SecretKeySpec(dataKey, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] unwrap(String keyId, byte[] wrapped) {
        if (!id.equals(keyId)) throw new IllegalStateException("data key wrapped by " + keyId + ", this master key is " + id);
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(key, "AES"));
            return c.unwrap(wrapped, "AES", Cipher.SECRET_KEY).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
