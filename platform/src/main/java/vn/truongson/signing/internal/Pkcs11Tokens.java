package vn.truongson.signing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.signing.SigningProperties;

/**
 * The PKCS#11 tokens, through the JDK's SunPKCS11 provider: one provider per token (slot), cached.
 *
 * <p>With managed tokens (demo, tests, one server) the platform keeps its own SoftHSM2 store under
 * {@code <data-dir>/softhsm}: SoftHSM2 reads {@code SOFTHSM2_CONF} from the process environment when the
 * library loads, so that variable is set in the JVM's own C environment first ({@link NativeEnv}), or taken
 * as given when the launcher set it. Tokens are initialised by {@code softhsm2-util} run as a process (PKCS#11's
 * C_InitToken is not reachable through SunPKCS11); SoftHSM2 sees a new token at the next C_GetSlotList, under a
 * slot id of its own choosing, so {@link #create} finds it by walking the slot list.
 */
@Component
public class Pkcs11Tokens {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11Tokens.class);
    /** The configuration SoftHSM2 was loaded with in this JVM: the library reads it once. */
    private static volatile String loadedConf;

    private final SigningProperties props;
    private final Path dir;
    private final Map<String, AuthProvider> providers = new ConcurrentHashMap<>();

    public Pkcs11Tokens(SigningProperties props, RuntimeProperties runtime) {
        this.props = props;
        this.dir = props.tokenDir() != null && !props.tokenDir().isBlank()
                ? Path.of(props.tokenDir()).toAbsolutePath().normalize()
                : Path.of(runtime.dataDir()).toAbsolutePath().normalize().resolve("softhsm");
    }

    public boolean managed() {
        return props.managedTokens();
    }

    /** Where managed tokens keep their files, and the platform token's PIN file. */
    public Path dir() {
        return dir;
    }

    /** Makes sure SoftHSM2 will read our configuration: before the library is first loaded in this JVM. */
    public synchronized String conf() {
        if (loadedConf != null) return loadedConf;
        try {
            Files.createDirectories(dir.resolve("tokens"));
            String given = System.getenv("SOFTHSM2_CONF");
            Path conf = given != null && !given.isBlank() ? Path.of(given) : dir.resolve("softhsm2.conf");
            if (!Files.exists(conf)) {
                Files.createDirectories(conf.toAbsolutePath().getParent());
                Files.writeString(conf, """
                        # Written by Trường Sơn (signing): the platform's SoftHSM2 token store.
                        directories.tokendir = %s
                        objectstore.backend = file
                        log.level = ERROR
                        slots.removable = false
                        """.formatted(dir.resolve("tokens")));
            }
            if (given == null || given.isBlank()) {
                if (!NativeEnv.setenv("SOFTHSM2_CONF", conf.toString())) {
                    throw new IllegalStateException("Cannot set SOFTHSM2_CONF in this JVM (Java 22 or later is needed for that); "
                            + "start the platform with SOFTHSM2_CONF=" + conf);
                }
            }
            loadedConf = conf.toString();
            return loadedConf;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare the SoftHSM2 store in " + dir, e);
        }
    }

    /**
     * The provider of the platform's own token, which is made (managed tokens) before SoftHSM2 is first loaded
     * in this JVM: SoftHSM2 does not reliably see a token another process makes while it runs.
     */
    public synchronized AuthProvider platform(String label, char[] pin) {
        AuthProvider known = providers.get(label);
        if (known != null) return known;
        if (!managed()) {
            if (props.platformSlot() == null) throw new IllegalStateException("truongson.signing.platform-slot is needed when tokens are not managed");
            return provider(label, props.platformSlot());
        }
        long slot = acrossProcesses(() -> slotOf(label).orElseGet(() -> {
            softhsm("--init-token", "--free", "--label", label, "--so-pin", new String(pinFile(label + "-so")), "--pin", new String(pin));
            return slotOf(label).orElseThrow(() -> new IllegalStateException("softhsm2-util made no token " + label));
        }));
        return provider(label, slot);
    }

    /**
     * Runs {@code work} holding an exclusive lock on {@code <token dir>/.lock}: nodes sharing one token directory
     * (a cluster) never make the platform token or its PIN file twice when they start together.
     */
    public <T> T acrossProcesses(java.util.function.Supplier<T> work) {
        // The file lock excludes other processes; within this JVM (two application contexts in a test) the class does.
        synchronized (Pkcs11Tokens.class) {
            return lockedFile(work);
        }
    }

    private <T> T lockedFile(java.util.function.Supplier<T> work) {
        try {
            Files.createDirectories(dir);
            try (var channel = java.nio.channels.FileChannel.open(dir.resolve(".lock"), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE); var lock = channel.lock()) {
                return work.get();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot lock the token store " + dir, e);
        }
    }

    // ---------------------------------------------------------------- personal tokens, through OpenSC's pkcs11-tool

    /**
     * A personal token with a new RSA key under the official's PIN; returns the public key. Personal tokens are
     * worked through OpenSC's {@code pkcs11-tool} run as a process, the PIN passed in its environment (never on
     * the command line): each operation loads the module afresh, so tokens made while the platform runs are seen,
     * and the platform process never holds a login to them.
     */
    public PublicKey createPersonal(String label, char[] pin, String algorithm, int keySize) {
        if (managed()) {
            String temporary = randomHex(8);
            softhsm("--init-token", "--free", "--label", label, "--so-pin", randomHex(12), "--pin", temporary);
            try {
                pkcs11(label, Map.of("OLD", temporary.toCharArray(), "PIN", pin), "--login", "--pin", "env:OLD", "--change-pin", "--new-pin", "env:PIN");
            } catch (WrongPin e) {
                throw new IllegalStateException("The new token " + label + " refused its first PIN", e);
            }
        }
        try {
            pkcs11(label, Map.of("PIN", pin), "--login", "--pin", "env:PIN", "--keypairgen", "--key-type", "EC".equals(algorithm) ? "EC:prime256v1" : "rsa:" + keySize, "--id", KEY_ID,
                    "--label", "signing");
        } catch (WrongPin e) {
            throw new IllegalStateException("The token " + label + " refused the PIN it was given", e);
        }
        Path out = temp("pub");
        try {
            pkcs11(label, Map.of("PIN", pin), "--login", "--pin", "env:PIN", "--read-object", "--type", "pubkey", "--id", KEY_ID, "-o", out.toString());
            return java.security.KeyFactory.getInstance("EC".equals(algorithm) ? "EC" : "RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(out)));
        } catch (WrongPin e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the public key of " + label, e);
        } finally {
            delete(out);
        }
    }

    /** Puts the certificate beside the key on the personal token. */
    public void writeCertificate(String label, char[] pin, byte[] der) {
        Path in = temp("cert");
        try {
            Files.write(in, der);
            pkcs11(label, Map.of("PIN", pin), "--login", "--pin", "env:PIN", "--write-object", in.toString(), "--type", "cert", "--id", KEY_ID,
                    "--label", "signing");
        } catch (WrongPin e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            delete(in);
        }
    }

    /**
     * SHA256withECDSA (DER) or SHA256withRSA (PKCS#1 v1.5) of {@code data}, made on the personal token after a
     * login with {@code pin}. For EC the digest is taken here and the token signs it (SoftHSM2 has no CKM_ECDSA_SHA256).
     */
    public byte[] signPersonal(String label, char[] pin, String algorithm, byte[] data) throws WrongPin {
        Path in = temp("tbs"), out = temp("sig");
        try {
            boolean ec = "EC".equals(algorithm);
            Files.write(in, ec ? java.security.MessageDigest.getInstance("SHA-256").digest(data) : data);
            if (ec) {
                pkcs11(label, Map.of("PIN", pin), "--login", "--pin", "env:PIN", "--sign", "--mechanism", "ECDSA", "--signature-format", "openssl",
                        "--id", KEY_ID, "-i", in.toString(), "-o", out.toString());
            } else {
                pkcs11(label, Map.of("PIN", pin), "--login", "--pin", "env:PIN", "--sign", "--mechanism", "SHA256-RSA-PKCS", "--id", KEY_ID,
                        "-i", in.toString(), "-o", out.toString());
            }
            return Files.readAllBytes(out);
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            delete(in);
            delete(out);
        }
    }

    private static final String KEY_ID = "01";

    private String pkcs11(String label, Map<String, char[]> env, String... args) throws WrongPin {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", props.pkcs11Library(), "--token-label", label));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        env.forEach((k, v) -> pb.environment().put(k, new String(v)));
        String out = run(pb, "pkcs11-tool", managed() ? conf() : null);
        if (out.contains("CKR_PIN_INCORRECT") || out.contains("CKR_PIN_LEN_RANGE")) throw new WrongPin();
        if (out.startsWith("\u0000FAILED") || out.contains("error:") || out.contains("Aborting")) {
            throw new IllegalStateException("pkcs11-tool on " + label + " failed: " + out.replace("\u0000FAILED", "").strip());
        }
        return out;
    }

    private Path temp(String kind) {
        try {
            Path dir = this.dir.resolve("tmp");
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return Files.createTempFile(dir, kind, ".bin");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    /** Deletes a managed token and everything on it (a personal key being reissued), if it is there. */
    public void deleteToken(String label) {
        if (!managed()) return;
        String out = run(new ProcessBuilder("softhsm2-util", "--delete-token", "--token", label).redirectErrorStream(true), "softhsm2-util", conf());
        if (out.startsWith("\u0000FAILED") && !out.contains("Could not find")) log.warn("Could not delete the token {}: {}", label, out.substring(7).strip());
    }

    /** The slot of the token with this label, if there is one. */
    public Optional<Long> slotOf(String label) {
        if (!managed()) return Optional.empty();
        Map<String, Long> slots = new LinkedHashMap<>();
        Long slot = null;
        for (String line : softhsm("--show-slots").split("\n")) {
            if (line.startsWith("Slot ")) slot = Long.parseLong(line.substring(5).trim());
            else if (line.trim().startsWith("Label:") && slot != null) slots.put(line.trim().substring(6).trim(), slot);
        }
        return Optional.ofNullable(slots.get(label));
    }

    private static final String GENERATE_ATTRIBUTES = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            attributes(generate, CKO_SECRET_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    /** The provider for a token in a known slot (an HSM's, or a SoftHSM2 token there when the library loaded), made once. */
    public AuthProvider provider(String label, long slot) {
        return providers.computeIfAbsent(label, l -> {
            if (managed()) conf();
            String config = """
                    --name = TS-%s
                    library = %s
                    slot = %d
                    """.formatted(l.replaceAll("[^A-Za-z0-9-]", "_"), props.pkcs11Library(), slot) + GENERATE_ATTRIBUTES;
            try {
                return (AuthProvider) Security.getProvider("SunPKCS11").configure(config);
            } catch (RuntimeException e) {
                // SoftHSM2 knows a slot only after a C_GetSlotList: ask for the list, then once more.
                rescan();
                return (AuthProvider) Security.getProvider("SunPKCS11").configure(config);
            }
        });
    }

    /**
     * The token's key store, logged in with {@code pin}. A PKCS#11 login holds for the whole application, so
     * it is dropped first: the PIN is checked every time.
     *
     * @throws WrongPin when the token refuses the PIN
     */
    public KeyStore login(AuthProvider provider, char[] pin) throws WrongPin {
        logout(provider);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, pin);
            return ks;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String s = String.valueOf(t);
                if (s.contains("CKR_PIN_INCORRECT") || s.contains("CKR_PIN_LEN_RANGE") || t instanceof javax.security.auth.login.FailedLoginException) {
                    throw new WrongPin();
                }
            }
            throw new IllegalStateException("Cannot open the token " + provider.getName(), e);
        }
    }

    /** A login that is already there (the platform's own token). */
    public KeyStore keyStore(AuthProvider provider) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, null);
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the token " + provider.getName(), e);
        }
    }

    public void logout(AuthProvider provider) {
        try {
            provider.logout();
        } catch (LoginException | RuntimeException e) {
            log.debug("logout from {}: {}", provider.getName(), e.toString());
        }
    }

    /** The token refused the PIN. */
    public static final class WrongPin extends Exception {
        public WrongPin() { super("wrong PIN", null, false, false); }
    }

    /** Reads (or, the first time, makes) a random PIN kept in a file only the platform's user can read. */
    public char[] pinFile(String name) {
        Path file = dir.resolve(name + ".pin");
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.US_ASCII).trim().toCharArray();
            Files.createDirectories(dir);
            String pin = randomHex(12);
            Files.writeString(file, pin, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return pin.toCharArray();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot keep the token PIN in " + file, e);
        }
    }

    private static String randomHex(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private void rescan() {
        if (!managed()) return;
        try {
            Provider p = Security.getProvider("SunPKCS11").configure("--name = TS-rescan\nlibrary = " + props.pkcs11Library() + "\nslotListIndex = 0\n");
            if (p instanceof AuthProvider a) logout(a);
        } catch (RuntimeException e) {
            log.debug("rescan: {}", e.toString());
        }
    }

    private String softhsm(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("softhsm2-util");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        String out = run(pb, "softhsm2-util", conf());
        if (out.startsWith("\u0000FAILED")) throw new IllegalStateException("softhsm2-util " + args[0] + " failed: " + out.substring(7).strip());
        return out;
    }

    /** Runs the tool; its output, prefixed with NUL + "FAILED" when it exited non-zero (pkcs11-tool's exit code alone does not say why). */
    private static String run(ProcessBuilder pb, String tool, @org.jspecify.annotations.Nullable String conf) {
        if (conf != null) pb.environment().put("SOFTHSM2_CONF", conf);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish");
            }
            return p.exitValue() == 0 ? out : "\u0000FAILED" + out;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + tool + " (Debian packages softhsm2 and opensc)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
