package vn.truongson.population.citizen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import vn.truongson.support.CitizenPlatformTest;
import vn.truongson.support.CitizenSession;
import vn.truongson.support.Principals;

/** Citizens sign in through the sandbox e-identity provider, and their session stays on the citizens' side. */
@CitizenPlatformTest
class CitizenSignInTest {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void passwordAndOtpGiveLevel2AndTheRegistryData() {
        var an = CitizenSession.signIn(port, CitizenSession.AN, 2);
        var page = an.get("/citizen");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Nguyễn Văn An", "001090001234", "14/05/1990", "Định danh điện tử mức 2");
        // The header names the citizen, on their pages and on the public ones.
        assertThat(page.body()).contains("id=\"ts-citizen\">Nguyễn Văn An<");
        assertThat(an.get("/procedures").body()).contains("id=\"ts-citizen\">Nguyễn Văn An<");
        assertThat(new CitizenSession(port).get("/procedures").body()).doesNotContain("ts-citizen");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'citizen.signin' and outcome = 'SUCCESS' and actor = 'citizen:001******234'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void passwordAloneGivesLevel1() {
        var ha = CitizenSession.signIn(port, CitizenSession.HA, 1);
        var page = ha.get("/citizen");
        assertThat(page.body()).contains("Phạm Thị Thu Hà", "Định danh điện tử mức 1").doesNotContain("Định danh điện tử mức 2");
    }

    @Test
    void theCitizenPageAsksForASignInFirstAndComesBack() {
        var s = new CitizenSession(port);
        var r = s.get("/citizen/dossiers?x=1");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.location()).endsWith("/citizen/login?next=%2Fcitizen%2Fdossiers%3Fx%3D1");
        String html = s.begin("/citizen");
        var code = s.submit(html, CitizenSession.NAM, CitizenSession.PASSWORD, CitizenSession.currentOtp(CitizenSession.NAM));
        assertThat(s.follow(code.location()).location()).endsWith("/citizen");
    }

    @Test
    void aCitizenNeverReachesTheOfficialsSide() throws Exception {
        var an = CitizenSession.signIn(port, CitizenSession.AN, 2);
        for (String path : new String[] {"/office", "/office/population/admissions", "/admin/calendar", "/account/security"}) {
            var r = an.get(path);
            assertThat(r.status()).as(path).isEqualTo(302);
            assertThat(r.location()).as(path).endsWith("/login");
        }
        // The officials' API wants a bearer token; the citizen's session cookie is nothing to it.
        var api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(an.base() + "/api/v1/units"))
                .header("Cookie", an.cookie()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
        // And a citizen cannot be sent on to the officials' side after signing in.
        assertThat(CitizenSignIn.safeNext("/office/units")).isEqualTo("/citizen");
        assertThat(CitizenSignIn.safeNext("//evil.example/x")).isEqualTo("/citizen");
        assertThat(CitizenSignIn.safeNext("https://evil.example/x")).isEqualTo("/citizen");
        assertThat(CitizenSignIn.safeNext("/dich-vu/123")).isEqualTo("/dich-vu/123");
    }

    @Test
    void anOfficialIsNotACitizen() throws Exception {
        mvc.perform(get("/citizen").with(Principals.as(jdbc, "admin")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/citizen/login?next=%2Fcitizen"));
        mvc.perform(get("/citizen/anything").with(Principals.as(jdbc, "admin"))).andExpect(status().isFound());
    }

    @Test
    void anOfficialsRealSessionIsNotACitizensAndSigningInAsACitizenDropsTheOfficial() {
        var browser = new CitizenSession(port);
        var login = browser.get("/login");
        var signedIn = browser.post("/login", login.body(), Map.of("username", "dieuphoi.btl86", "password", vn.truongson.support.Api.DEMO_PASSWORD));
        assertThat(signedIn.location()).endsWith("/office");
        assertThat(browser.get("/office").status()).isEqualTo(200);
        // The same browser session on the citizens' side: not a citizen.
        var citizenPage = browser.get("/citizen");
        assertThat(citizenPage.status()).isEqualTo(302);
        assertThat(citizenPage.location()).contains("/citizen/login");
        // Signing in as a citizen in that browser ends the official's sign-in (one person per session).
        var code = browser.submit(browser.begin("/citizen"), CitizenSession.AN, CitizenSession.PASSWORD, "");
        assertThat(browser.follow(code.location()).status()).isEqualTo(302);
        assertThat(browser.get("/citizen").status()).isEqualTo(200);
        assertThat(browser.get("/office").location()).endsWith("/login");
    }

    @Test
    void signingOutEndsTheCitizensSession() {
        var an = CitizenSession.signIn(port, CitizenSession.AN, 1);
        var page = an.get("/citizen");
        var out = an.post("/citizen/logout", page.body(), Map.of());
        assertThat(out.status()).isEqualTo(302);
        assertThat(an.get("/citizen").status()).isEqualTo(302);
    }
}
