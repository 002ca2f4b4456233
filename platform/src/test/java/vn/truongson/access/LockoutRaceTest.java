package vn.truongson.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 10, findings 3 and 4: the lockout holds under concurrency (at most five guesses checked in a window,
 * however many arrive at once), unknown usernames answer exactly as known ones, and a stranger's guesses from
 * one address do not lock the owner out from another.
 */
@PlatformTest
class LockoutRaceTest {

    static final String PASSWORD = "MatKhau2026!x";

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Accounts accounts;
    @Autowired SignInThrottle throttle;
    @Autowired SignInRateLimits limits;
    @Autowired SignInAudit refusals;
    @Autowired org.springframework.test.web.servlet.MockMvc mvc;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        limits.reset();
    }

    String newOfficial() {
        String username = "r" + Long.toString(System.nanoTime(), 36);
        String unit = jdbc.sql("select id from org_unit where code = 'SD3'").query(String.class).single();
        var r = api.post("/api/v1/officials", "admin", """
                {"username":"%s","fullName":"Trần Văn Thử","unitId":"%s","position":"Trợ lý","clearance":"THUONG","password":"%s"}"""
                .formatted(username, unit, PASSWORD));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return username;
    }

    Api.Response token(String username, String password) {
        return api.post("/api/v1/auth/token", null, "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password));
    }

    /** Sends {@code n} wrong passwords at once; returns their statuses. */
    List<Integer> burst(String username, int n) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String wrong = "SaiMatKhau-" + i + "-x";
            tasks.add(() -> token(username, wrong).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(n)) {
            for (var f : pool.invokeAll(tasks)) statuses.add(f.get());
        }
        return statuses;
    }

    long audited(String username, String outcome, String detailLike) {
        return jdbc.sql("select count(*) from audit_event where action = 'signin' and actor = ? and outcome = ? and detail like ?")
                .params(username, outcome, detailLike).query(Long.class).single();
    }

    boolean locked(String username) {
        return jdbc.sql("select count(*) from access_signin_throttle where username = ? and locked_until > now()").param(username)
                .query(Long.class).single() > 0;
    }

    /** Bursts of twelve until the pair is locked (a burst may be answered 503 in part on a busy machine, uncounted). */
    List<Integer> guessUntilLocked(String username) throws Exception {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 5 && !locked(username); i++) all.addAll(burst(username, 12));
        assertThat(locked(username)).as("locked after " + all).isTrue();
        return all;
    }

    @Test
    void twelve_wrong_guesses_at_once_get_at_most_five_checked_and_the_right_password_after_is_refused() throws Exception {
        String u = newOfficial();
        List<Integer> statuses = guessUntilLocked(u);
        assertThat(statuses).hasSizeGreaterThanOrEqualTo(12).allMatch(s -> s == 401 || s == 423 || s == 429 || s == 503);
        long checked = audited(u, "FAILURE", "bad password%");
        long answered401 = statuses.stream().filter(s -> s == 401).count();
        long answered423 = statuses.stream().filter(s -> s == 423).count();
        System.out.printf("lockout race: %d guesses at once, %d checked, answers %s%n", statuses.size(), checked, statuses);
        assertThat(checked).as("password checks, of " + statuses).isBetween(1L, 5L);
        // Every checked guess but the last answered 401; the last one locked (423); the rest were refused unchecked.
        assertThat(answered401).as(statuses.toString()).isEqualTo(checked - 1);
        assertThat(audited(u, "DENIED", "locked")).as("refused unchecked, each audited").isEqualTo(answered423 - 1);
        refusals.flush();
        assertThat(audited(u, "DENIED", "sign-in busy")).isEqualTo(statuses.stream().filter(s -> s == 503).count());

        var right = token(u, PASSWORD);
        assertThat(right.status()).as(right.body()).isEqualTo(423);
        assertThat(right.json().get("lockedUntil").asString()).isNotBlank();
        assertThat(audited(u, "FAILURE", "bad password%")).as("the right password was not even checked").isEqualTo(checked);
        assertThat(audited(u, "SUCCESS", "%")).isZero();
    }

    @Test
    void an_unknown_username_is_counted_and_answered_exactly_as_a_known_one() throws Exception {
        String known = newOfficial();
        String unknown = "r" + Long.toString(System.nanoTime(), 36) + "x";
        // One at a time: four 401s, then 423, then 423 again, for both.
        for (int i = 1; i <= 6; i++) {
            var k = token(known, "SaiMatKhau-" + i + "-x");
            var u = token(unknown, "SaiMatKhau-" + i + "-x");
            assertThat(u.status()).as("attempt " + i).isEqualTo(k.status()).isEqualTo(i < 5 ? 401 : 423);
            assertThat(u.headers().get("Content-Type")).isEqualTo(k.headers().get("Content-Type"));
            var kj = k.json();
            var uj = u.json();
            if (i < 5) {
                assertThat(u.body()).as("byte for byte").isEqualTo(k.body());
            } else {
                // The lock's end differs by the milliseconds between the two requests; everything else is the same.
                assertThat(uj.propertyNames()).containsExactlyInAnyOrderElementsOf(kj.propertyNames());
                for (String f : List.of("type", "title", "status")) assertThat(uj.get(f)).isEqualTo(kj.get(f));
                assertThat(uj.get("detail").asString().replaceAll("\\d+", "N")).isEqualTo(kj.get("detail").asString().replaceAll("\\d+", "N"));
            }
        }
        assertThat(audited(unknown, "FAILURE", "unknown user%")).isEqualTo(5);
        assertThat(audited(unknown, "DENIED", "locked")).isEqualTo(1);
    }

    @Test
    void unknown_usernames_take_a_password_hash_too_so_time_does_not_tell() {
        String known = newOfficial();
        long[] k = new long[5];
        long[] u = new long[5];
        for (int i = 0; i < 5; i++) {
            limits.reset();
            // Alternate which goes first, so neither profits from a warmer machine.
            for (int j = 0; j < 2; j++) {
                boolean knownNow = (i + j) % 2 == 0;
                long t0 = System.nanoTime();
                assertThat(token(knownNow ? known : "khongco" + System.nanoTime(), "SaiMatKhau-t" + i).status()).isEqualTo(401);
                if (knownNow) k[i] = System.nanoTime() - t0; else u[i] = System.nanoTime() - t0;
            }
            if (i == 3) jdbc.sql("delete from access_signin_throttle where username = ?").param(known).update(); // stay under the lock
        }
        java.util.Arrays.sort(k);
        java.util.Arrays.sort(u);
        System.out.printf("sign-in timing, median of 5: known %.1f ms, unknown %.1f ms%n", k[2] / 1e6, u[2] / 1e6);
        // Without the decoy hash an unknown name answers in a fraction of an Argon2id check (~1 ms against tens).
        assertThat((double) u[2]).as("unknown vs known, ns").isGreaterThan(0.4 * k[2]);
    }

    @Test
    void a_strangers_guesses_lock_his_own_address_only_and_the_owner_signs_in_from_his() {
        String u = newOfficial();
        var request = new MockHttpServletRequest();
        try {
            request.setAttribute(RequestOrigin.IP, "203.0.113.9");
            RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
            for (int i = 1; i <= 4; i++) assertThat(accounts.signIn(u, "SaiMatKhau-" + i + "-x", null)).isInstanceOf(Accounts.SignIn.Invalid.class);
            assertThat(accounts.signIn(u, "SaiMatKhau-5-x", null)).isInstanceOf(Accounts.SignIn.Locked.class);
            assertThat(accounts.signIn(u, PASSWORD, null)).as("the stranger, even with the password").isInstanceOf(Accounts.SignIn.Locked.class);

            request.setAttribute(RequestOrigin.IP, "10.1.2.3");
            assertThat(accounts.signIn(u, PASSWORD, null)).as("the owner, elsewhere").isInstanceOf(Accounts.SignIn.Success.class);
            request.setAttribute(RequestOrigin.IP, "203.0.113.9");
            assertThat(accounts.signIn(u, PASSWORD, null)).as("the owner's success does not unlock the stranger").isInstanceOf(Accounts.SignIn.Locked.class);
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
        // An administrator sees the lock and can lift it for every address.
        long officialId = jdbc.sql("select official_id from access_account where username = ?").param(u).query(Long.class).single();
        assertThat(accounts.ofOfficial(officialId).orElseThrow().lockedUntil()).isNotNull();
        assertThat(api.post("/api/v1/officials/" + officialId + "/unlock", "admin", "").status()).isEqualTo(204);
        assertThat(accounts.ofOfficial(officialId).orElseThrow().lockedUntil()).isNull();
    }

    @Test
    void the_sign_in_screen_locks_alike_and_answers_429_with_retry_after_in_vietnamese() throws Exception {
        String name = "r" + Long.toString(System.nanoTime(), 36) + "-screen";
        int status = 0;
        String page = "";
        String retryAfter = null;
        for (int i = 1; i <= 40 && status != 429; i++) {
            var r = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/login")
                    .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                    .with(req -> { req.setRemoteAddr("192.0.2.44"); return req; })
                    .param("username", name).param("password", "SaiMatKhau-" + i + "-x")).andReturn();
            status = r.getResponse().getStatus();
            page = r.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            retryAfter = r.getResponse().getHeader("Retry-After");
            if (i == 5) assertThat(page).as("the fifth failure locks").contains("Tài khoản tạm khóa");
        }
        assertThat(status).isEqualTo(429);
        assertThat(retryAfter).isNotNull();
        assertThat(page).contains("Quá nhiều lần đăng nhập. Thử lại sau " + retryAfter + " giây.");
    }

    @Test
    void each_lock_of_a_pair_lasts_twice_the_one_before_up_to_a_day() {
        assertThat(throttle.lockFor(1)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.lockFor(2)).isEqualTo(Duration.ofMinutes(30));
        assertThat(throttle.lockFor(3)).isEqualTo(Duration.ofHours(1));
        assertThat(throttle.lockFor(20)).isEqualTo(Duration.ofHours(24));

        String name = "r" + Long.toString(System.nanoTime(), 36) + "-pair";
        for (int i = 1; i <= 4; i++) assertThat(throttle.claim(name, "198.51.100.7")).isEqualTo(new SignInThrottle.Claim.Granted(null));
        var fifth = (SignInThrottle.Claim.Granted) throttle.claim(name, "198.51.100.7");
        assertThat(fifth.locksUntil()).isNotNull();
        assertThat(throttle.claim(name, "198.51.100.7")).isInstanceOf(SignInThrottle.Claim.Refused.class);
        // The lock ends: the next window's fifth failure locks for twice as long.
        jdbc.sql("update access_signin_throttle set locked_until = now() - interval '1 second' where username = ?").param(name).update();
        for (int i = 1; i <= 4; i++) assertThat(throttle.claim(name, "198.51.100.7")).isInstanceOf(SignInThrottle.Claim.Granted.class);
        var again = (SignInThrottle.Claim.Granted) throttle.claim(name, "198.51.100.7");
        assertThat(Duration.between(java.time.Instant.now(), again.locksUntil())).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }
}
