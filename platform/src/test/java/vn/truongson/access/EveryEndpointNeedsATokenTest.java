package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/** Every /api/v1 endpoint there is, found from the application's own mappings, refuses a request without a token. */
@PlatformTest
class EveryEndpointNeedsATokenTest {

    @LocalServerPort int port;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    record Endpoint(String method, String path) {}

    /** Also used by the bad-input walker. */
    static List<Endpoint> apiEndpoints(RequestMappingHandlerMapping mappings) {
        List<Endpoint> out = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            var paths = info.getPathPatternsCondition() == null ? Stream.<String>empty()
                    : info.getPathPatternsCondition().getPatternValues().stream();
            paths.filter(p -> p.startsWith("/api/v1/")).forEach(p -> {
                var methods = info.getMethodsCondition().getMethods();
                for (RequestMethod m : methods.isEmpty() ? java.util.Set.of(RequestMethod.GET) : methods) {
                    out.add(new Endpoint(m.name(), p.replaceAll("\\{[^}]+}", "1")));
                }
            });
        });
        return out;
    }

    @Test
    void every_api_endpoint_refuses_a_request_without_a_token() {
        Api api = new Api(port);
        List<Endpoint> endpoints = apiEndpoints(mappings);
        assertThat(endpoints).hasSizeGreaterThan(10);
        List<String> open = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (e.path().equals("/api/v1/auth/token")) continue;
            // signing: the PKI's public face (root, CRLs, TSA), which relying parties outside must reach without an account
            if (e.path().matches("/api/v1/pki/(ca\\.pem|crl|root-crl|tsa)")) continue;
            var req = HttpRequest.newBuilder(URI.create(api.base() + e.path()))
                    .method(e.method(), HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
            var r = api.send(req, null);
            if (r.status() != 401 || !r.body().contains("\"status\":401")) open.add(e + " → " + r.status());
        }
        assertThat(open).as("endpoints that did not answer 401 problem").isEmpty();
    }

    @Test
    void a_forged_or_expired_token_is_refused() {
        Api api = new Api(port);
        var r = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/me")).header("Authorization", "Bearer not-a-real-token").GET(), null);
        assertThat(r.status()).isEqualTo(401);
    }
}
