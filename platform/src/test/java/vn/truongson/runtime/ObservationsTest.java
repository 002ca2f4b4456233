package vn.truongson.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 20, item 6: Spring Security's observations cost ~22 % of the CPU of a cheap request and tell nothing the
 * HTTP server metrics do not; they are off, the HTTP server metrics stay.
 */
@PlatformTest
class ObservationsTest {

    @Autowired MeterRegistry registry;
    @LocalServerPort int port;

    @Test
    void signedInRequestsAreMeasuredAsHttpRequestsWithoutSecurityObservations() {
        Api api = new Api(port);
        for (int i = 0; i < 3; i++) assertThat(api.get("/api/v1/me", "dieuphoi.btl86").status()).isEqualTo(200);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).contains("http.server.requests");
        assertThat(registry.getMeters().stream().map(Meter::getId).map(Meter.Id::getName).filter(n -> n.startsWith("spring.security")))
                .as("Spring Security observations").isEmpty();
    }
}
