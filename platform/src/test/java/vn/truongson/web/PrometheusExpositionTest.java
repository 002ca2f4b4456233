package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.Npm;
import vn.truongson.support.PlatformTest;
import vn.truongson.support.Prometheus;

/**
 * /actuator/prometheus passes a strict parser (npm parse-prometheus-text-format, run with Node.js) and, checked here
 * too, every {@code # HELP} line has text; the platform's own meters are there under {@code truongson_}, and a failed
 * sign-in moves its counter by exactly one. (Reports submitted: ReportMetricsTest; documents issued: DocumentIssueTest; dossiers: DossierLifecycleTest; registry calls: VerificationApiTest.)
 */
@PlatformTest
class PrometheusExpositionTest {

    @LocalServerPort int port;

    /** Parses stdin strictly; prints the family count, then each family whose help is missing or blank. */
    static final String PARSE = """
            const parse = require('parse-prometheus-text-format');
            const text = require('fs').readFileSync(0, 'utf8');
            const families = parse(text);
            console.log(families.length);
            for (const f of families) if (!f.help || !f.help.trim()) console.log('NO HELP ' + f.name);
            """;

    @Test
    void a_strict_parser_reads_every_family_and_every_help_has_text() {
        String text = Prometheus.scrape(port);
        List<String> bare = new ArrayList<>();
        long helps = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("# HELP ")) continue;
            helps++;
            String[] parts = line.split(" ", 4); // "#", "HELP", name, text
            if (parts.length < 4 || parts[3].isBlank()) bare.add(line);
        }
        assertThat(helps).isGreaterThan(50);
        assertThat(bare).as("# HELP lines without text").isEmpty();

        Npm.install(Npm.PROMETHEUS_PARSER);
        Npm.Run r = Npm.node(PARSE, text);
        assertThat(r.exitCode()).as("parse-prometheus-text-format: %s", r.stderr()).isZero();
        List<String> out = r.stdout().lines().toList();
        assertThat(Long.parseLong(out.getFirst())).as("families parsed").isEqualTo(helps);
        assertThat(out.subList(1, out.size())).isEmpty();
    }

    @Test
    void the_domain_meters_are_exported_and_described() {
        String text = Prometheus.scrape(port);
        for (String family : List.of("truongson_reports_submitted_total", "truongson_documents_issued_total", "truongson_dossiers_received_total",
                "truongson_dossiers_returned_total", "truongson_dossiers_overdue", "truongson_registry_calls_total",
                "truongson_registry_circuit_state", "truongson_audit_seal_lag_seconds", "truongson_signin_failures_total")) {
            assertThat(text).as(family).containsPattern("(?m)^# HELP " + java.util.regex.Pattern.quote(family) + " \\S.*$")
                    .containsPattern("(?m)^" + java.util.regex.Pattern.quote(family) + "(\\{.*})? \\S+$");
        }
        // The breaker is in exactly one state; the seal covers every record (the chain's head moves with each append).
        double states = 0;
        for (String s : List.of("closed", "open", "half_open")) states += Prometheus.value(text, "truongson_registry_circuit_state{state=\"" + s + "\"}");
        assertThat(states).isEqualTo(1.0);
        assertThat(Prometheus.value(text, "truongson_registry_circuit_state{state=\"closed\"}")).isEqualTo(1.0);
        assertThat(Prometheus.value(text, "truongson_audit_seal_lag_seconds")).isBetween(0.0, 5.0);
        assertThat(Prometheus.value(text, "truongson_dossiers_overdue")).isGreaterThanOrEqualTo(0.0);
    }

    @Test
    void a_failed_sign_in_counts_once() {
        double before = Prometheus.value(port, "truongson_signin_failures_total");
        var r = new Api(port).post("/api/v1/auth/token", null, "{\"username\":\"metrics-nobody\",\"password\":\"wrong-password\"}");
        assertThat(r.status()).isEqualTo(401);
        assertThat(Prometheus.value(port, "truongson_signin_failures_total")).isEqualTo(before + 1);
        var ok = new Api(port).post("/api/v1/auth/token", null, "{\"username\":\"admin\",\"password\":\"" + Api.DEMO_PASSWORD + "\"}");
        assertThat(ok.status()).as("admin's password is right (a code may be asked for, which is not a failure)").isIn(200, 401);
        assertThat(Prometheus.value(port, "truongson_signin_failures_total")).isEqualTo(before + 1);
    }
}
