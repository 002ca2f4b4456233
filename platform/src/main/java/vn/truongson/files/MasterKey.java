package vn.truongson.files;

/**
 * The key that wraps the per-file AES-GCM data keys of classified content (ARCHITECTURE.md §3: "classified
 * content is encrypted at rest ... wrapped by a master key that lives in the keystore or token"). An SPI:
 * {@code files} declares it, the {@code signing} module implements it with a key that never leaves the
 * PKCS#11 token. Callers keep the key id beside the wrapped key, so a later master key can still unwrap
 * what an earlier one wrapped.
 */
public interface MasterKey {

    /** The id of the key {@link #wrap} uses now. */
    String keyId();

    /** The data key, wrapped by the current master key. */
    byte[] wrap(byte[] dataKey);

    /** The data key that {@link #wrap} wrapped under the master key {@code keyId}. */
    byte[] unwrap(String keyId, byte[] wrapped);
}
