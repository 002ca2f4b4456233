package vn.truongson.access.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.truongson.access.AccessPolicy;
import vn.truongson.access.Accounts;
import vn.truongson.access.Actor;
import vn.truongson.access.OfficialDirectory;
import vn.truongson.access.Tokens;
import vn.truongson.core.Problems;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Đăng nhập / Sign-in")
class AuthController {

    record TokenRequest(@NotNull @Size(min = 1, max = 64) String username, @NotNull @Size(min = 1, max = 128) String password,
            @Nullable @Size(max = 16) String otp) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    record UnitRef(String id, String code, String name) {}

    record GrantView(String id, String role, String unitId, String scope) {}

    record Me(String id, String username, String fullName, UnitRef unit, String clearance, List<GrantView> grants,
            String zone, boolean secondFactorEnabled) {}

    private final Accounts accounts;
    private final Tokens tokens;
    private final AccessPolicy policy;
    private final OfficialDirectory officials;
    private final Problems problems;

    AuthController(Accounts accounts, Tokens tokens, AccessPolicy policy, OfficialDirectory officials, Problems problems) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.policy = policy;
        this.officials = officials;
        this.problems = problems;
    }

    @PostMapping("/auth/token")
    @Operation(summary = "Cấp token truy cập / Issue an access token",
            description = "401 on bad credentials (known and unknown usernames alike); 401 with otpRequired:true when a second factor is needed; "
                    + "423 when this username is locked for this source address; 429 with Retry-After past the rate limits; 503 with Retry-After when busy.")
    ResponseEntity<?> token(@Valid @RequestBody TokenRequest body, HttpServletRequest req) {
        var locale = Problems.locale(req);
        return switch (accounts.signIn(body.username(), body.password(), body.otp())) {
            case Accounts.SignIn.Success s -> {
                var issued = tokens.issue(s.principal().accountId());
                yield ResponseEntity.ok(new TokenResponse(issued.token(), "Bearer", issued.expiresIn()));
            }
            case Accounts.SignIn.SecondFactorRequired r -> {
                ProblemDetail p = problems.problem(HttpStatus.UNAUTHORIZED,
                        r.enrolled() ? "problem.otp.required" : "problem.otp.enrol-first", new Object[0], locale);
                p.setProperty("otpRequired", true);
                yield ResponseEntity.status(401).contentType(Problems.PROBLEM_JSON).body(p);
            }
            case Accounts.SignIn.Invalid i -> ResponseEntity.status(401).contentType(Problems.PROBLEM_JSON)
                    .body(problems.problem(HttpStatus.UNAUTHORIZED, "problem.credentials", new Object[0], locale));
            case Accounts.SignIn.Locked l -> {
                long minutes = Math.max(1, Duration.between(Instant.now(), l.until()).toMinutes() + 1);
                ProblemDetail p = problems.problem(HttpStatus.LOCKED, "problem.locked", new Object[] {minutes}, locale);
                p.setProperty("lockedUntil", l.until().toString());
                yield ResponseEntity.status(423).contentType(Problems.PROBLEM_JSON).body(p);
            }
            case Accounts.SignIn.Throttled t -> retryLater(HttpStatus.TOO_MANY_REQUESTS, "problem.signin.throttled", t.retryAfter(), locale);
            case Accounts.SignIn.Busy b -> retryLater(HttpStatus.SERVICE_UNAVAILABLE, "problem.signin.busy", b.retryAfter(), locale);
        };
    }

    private ResponseEntity<ProblemDetail> retryLater(HttpStatus status, String key, Duration after, java.util.Locale locale) {
        long seconds = Math.max(1, (after.toMillis() + 999) / 1000);
        return ResponseEntity.status(status).header("Retry-After", Long.toString(seconds)).contentType(Problems.PROBLEM_JSON)
                .body(problems.problem(status, key, new Object[] {seconds}, locale));
    }

    record PasswordChange(@NotNull @Size(min = 1, max = 128) String currentPassword, @NotNull @Size(min = 1, max = 128) String newPassword) {}

    @org.springframework.web.bind.annotation.PostMapping("/me/password")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Đổi mật khẩu / Change my password", description = "Revokes every API token of the account, this one included.")
    void changePassword(@Valid @RequestBody PasswordChange body) {
        accounts.changePassword(policy.actor().accountId(), body.currentPassword(), body.newPassword());
    }

    @GetMapping("/me")
    @Operation(summary = "Người đang đăng nhập / The signed-in person")
    Me me() {
        Actor a = policy.actor();
        // Everything comes from the actor the policy already has: no statement of its own (issue 20, finding 4).
        boolean totp = a.totpEnabled();
        return new Me(Long.toString(a.officialId()), a.username(), a.fullName(),
                new UnitRef(Long.toString(a.unitId()), a.unitCode(), a.unitName()), a.clearance().name(),
                a.grants().stream().map(g -> new GrantView(Long.toString(g.id()), g.role().name(), Long.toString(g.unitId()), g.scope().name())).toList(),
                a.zone().id(), totp);
    }
}
