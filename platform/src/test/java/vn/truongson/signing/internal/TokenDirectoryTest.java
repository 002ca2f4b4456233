package vn.truongson.signing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.truongson.runtime.RuntimeProperties;
import vn.truongson.signing.SigningProperties;

/**
 * The managed token store can live outside the data dir (a directory every node of a cluster shares), and its
 * platform PIN is made once however many nodes (here: token stores of two application contexts) start together.
 */
class TokenDirectoryTest {

    @TempDir Path data;
    @TempDir Path shared;

    private static SigningProperties signing(String tokenDir) {
        return new SigningProperties("/usr/lib/softhsm/libsofthsm2.so", true, null, null, "http://localhost:8080", 5, 1095, "EC", 2048, tokenDir);
    }

    private RuntimeProperties runtime() {
        return new RuntimeProperties(data.toString(), null, 0);
    }

    @Test
    void the_token_store_is_under_the_data_dir_unless_a_token_dir_is_set() {
        assertThat(new Pkcs11Tokens(signing(null), runtime()).dir()).isEqualTo(data.toAbsolutePath().normalize().resolve("softhsm"));
        assertThat(new Pkcs11Tokens(signing(" "), runtime()).dir()).isEqualTo(data.toAbsolutePath().normalize().resolve("softhsm"));
        assertThat(new Pkcs11Tokens(signing(shared.toString()), runtime()).dir()).isEqualTo(shared.toAbsolutePath().normalize());
    }

    @Test
    void nodes_sharing_a_token_dir_make_the_platform_pin_once() throws Exception {
        // Two nodes (each its own data dir), one shared token dir, twelve start-ups racing for the PIN file.
        List<Pkcs11Tokens> nodes = List.of(new Pkcs11Tokens(signing(shared.toString()), runtime()),
                new Pkcs11Tokens(signing(shared.toString()), new RuntimeProperties(data.resolve("node2").toString(), null, 0)));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        AtomicInteger inside = new AtomicInteger(), overlapped = new AtomicInteger();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> pins = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Pkcs11Tokens node = nodes.get(i % 2);
                pins.add(pool.submit(() -> {
                    go.await();
                    return node.acrossProcesses(() -> {
                        if (inside.incrementAndGet() > 1) overlapped.incrementAndGet();
                        try {
                            return new String(node.pinFile("truongson-platform"));
                        } finally {
                            inside.decrementAndGet();
                        }
                    });
                }));
            }
            go.countDown();
            List<String> got = new ArrayList<>();
            for (Future<String> f : pins) got.add(f.get());
            assertThat(got).hasSize(12).containsOnly(got.getFirst());
            assertThat(overlapped).hasValue(0);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(shared.resolve("truongson-platform.pin")).trim()).isEqualTo(new String(nodes.get(1).pinFile("truongson-platform")));
        assertThat(data.resolve("softhsm")).doesNotExist();
    }
}
