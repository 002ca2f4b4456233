package vn.truongson.clamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared by the platform (secops) and the gateway, without Spring. ClamAV's daemon over its socket, with the INSTREAM command (clamd(8)): the content goes in chunks, clamd answers
 * {@code stream: OK} or {@code stream: <signature> FOUND}. With no address configured, the platform runs its own clamd
 * (Debian's {@code clamav-daemon}), started at the first scan, on a Unix socket under {@code <data dir>/clamd} with the
 * signatures the project ships — the EICAR test file and the project's own test samples; no signature download is
 * possible here (docs/operations.md says how production points freshclam at the ministry's mirror). A clamd already
 * answering on that socket (left by an earlier platform, or started by another context in this JVM) is reused.
 */
public class ClamdClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClamdClient.class);
    private static final int CHUNK = 64 * 1024;
    /** Managed daemons of this JVM by socket, shared by its application contexts (the tests run several). */
    private static final Map<Path, Process> MANAGED = new HashMap<>();
    private static final Map<Path, Integer> USERS = new HashMap<>();

    private final Path home;
    private final String signaturesDir;
    private final Duration timeout;
    private final long maxBytes;
    private volatile SocketAddress address;
    private boolean usesManaged;

    /** Where clamd listens. */
    public sealed interface SocketAddress permits UnixAddress, TcpAddress {}

    public record UnixAddress(Path path) implements SocketAddress {}

    public record TcpAddress(String host, int port) implements SocketAddress {}

    /** What clamd said of one stream. */
    public record Verdict(boolean infected, String signature) {}

    /**
     * @param home the managed daemon's directory (socket, configuration, signatures, log), e.g. {@code <data dir>/clamd}
     * @param address {@code unix:/path} or {@code tcp://host:port} of a clamd to use; blank: start our own under home
     * @param signaturesDir extra signature files for the managed daemon (blank: none)
     */
    public ClamdClient(Path home, String address, String signaturesDir, Duration timeout, long maxBytes) {
        this.home = home.toAbsolutePath().normalize();
        this.signaturesDir = signaturesDir;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.address = address.isBlank() ? null : parse(address);
    }

    /** Whether this client runs (or will run) its own daemon rather than one given by address. */
    public boolean managed() {
        return address == null || usesManaged;
    }

    public static SocketAddress parse(String address) {
        if (address.startsWith("unix:")) return new UnixAddress(Path.of(address.substring(5)));
        URI u = URI.create(address);
        if ("tcp".equals(u.getScheme()) && u.getHost() != null && u.getPort() > 0) return new TcpAddress(u.getHost(), u.getPort());
        throw new IllegalArgumentException("a clamd address must be unix:/path or tcp://host:port, not " + address);
    }

    /** Scans the stream; IOException when clamd cannot be reached or answers nonsense. */
    public Verdict scan(InputStream content) throws IOException {
        String answer = command("zINSTREAM", content);
        // "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        if (answer.endsWith(" FOUND")) {
            String sig = answer.substring(answer.indexOf(':') + 1, answer.length() - " FOUND".length()).trim();
            return new Verdict(true, sig);
        }
        if (answer.endsWith(": OK")) return new Verdict(false, "");
        throw new IOException("clamd answered: " + answer);
    }

    /** PING → PONG. */
    public boolean ping() {
        try {
            return "PONG".equals(command("zPING", null));
        } catch (IOException e) {
            return false;
        }
    }

    private String command(String cmd, InputStream content) throws IOException {
        SocketAddress a = address();
        Duration timeout = this.timeout;
        try (SocketChannel ch = open(a)) {
            var out = Channels.newOutputStream(ch);
            out.write((cmd + "\0").getBytes(StandardCharsets.US_ASCII));
            if (content != null) {
                byte[] buf = new byte[CHUNK];
                long total = 0;
                for (int n; (n = content.readNBytes(buf, 0, CHUNK)) > 0; ) {
                    total += n;
                    if (total > maxBytes) throw new IOException("the file is larger than the scanner's limit (" + maxBytes + " bytes)");
                    out.write(ByteBuffer.allocate(4).putInt(n).array());
                    out.write(buf, 0, n);
                }
                out.write(new byte[4]);
            }
            out.flush();
            return readAnswer(ch, timeout);
        }
    }

    private static SocketChannel open(SocketAddress a) throws IOException {
        return switch (a) {
            case UnixAddress u -> {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(u.path()));
                yield ch;
            }
            case TcpAddress t -> {
                SocketChannel ch = SocketChannel.open();
                ch.socket().connect(new InetSocketAddress(t.host(), t.port()), 5000);
                yield ch;
            }
        };
    }

    private static String readAnswer(SocketChannel ch, Duration timeout) throws IOException {
        // A blocking read bounded by a watchdog that closes the channel: SocketChannel has no read timeout of its own.
        var watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                ch.close();
            } catch (InterruptedException | IOException ignored) {
                // answered in time
            }
        });
        try {
            var in = Channels.newInputStream(ch);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != 0; ) {
                answer.write(b);
                if (answer.size() > 4096) throw new IOException("clamd's answer is too long");
            }
            return answer.toString(StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("no answer from clamd within " + timeout.toSeconds() + " s (" + e.getMessage() + ")", e);
        } finally {
            watchdog.interrupt();
        }
    }

    private SocketAddress address() throws IOException {
        SocketAddress a = address;
        if (a != null) return a;
        synchronized (this) {
            if (address == null) address = startManaged();
            return address;
        }
    }

    /** Starts (or reuses) the platform's own clamd; its socket. */
    private SocketAddress startManaged() throws IOException {
        Path socket = socketPath();
        synchronized (MANAGED) {
            UnixAddress a = new UnixAddress(socket);
            usesManaged = true;
            USERS.merge(socket, 1, Integer::sum);
            this.address = a;
            if (ping()) return a; // ours from before, or another context's
            Process old = MANAGED.remove(socket);
            if (old != null) old.destroyForcibly();
            Path db = home.resolve("db");
            Files.createDirectories(db);
            installSignatures(db);
            Files.deleteIfExists(socket);
            Path conf = home.resolve("clamd.conf");
            Files.writeString(conf, """
                    # Written by Trường Sơn (truongson-clamd): a managed clamd.
                    Foreground yes
                    LocalSocket %s
                    DatabaseDirectory %s
                    LogFile %s
                    StreamMaxLength %d
                    MaxFileSize %d
                    MaxScanSize %d
                    ReadTimeout 30
                    SelfCheck 3600
                    """.formatted(socket, db, home.resolve("clamd.log"), maxBytes, maxBytes, maxBytes * 4));
            String binary = clamdBinary();
            List<String> cmd = new ArrayList<>(List.of(binary, "-c", conf.toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("clamd.out").toFile()).start();
            MANAGED.put(socket, p);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < until) {
                if (ping()) {
                    log.info("clamd started (pid {}) on {} with the signatures in {}", p.pid(), socket, db);
                    return a;
                }
                if (!p.isAlive()) break;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while clamd started", e);
                }
            }
            this.address = null;
            String out = Files.exists(home.resolve("clamd.out")) ? Files.readString(home.resolve("clamd.out")) : "";
            throw new IOException("clamd did not start (see " + home.resolve("clamd.out") + "): " + out.lines().reduce((x, y) -> y).orElse(""));
        }
    }

    private Path socketPath() {
        Path s = home.resolve("clamd.sock");
        // A Unix socket's path is limited to 107 bytes.
        if (s.toString().getBytes(StandardCharsets.UTF_8).length < 100) return s;
        return Path.of(System.getProperty("java.io.tmpdir"), "truongson-clamd-" + Integer.toHexString(s.toString().hashCode()) + ".sock");
    }

    private static String clamdBinary() throws IOException {
        for (String c : List.of("/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd")) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        throw new IOException("clamd is not installed (Debian package clamav-daemon; ./truongson setup installs it)");
    }

    private void installSignatures(Path db) throws IOException {
        String index;
        try (InputStream in = ClamdClient.class.getResourceAsStream("signatures/INDEX")) {
            if (in == null) throw new IOException("the shipped signatures' INDEX is missing from the classpath");
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String name : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            try (InputStream in = ClamdClient.class.getResourceAsStream("signatures/" + name)) {
                if (in == null) throw new IOException("shipped signature file missing: " + name);
                Files.copy(in, db.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!signaturesDir.isBlank()) {
            try (var extra = Files.list(Path.of(signaturesDir))) {
                for (Path p : extra.filter(Files::isRegularFile).toList()) {
                    Files.copy(p, db.resolve(p.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** Starts the managed clamd in the background, so that the first scan does not wait. */
    public void warmUp() {
        if (address != null) return;
        Thread.ofVirtual().name("clamd-start").start(() -> {
            try {
                address();
            } catch (IOException e) {
                log.error("The malware scanner is unavailable; uploads are refused until it answers: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        if (!usesManaged) return;
        synchronized (MANAGED) {
            Path socket = socketPath();
            int left = USERS.merge(socket, -1, Integer::sum);
            if (left > 0) return;
            USERS.remove(socket);
            Process p = MANAGED.remove(socket);
            if (p != null) {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
