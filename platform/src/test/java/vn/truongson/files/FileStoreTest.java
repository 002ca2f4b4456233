package vn.truongson.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import vn.truongson.core.DomainException;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.support.PlatformTest;

/**
 * The file store in PostgreSQL (issue 12 §4): what is stored is in {@code files_chunk}, not on the node's disk; the same
 * content written twelve times at once is kept once; 50 MB pass through in chunks without being held in memory; a
 * damaged chunk is an error, never wrong bytes; an older installation's files on disk are imported once.
 */
@PlatformTest
class FileStoreTest {

    @Autowired FileStore store;
    @Autowired SealedFiles sealed;
    @Autowired DiskImport diskImport;
    @Autowired JdbcClient jdbc;
    @Autowired RuntimeProperties runtime;
    @Autowired java.time.Clock clock;
    @Autowired org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * Erasing (archive's disposal): in the database the row and chunks go; on disk the file goes once the transaction
     * commits; a content another module's row refers to is kept; twelve erasures at once erase once; the same bytes
     * stored again afterwards are whole; a sealed file loses its key and ciphertext; bad names are refused.
     */
    @Test
    void erasing_removes_the_bytes_unless_something_else_refers_to_them() throws Exception {
        byte[] pdf = FileFixtures.pdf("Xoa " + UUID.randomUUID());
        String sha = store.store(new ByteArrayInputStream(pdf), "x.pdf", 1 << 20).sha256();
        // Referred to from a table outside the caller's own (here archive_item, the caller claiming "test_"): kept.
        long batch = jdbc.sql("insert into archive_batch (unit_id, year, title, created_by) values (1, 2000, 'x', 'test') returning id").query(Long.class).single();
        long item = jdbc.sql("""
                insert into archive_item (batch_id, unit_id, file_name, source_sha256, source_type, source_size, status, created_by)
                values (?, 1, 'x.pdf', ?, 'application/pdf', 1, 'DONE', 'test') returning id""").params(batch, sha).query(Long.class).single();
        assertThat(store.erase(sha, "test_", c -> false)).isFalse();
        assertThat(chunks(sha)).isEqualTo(1);
        assertThat(store.erase(sha, "archive_", c -> true)).isFalse(); // the caller's own reference
        assertThat(chunks(sha)).isEqualTo(1);
        jdbc.sql("update archive_item set source_sha256 = ? where id = ?").params("f".repeat(64), item).update();
        // Twelve erasures at once: one erases, the others find nothing.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            calls.add(pool.submit(() -> {
                go.await();
                return store.erase(sha, "test_", c -> false);
            }));
        }
        go.countDown();
        int erased = 0;
        for (var f : calls) if (f.get()) erased++;
        pool.shutdown();
        assertThat(erased).isEqualTo(1);
        assertThat(chunks(sha)).isZero();
        assertThat(store.find(sha)).isEmpty();
        assertThatThrownBy(() -> store.open(sha)).isInstanceOf(DomainException.NotFound.class);
        store.store(new ByteArrayInputStream(pdf), "x.pdf", 1 << 20);
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
        assertThatThrownBy(() -> store.erase("../../etc/passwd", "test_", c -> false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.erase(sha, "x' or 1=1 --", c -> false)).isInstanceOf(IllegalArgumentException.class);

        // On disk: the file goes when the transaction commits, not before.
        Path dir = Files.createTempDirectory("erase-");
        var disk = new FileStore(new RuntimeProperties(dir.toString(), null, 0), new FilesProperties(FilesProperties.Store.DISK), jdbc, clock, tx);
        byte[] other = FileFixtures.pdf("Dia " + UUID.randomUUID());
        String onDisk = disk.store(new ByteArrayInputStream(other), "y.pdf", 1 << 20).sha256();
        Path file = dir.resolve("files").resolve(onDisk.substring(0, 2)).resolve(onDisk.substring(2, 4)).resolve(onDisk);
        assertThat(file).exists();
        tx.executeWithoutResult(s -> {
            assertThat(disk.erase(onDisk, "test_", c -> false)).isTrue();
            assertThat(file).exists();
        });
        assertThat(file).doesNotExist();
        assertThat(store.find(onDisk)).isEmpty();

        // Sealed: the wrapped key and the ciphertext go.
        long id = sealed.seal(FileFixtures.pdf("Mat " + UUID.randomUUID()), ContentTypes.PDF);
        String blob = jdbc.sql("select blob_sha256 from files_sealed where id = ?").param(id).query(String.class).single();
        tx.executeWithoutResult(s -> sealed.erase(id));
        assertThat(chunks(blob)).isZero();
        assertThatThrownBy(() -> sealed.open(id)).isInstanceOf(DomainException.NotFound.class);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private long chunks(String sha) {
        return jdbc.sql("select count(*) from files_chunk where sha256 = ?").param(sha).query(Long.class).single();
    }

    private Path filesDir() {
        return Path.of(runtime.dataDir()).toAbsolutePath().normalize().resolve("files");
    }

    @Test
    void a_stored_file_is_in_the_database_and_not_on_the_nodes_disk() throws Exception {
        byte[] pdf = FileFixtures.pdf("Bien ban " + UUID.randomUUID());
        StoredFile f = store.store(new ByteArrayInputStream(pdf), "biên bản.pdf", 1 << 20);
        assertThat(f.sha256()).isEqualTo(sha256(pdf));
        assertThat(chunks(f.sha256())).isEqualTo(1);
        assertThat(filesDir().resolve(f.sha256().substring(0, 2)).resolve(f.sha256().substring(2, 4)).resolve(f.sha256())).doesNotExist();
        try (InputStream in = store.open(f.sha256())) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
        assertThatThrownBy(() -> store.open("0".repeat(64))).isInstanceOf(DomainException.NotFound.class);
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(DomainException.NotFound.class);
        // Sealed ciphertext goes to the same table; the plaintext is nowhere in it.
        byte[] secret = FileFixtures.pdf("Mat " + UUID.randomUUID());
        long id = sealed.seal(secret, ContentTypes.PDF);
        String blob = jdbc.sql("select blob_sha256 from files_sealed where id = ?").param(id).query(String.class).single();
        assertThat(chunks(blob)).isEqualTo(1);
        assertThat(sealed.cipherText(id)).isNotEqualTo(secret);
        assertThat(sealed.open(id)).isEqualTo(secret);
    }

    @Test
    void twelve_parallel_writes_of_the_same_content_keep_it_once() throws Exception {
        // 2.5 MiB: three chunks, so the writers meet on more than one row.
        byte[] head = FileFixtures.pdf("Song song " + UUID.randomUUID());
        byte[] pdf = new byte[Chunks.SIZE * 5 / 2];
        new Random(12).nextBytes(pdf);
        System.arraycopy(head, 0, pdf, 0, head.length);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<StoredFile>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return store.store(new ByteArrayInputStream(pdf), "cùng.pdf", 10 << 20);
                }));
            }
            go.countDown();
            List<StoredFile> got = new ArrayList<>();
            for (Future<StoredFile> f : all) got.add(f.get());
            assertThat(got).extracting(StoredFile::sha256).containsOnly(sha256(pdf));
            assertThat(got).extracting(StoredFile::createdAt).containsOnly(got.getFirst().createdAt());
        } finally {
            pool.shutdownNow();
        }
        String sha = sha256(pdf);
        assertThat(jdbc.sql("select count(*) from files_object where sha256 = ?").param(sha).query(Long.class).single()).isOne();
        assertThat(chunks(sha)).isEqualTo(3);
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
    }

    /** Retained heap after a full collection, in MiB. */
    private static long heapMiB() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /** {@code size} bytes of a "PDF" made as they are read, never held whole; records the heap when half is read. */
    private static final class Generated extends InputStream {
        final long size;
        long pos;
        final Random random = new Random(50);
        final MessageDigest digest;
        long heapAtHalf = -1;
        final byte[] head = "%PDF-1.7\n%large evidence\n".getBytes(StandardCharsets.US_ASCII);

        Generated(long size) throws Exception {
            this.size = size;
            this.digest = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            for (int i = 0; i < n && pos + i < head.length; i++) chunk[i] = head[(int) pos + i];
            System.arraycopy(chunk, 0, b, off, n);
            digest.update(chunk);
            if (pos < size / 2 && pos + n >= size / 2) heapAtHalf = heapMiB();
            pos += n;
            return n;
        }
    }

    @Test
    void fifty_megabytes_pass_through_in_chunks_never_whole_in_memory() throws Exception {
        long size = 50L << 20;
        long before = heapMiB();
        Generated in = new Generated(size);
        StoredFile f = store.store(in, "lớn.pdf", 60L << 20);
        String expected = HexFormat.of().formatHex(in.digest.digest());
        assertThat(f.sha256()).isEqualTo(expected);
        assertThat(f.size()).isEqualTo(size);
        assertThat(chunks(f.sha256())).isEqualTo(50);
        // Half-way through the upload, less than a fifth of the file is held (the buffers, a chunk or two).
        assertThat(in.heapAtHalf - before).as("MiB retained half-way through the upload").isLessThan(10);

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long heapAtHalf = -1, total = 0;
        try (InputStream out = store.open(f.sha256())) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = out.read(buf)) > 0) {
                read.update(buf, 0, n);
                if (total < size / 2 && total + n >= size / 2) heapAtHalf = heapMiB();
                total += n;
            }
        }
        assertThat(total).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(read.digest())).isEqualTo(expected);
        assertThat(heapAtHalf - before).as("MiB retained half-way through the download").isLessThan(10);
    }

    @Test
    void an_altered_chunk_is_an_error_not_wrong_bytes() throws Exception {
        byte[] text = ("Báo cáo " + UUID.randomUUID() + "\n").repeat(20).getBytes(StandardCharsets.UTF_8);
        StoredFile f = store.store(new ByteArrayInputStream(text), "báo cáo.txt", 1 << 20);
        jdbc.sql("update files_chunk set data = ? where sha256 = ? and seq = 0").params("tampered".getBytes(StandardCharsets.US_ASCII), f.sha256()).update();
        assertThatThrownBy(() -> {
            try (InputStream in = store.open(f.sha256())) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("integrity");
    }

    @Test
    void files_an_older_version_kept_on_disk_are_imported_once_and_checked() throws Exception {
        Path root = filesDir();
        // As an older version left them: a stored file and a sealed ciphertext with their rows, an orphan, a damaged file.
        byte[] kept = FileFixtures.pdf("Cu " + UUID.randomUUID());
        String keptSha = sha256(kept);
        write(root.resolve(keptSha.substring(0, 2)).resolve(keptSha.substring(2, 4)).resolve(keptSha), kept);
        jdbc.sql("insert into files_object (sha256, size, content_type) values (?, ?, ?)").params(keptSha, kept.length, ContentTypes.PDF).update();

        byte[] cipher = ("ciphertext " + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        String cipherSha = sha256(cipher);
        write(root.resolve("sealed").resolve(cipherSha.substring(0, 2)).resolve(cipherSha.substring(2, 4)).resolve(cipherSha), cipher);
        jdbc.sql("insert into files_sealed (blob_sha256, key_id, wrapped_key, nonce, size, content_type) values (?, 'file:00000000', ?, ?, 1, 'application/pdf')")
                .params(cipherSha, new byte[40], new byte[12]).update();

        byte[] orphan = FileFixtures.pdf("Mo coi " + UUID.randomUUID());
        String orphanSha = sha256(orphan);
        write(root.resolve(orphanSha.substring(0, 2)).resolve(orphanSha.substring(2, 4)).resolve(orphanSha), orphan);

        byte[] original = FileFixtures.pdf("Hong " + UUID.randomUUID());
        String damagedSha = sha256(original);
        write(root.resolve(damagedSha.substring(0, 2)).resolve(damagedSha.substring(2, 4)).resolve(damagedSha), "not what it was".getBytes(StandardCharsets.US_ASCII));
        jdbc.sql("insert into files_object (sha256, size, content_type) values (?, ?, ?)").params(damagedSha, original.length, ContentTypes.PDF).update();

        DiskImport.Result first = diskImport.run();
        assertThat(first.imported()).isGreaterThanOrEqualTo(2);
        assertThat(first.damaged()).isGreaterThanOrEqualTo(1);
        try (InputStream in = store.open(keptSha)) {
            assertThat(in.readAllBytes()).isEqualTo(kept);
        }
        assertThat(chunks(cipherSha)).isOne();
        assertThat(chunks(orphanSha)).isZero();
        assertThat(chunks(damagedSha)).isZero();

        DiskImport.Result again = diskImport.run();
        assertThat(again.imported()).isZero();
        assertThat(again.present()).isGreaterThanOrEqualTo(2);
        assertThat(chunks(keptSha)).isOne();
    }

    private static void write(Path p, byte[] b) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, b);
    }
}
