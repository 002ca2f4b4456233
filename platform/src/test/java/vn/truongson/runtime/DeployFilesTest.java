package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.truongson.support.RealParts;

/**
 * The production files in {@code deploy/} are checked by the tools that will read them (issue 12, part 4): the
 * systemd units by {@code systemd-analyze verify}, the HAProxy configurations by {@code haproxy -c}. A unit or a
 * configuration that the real tool refuses fails here, not on the ministry's server.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();

    @Test
    void the_systemd_units_pass_systemd_analyze_verify() throws Exception {
        RealParts.require("systemd", Path.of("/usr/bin/systemd-analyze"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify"));
        try (var units = Files.list(DEPLOY.resolve("systemd"))) {
            units.filter(p -> p.toString().endsWith(".service")).sorted().forEach(p -> command.add(p.toString()));
        }
        assertThat(command).hasSizeGreaterThanOrEqualTo(4); // the platform and the sandbox
        Result r = run(command);
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).as("systemd-analyze found something to say about the units").isBlank();
    }

    @Test
    void a_broken_unit_is_refused_by_the_same_check(@TempDir Path dir) throws Exception {
        RealParts.require("systemd", Path.of("/usr/bin/systemd-analyze"));
        // The check can fail: the platform's unit with its ExecStart pointing at no program.
        String unit = Files.readString(DEPLOY.resolve("systemd/truongson.service"))
                .replaceFirst("(?m)^ExecStart=\\S+", "ExecStart=/nonexistent/java");
        Path broken = dir.resolve("truongson.service");
        Files.writeString(broken, unit);
        Result r = run(List.of("/usr/bin/systemd-analyze", "verify", broken.toString()));
        assertThat(r.exit).as(r.output).isNotZero();
        assertThat(r.output).contains("/nonexistent/java");
    }

    @Test
    void the_haproxy_configurations_pass_haproxy_check(@TempDir Path dir) throws Exception {
        RealParts.require("haproxy", Path.of("/usr/sbin/haproxy"));
        // Production: the TLS certificate's path replaced by a certificate made here (the real one is the ministry's).
        Path pem = dir.resolve("truongson.pem");
        Result openssl = run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=truongson.test",
                "-keyout", pem.toString(), "-out", dir.resolve("cert.pem").toString()));
        assertThat(openssl.exit).as(openssl.output).isZero();
        Files.writeString(pem, Files.readString(dir.resolve("cert.pem")), java.nio.file.StandardOpenOption.APPEND);
        String production = Files.readString(DEPLOY.resolve("haproxy-production.cfg"));
        assertThat(production).contains("/etc/haproxy/certs/truongson.pem");
        Path prod = dir.resolve("production.cfg");
        Files.writeString(prod, production.replace("/etc/haproxy/certs/truongson.pem", pem.toString()));
        Result p = run(List.of("/usr/sbin/haproxy", "-c", "-f", prod.toString()));
        assertThat(p.exit).as(p.output).isZero();
        // The cluster's template, filled as deploy/cluster/run.sh fills it.
        String template = Files.readString(DEPLOY.resolve("cluster/haproxy.cfg"));
        assertThat(template).contains("@PORT@").contains("@SERVERS@");
        Path cluster = dir.resolve("cluster.cfg");
        Files.writeString(cluster, template.replace("@PORT@", "18080")
                .replaceAll("(?m)^@SERVERS@$", "    server node1 127.0.0.1:18081 check\n    server node2 127.0.0.1:18082 check"));
        Result c = run(List.of("/usr/sbin/haproxy", "-c", "-f", cluster.toString()));
        assertThat(c.exit).as(c.output).isZero();
        // And the check can fail: a server line with no address.
        Files.writeString(cluster, template.replace("@PORT@", "18080").replaceAll("(?m)^@SERVERS@$", "    server node1"));
        assertThat(run(List.of("/usr/sbin/haproxy", "-c", "-f", cluster.toString())).exit).isNotZero();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
