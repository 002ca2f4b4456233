package vn.truongson.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import vn.truongson.support.PlatformTest;

/**
 * Issue 10, finding 13: behind a TLS proxy configured as docs/operations.md §6 says
 * ({@code server.forward-headers-strategy=framework}), a request the proxy marks {@code X-Forwarded-Proto: https}
 * gets the session cookie with {@code Secure}; one it marks {@code http} does not. (Its own context: the strategy
 * is off by default, since believing forwarded headers from anyone would let a client choose its zone.)
 */
@PlatformTest
@TestPropertySource(properties = "server.forward-headers-strategy=framework")
@org.springframework.test.annotation.DirtiesContext // its context is its own: closed after it, not left running to the JVM's end
class TlsProxyCookieTest {

    @Autowired MockMvc mvc;

    @Test
    void the_session_cookie_is_secure_when_the_configured_proxy_says_the_request_came_over_tls() throws Exception {
        var tls = mvc.perform(get("/login").header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "truongson.example"))
                .andReturn().getResponse();
        assertThat(String.join("\n", tls.getHeaders("Set-Cookie"))).contains("SESSION=").containsIgnoringCase("; Secure");
        var plain = mvc.perform(get("/login").header("X-Forwarded-Proto", "http")).andReturn().getResponse();
        assertThat(String.join("\n", plain.getHeaders("Set-Cookie"))).contains("SESSION=").doesNotContainIgnoringCase("Secure");
        assertThat(tls.getHeader("Referrer-Policy")).isEqualTo("same-origin");
    }
}
