package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import vn.truongson.support.Api;
import vn.truongson.support.Npm;
import vn.truongson.support.PlatformTest;

/**
 * /v3/api-docs is lint clean under Redocly's recommended rules ({@code @redocly/cli lint}, installed from npm at test
 * time): no error and no warning. The description is left in target/openapi/ with the linter's report.
 */
@PlatformTest
class OpenApiLintTest {

    @LocalServerPort int port;

    @Test
    void redocly_recommended_finds_nothing() throws Exception {
        var r = new Api(port).get("/v3/api-docs", null);
        assertThat(r.status()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target/openapi").toAbsolutePath());
        Files.writeString(dir.resolve("api-docs.json"), r.body());
        Files.writeString(dir.resolve("redocly.yaml"), "extends:\n  - recommended\n");

        Npm.install(Npm.REDOCLY_CLI);
        Npm.Run lint = Npm.bin("redocly", List.of("lint", "api-docs.json", "--config", "redocly.yaml", "--format", "json"), dir);
        Files.writeString(dir.resolve("lint.json"), lint.stdout());
        int start = lint.stdout().indexOf('{');
        assertThat(start).as("redocly's report (exit %d):%n%s%n%s", lint.exitCode(), lint.stdout(), lint.stderr()).isGreaterThanOrEqualTo(0);
        JsonNode report = Api.json(lint.stdout().substring(start));
        StringBuilder problems = new StringBuilder();
        for (JsonNode p : report.get("problems")) {
            problems.append(p.get("severity").asString()).append(' ').append(p.get("ruleId").asString()).append(": ").append(p.get("message").asString());
            JsonNode loc = p.path("location");
            if (loc.isArray() && !loc.isEmpty()) problems.append(" at ").append(loc.get(0).path("pointer").asString());
            problems.append('\n');
        }
        JsonNode totals = report.get("totals");
        assertThat(totals.get("errors").asInt()).as(problems.toString()).isZero();
        assertThat(totals.get("warnings").asInt()).as(problems.toString()).isZero();
        assertThat(lint.exitCode()).as(lint.stderr()).isZero();

        // The server is the request's own origin, relative: a client through the proxy or on a node gets its own.
        JsonNode servers = r.json().get("servers");
        assertThat(servers.size()).isEqualTo(1);
        assertThat(servers.get(0).get("url").asString()).isEqualTo("/");
    }
}
