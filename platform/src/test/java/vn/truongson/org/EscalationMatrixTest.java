package vn.truongson.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import vn.truongson.access.Accounts;
import vn.truongson.access.GrantAdministration;
import vn.truongson.access.GrantScope;
import vn.truongson.access.Role;
import vn.truongson.access.Tokens;
import vn.truongson.core.SecrecyLevel;
import vn.truongson.support.Api;
import vn.truongson.support.PlatformTest;

/**
 * Issue 10, finding 1: nobody grants what he does not hold. Every combination of the administrator's own clearance
 * (Thường … Tuyệt mật), his ADMIN grant (UNIT or SUBTREE on Quân khu 1, SUBTREE on the ministry), the target (himself,
 * an official of Quân khu 1, of Sư đoàn 3 below it, of Quân khu 3 outside) and the action (set clearance on create and on
 * update, raise and lower, grant each role at each scope, revoke), over real HTTP with real bearer tokens. The expected
 * answer comes from the rule written out independently below ({@link #covers}), and every answer is checked against the
 * database too: a refusal changed nothing, an allowed raise is pending and not applied.
 */
@PlatformTest
class EscalationMatrixTest {

    @LocalServerPort int port;
    @Autowired JdbcClient jdbc;
    @Autowired Officials officials;
    @Autowired GrantAdministration grants;
    @Autowired Accounts accounts;
    @Autowired Tokens tokens;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger SEQ = new AtomicInteger();
    static String hash;
    final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    record Person(long id, long unitId, String token, SecrecyLevel clearance) {}

    /** An administrator's ADMIN grant: on which unit, at which scope. */
    record AdminGrant(String unitCode, GrantScope scope) {
        boolean systemAdmin() { return unitCode.equals("BQP") && scope == GrantScope.SUBTREE; }
    }

    static final List<AdminGrant> ADMIN_GRANTS = List.of(new AdminGrant("QK1", GrantScope.UNIT), new AdminGrant("QK1", GrantScope.SUBTREE),
            new AdminGrant("BQP", GrantScope.SUBTREE));

    /** The units of the targets: Quân khu 1, Sư đoàn 3 (below it), Quân khu 3 (outside). */
    static final List<String> TARGET_UNITS = List.of("QK1", "SD3", "QK3");

    @BeforeEach
    void setUp() {
        if (hash == null) hash = accounts.hash("Matrix-" + java.util.UUID.randomUUID());
    }

    /**
     * The officials made here leave the demo tree as it was: they are deactivated, so a test that counts who holds a
     * role in Quân khu 1 (ReminderJobTest: nobody reports for it at Mật) does not see a Tuyệt mật reporter made here.
     */
    @AfterEach
    void deactivateWhomWeMade() {
        jdbc.sql("update org_official set active = false where id in (select official_id from access_account where username ~ ?)")
                .param("^mx[cn]?" + run + "\\.").update();
    }

    long unit(String code) {
        return jdbc.sql("select id from org_unit where code = ?").param(code).query(Long.class).single();
    }

    /** The rule, written out from the unit tree: UNIT covers that unit; SUBTREE covers it and every unit below. */
    boolean covers(AdminGrant g, String unitCode) {
        if (g.scope() == GrantScope.UNIT) return g.unitCode().equals(unitCode);
        String root = jdbc.sql("select path from org_unit where code = ?").param(g.unitCode()).query(String.class).single();
        String path = jdbc.sql("select path from org_unit where code = ?").param(unitCode).query(String.class).single();
        return path.startsWith(root);
    }

    Person person(String unitCode, SecrecyLevel clearance, Role role, String grantUnit, GrantScope scope) {
        Person p = person(unitCode, clearance);
        grants.provision(p.id(), role, unit(grantUnit), scope);
        return p;
    }

    Person person(String unitCode, SecrecyLevel clearance) {
        String name = "mx" + run + "." + SEQ.incrementAndGet();
        long unitId = unit(unitCode);
        Official o = officials.insert(new Officials.NewOfficial(name, "Cán bộ thử " + name, unitId, "Trợ lý", null, clearance,
                SecrecyLevel.THUONG, "-", null, null, null));
        long account = accounts.createWithHash(o.id(), name, hash, null);
        return new Person(o.id(), unitId, tokens.issue(account).token(), clearance);
    }

    Api.Response send(String method, String path, Person as, String body) {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + as.token())
                .header("Content-Type", "application/json").header("Accept-Language", "vi")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String update(long unitId, SecrecyLevel clearance) {
        return "{\"fullName\":\"Cán bộ thử\",\"unitId\":\"" + unitId + "\",\"position\":\"Trợ lý\",\"clearance\":\"" + clearance + "\"}";
    }

    SecrecyLevel clearanceOf(long officialId) {
        return SecrecyLevel.ofRank(jdbc.sql("select clearance from org_official where id = ?").param(officialId).query(Integer.class).single());
    }

    Integer pendingLevel(long officialId) {
        return jdbc.sql("select to_level from org_clearance_request where official_id = ? and status = 'PENDING'").param(officialId)
                .query(Integer.class).optional().orElse(null);
    }

    boolean hasGrant(long officialId, Role role, long unitId, GrantScope scope) {
        return jdbc.sql("select count(*) from access_grant where official_id = ? and role = ? and unit_id = ? and scope = ?")
                .params(officialId, role.name(), unitId, scope.name()).query(Long.class).single() == 1;
    }

    static final Set<Role> OVERSIGHT = EnumSet.of(Role.AUDITOR, Role.SECURITY_OFFICER, Role.GATEWAY_RELEASER);

    @Test
    void every_combination_of_own_clearance_grant_target_and_action_is_allowed_or_refused_by_the_rule() {
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (SecrecyLevel own : SecrecyLevel.values()) {
            for (AdminGrant g : ADMIN_GRANTS) {
                Person admin = person("QK1", own, Role.ADMIN, g.unitCode(), g.scope());
                String who = own + " ADMIN@" + g.unitCode() + ":" + g.scope();

                // ---- himself: never his own clearance, never his own grants ----
                for (SecrecyLevel x : SecrecyLevel.values()) {
                    if (x == own) continue;
                    var r = send("PUT", "/api/v1/officials/" + admin.id(), admin, update(admin.unitId(), x));
                    checked++;
                    if (r.status() != 403 || clearanceOf(admin.id()) != own || pendingLevel(admin.id()) != null) {
                        wrong.add(who + " self clearance→" + x + ": " + r.status());
                    }
                }
                for (Role role : Role.values()) {
                    for (GrantScope s : GrantScope.values()) {
                        var r = send("POST", "/api/v1/officials/" + admin.id() + "/grants", admin,
                                "{\"role\":\"" + role + "\",\"unitId\":\"" + admin.unitId() + "\",\"scope\":\"" + s + "\"}");
                        checked++;
                        boolean had = role == Role.ADMIN && g.unitCode().equals("QK1") && g.scope() == s;
                        if (r.status() != 403 || (!had && hasGrant(admin.id(), role, admin.unitId(), s))) wrong.add(who + " self grant " + role + " " + s + ": " + r.status());
                    }
                }
                long own1 = grants.provision(admin.id(), Role.CLERK, admin.unitId(), GrantScope.UNIT).id();
                var selfRevoke = send("DELETE", "/api/v1/officials/" + admin.id() + "/grants/" + own1, admin, null);
                checked++;
                if (selfRevoke.status() != 403 || !hasGrant(admin.id(), Role.CLERK, admin.unitId(), GrantScope.UNIT)) wrong.add(who + " self revoke: " + selfRevoke.status());

                for (String tu : TARGET_UNITS) {
                    boolean inside = covers(g, tu);
                    boolean subtreeInside = g.scope() == GrantScope.SUBTREE && inside;
                    long tuId = unit(tu);

                    // ---- create with a clearance ----
                    for (SecrecyLevel x : SecrecyLevel.values()) {
                        String username = "mxc" + run + "." + SEQ.incrementAndGet();
                        var r = send("POST", "/api/v1/officials", admin, "{\"username\":\"" + username + "\",\"fullName\":\"Cán bộ mới\",\"unitId\":\""
                                + tuId + "\",\"position\":\"Trợ lý\",\"clearance\":\"" + x + "\",\"password\":\"" + vn.truongson.support.Api.freshPassword() + "\"}");
                        checked++;
                        boolean allowed = inside && own.covers(x);
                        Long created = jdbc.sql("select official_id from access_account where username = ?").param(username).query(Long.class).optional().orElse(null);
                        if (allowed) {
                            JsonNode b = r.status() == 201 ? r.json() : null;
                            boolean ok = b != null && created != null && b.get("clearance").asString().equals("THUONG") && clearanceOf(created) == SecrecyLevel.THUONG
                                    && (x == SecrecyLevel.THUONG ? b.get("pendingClearance").isNull() && pendingLevel(created) == null
                                            : b.get("pendingClearance").get("clearance").asString().equals(x.name()) && pendingLevel(created) == x.rank());
                            if (!ok) wrong.add(who + " create in " + tu + " at " + x + ": expected 201 (pending above Thường), got " + r.status() + " " + r.body());
                        } else if (r.status() != 403 || created != null) {
                            wrong.add(who + " create in " + tu + " at " + x + ": expected 403, got " + r.status());
                        }
                    }

                    // ---- raise on update (fresh target at Thường each time) ----
                    for (SecrecyLevel x : EnumSet.range(SecrecyLevel.MAT, SecrecyLevel.TUYET_MAT)) {
                        Person t = person(tu, SecrecyLevel.THUONG);
                        var r = send("PUT", "/api/v1/officials/" + t.id(), admin, update(t.unitId(), x));
                        checked++;
                        boolean allowed = inside && own.covers(x);
                        if (allowed) {
                            boolean ok = r.status() == 200 && r.json().get("clearance").asString().equals("THUONG")
                                    && r.json().get("pendingClearance").get("clearance").asString().equals(x.name())
                                    && clearanceOf(t.id()) == SecrecyLevel.THUONG && pendingLevel(t.id()) == x.rank();
                            if (!ok) wrong.add(who + " raise " + tu + " to " + x + ": expected 200 pending, got " + r.status() + " " + r.body());
                        } else if (r.status() != 403 || clearanceOf(t.id()) != SecrecyLevel.THUONG || pendingLevel(t.id()) != null) {
                            wrong.add(who + " raise " + tu + " to " + x + ": expected 403, got " + r.status());
                        }
                    }

                    // ---- lower on update: Tối mật → Mật applies at once, when the administrator holds Mật himself ----
                    Person high = person(tu, SecrecyLevel.TOI_MAT);
                    var lowered = send("PUT", "/api/v1/officials/" + high.id(), admin, update(high.unitId(), SecrecyLevel.MAT));
                    checked++;
                    boolean lowerAllowed = inside && own.covers(SecrecyLevel.MAT);
                    SecrecyLevel after = clearanceOf(high.id());
                    if (lowerAllowed ? lowered.status() != 200 || after != SecrecyLevel.MAT : lowered.status() != 403 || after != SecrecyLevel.TOI_MAT) {
                        wrong.add(who + " lower " + tu + " to MAT: " + lowered.status() + " now " + after);
                    }

                    // ---- grant each role at each scope, on the target's unit and on a unit outside Quân khu 1 ----
                    Person t = person(tu, SecrecyLevel.THUONG);
                    for (Role role : Role.values()) {
                        for (GrantScope s : GrantScope.values()) {
                            var r = send("POST", "/api/v1/officials/" + t.id() + "/grants", admin,
                                    "{\"role\":\"" + role + "\",\"unitId\":\"" + tuId + "\",\"scope\":\"" + s + "\"}");
                            checked++;
                            boolean allowed = inside && (s == GrantScope.UNIT || subtreeInside) && (!OVERSIGHT.contains(role) || g.systemAdmin());
                            if (allowed != (r.status() == 201) || (!allowed && r.status() != 403) || allowed != hasGrant(t.id(), role, tuId, s)) {
                                wrong.add(who + " grant " + role + " " + s + " on " + tu + " to a person of " + tu + ": " + r.status());
                            }
                        }
                    }
                    var far = send("POST", "/api/v1/officials/" + t.id() + "/grants", admin, "{\"role\":\"CLERK\",\"unitId\":\"" + unit("QK7") + "\",\"scope\":\"UNIT\"}");
                    checked++;
                    if (far.status() != (inside && g.systemAdmin() ? 201 : 403)) wrong.add(who + " grant CLERK on QK7 to a person of " + tu + ": " + far.status());

                    // ---- revoke, at each scope ----
                    for (GrantScope s : GrantScope.values()) {
                        long gid = grants.provision(t.id(), Role.UNIT_REPORTER, tuId, s).id();
                        var r = send("DELETE", "/api/v1/officials/" + t.id() + "/grants/" + gid, admin, null);
                        checked++;
                        boolean allowed = inside && (s == GrantScope.UNIT || subtreeInside);
                        if (allowed != (r.status() == 204) || (!allowed && r.status() != 403) || allowed == hasGrant(t.id(), Role.UNIT_REPORTER, tuId, s)) {
                            wrong.add(who + " revoke UNIT_REPORTER " + s + " of a person of " + tu + ": " + r.status());
                        }
                    }
                    long audit = grants.provision(t.id(), Role.AUDITOR, tuId, GrantScope.UNIT).id();
                    var r = send("DELETE", "/api/v1/officials/" + t.id() + "/grants/" + audit, admin, null);
                    checked++;
                    if (r.status() != (inside && g.systemAdmin() ? 204 : 403)) wrong.add(who + " revoke AUDITOR of a person of " + tu + ": " + r.status());
                }
            }
        }
        assertThat(wrong).as("combinations answered against the rule (of " + checked + ")").isEmpty();
        assertThat(checked).isGreaterThan(1000);
    }

    @Test
    void the_reported_escalation_is_refused_and_audited() {
        // The finding: a Thường administrator of Quân khu 1 (SUBTREE) raised himself to Tuyệt mật, then granted himself COMMANDER.
        Person admin = person("QK1", SecrecyLevel.THUONG, Role.ADMIN, "QK1", GrantScope.SUBTREE);
        long deniedBefore = denied(admin.id());
        var raise = send("PUT", "/api/v1/officials/" + admin.id(), admin, update(admin.unitId(), SecrecyLevel.TUYET_MAT));
        assertThat(raise.status()).isEqualTo(403);
        assertThat(raise.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        assertThat(raise.json().get("detail").asString()).contains("chính mình");
        var grant = send("POST", "/api/v1/officials/" + admin.id() + "/grants", admin, "{\"role\":\"COMMANDER\",\"unitId\":\"" + admin.unitId() + "\",\"scope\":\"SUBTREE\"}");
        assertThat(grant.status()).isEqualTo(403);
        assertThat(clearanceOf(admin.id())).isEqualTo(SecrecyLevel.THUONG);
        assertThat(hasGrant(admin.id(), Role.COMMANDER, admin.unitId(), GrantScope.SUBTREE)).isFalse();
        // Both refusals left a DENIED row.
        assertThat(denied(admin.id())).isEqualTo(deniedBefore + 2);
        // And /me still says Thường, with the one ADMIN grant.
        JsonNode me = send("GET", "/api/v1/me", admin, null).json();
        assertThat(me.get("clearance").asString()).isEqualTo("THUONG");
        assertThat(me.get("grants").size()).isEqualTo(1);
    }

    long denied(long officialId) {
        return jdbc.sql("select count(*) from audit_event where target = ? and outcome = 'DENIED' and action in ('official.update', 'grant.create')")
                .param("official:" + officialId).query(Long.class).single();
    }

    @Test
    void a_raise_takes_effect_only_when_a_second_person_covering_the_unit_approves_it_once() throws Exception {
        Person requester = person("QK1", SecrecyLevel.MAT, Role.ADMIN, "QK1", GrantScope.SUBTREE);
        Person target = person("SD3", SecrecyLevel.THUONG, Role.SECURITY_OFFICER, "SD3", GrantScope.UNIT);
        Person outsider = person("QK3", SecrecyLevel.TOI_MAT, Role.ADMIN, "QK3", GrantScope.SUBTREE);
        Person lowOfficer = person("QK1", SecrecyLevel.THUONG, Role.SECURITY_OFFICER, "QK1", GrantScope.SUBTREE);
        Person reporter = person("QK1", SecrecyLevel.TOI_MAT, Role.UNIT_REPORTER, "QK1", GrantScope.SUBTREE);
        Person officer = person("QK1", SecrecyLevel.TOI_MAT, Role.SECURITY_OFFICER, "QK1", GrantScope.SUBTREE);

        var put = send("PUT", "/api/v1/officials/" + target.id(), requester, update(target.unitId(), SecrecyLevel.MAT));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("clearance").asString()).isEqualTo("THUONG");
        String requestId = put.json().get("pendingClearance").get("requestId").asString();
        // The official's detail shows the pending change too.
        assertThat(send("GET", "/api/v1/officials/" + target.id(), officer, null).json().get("pendingClearance").get("clearance").asString()).isEqualTo("MAT");

        // The listing: the security officer of Quân khu 1 sees it; the administrator of Quân khu 3 does not.
        assertThat(send("GET", "/api/v1/clearance-requests", officer, null).body()).contains("\"id\":\"" + requestId + "\"");
        assertThat(send("GET", "/api/v1/clearance-requests", outsider, null).body()).doesNotContain("\"id\":\"" + requestId + "\"");

        // Refused: the requester himself, the official himself, someone not covering the unit, a decider not cleared
        // for the level, a covering person without a deciding role.
        // The requester, the official and the uncleared officer know the request: 403 with the reason. Those the request
        // is out of reach for get what a missing request gets (404, same title), so an id tells them nothing.
        for (Person wrong : List.of(requester, target, lowOfficer)) {
            var r = send("POST", "/api/v1/clearance-requests/" + requestId + "/approve", wrong, null);
            assertThat(r.status()).as("approval by official " + wrong.id()).isEqualTo(403);
            assertThat(r.headers().get("content-type").getFirst()).startsWith("application/problem+json");
        }
        var missing = send("POST", "/api/v1/clearance-requests/987654321/approve", outsider, null);
        assertThat(missing.status()).isEqualTo(404);
        for (Person wrong : List.of(outsider, reporter)) {
            var r = send("POST", "/api/v1/clearance-requests/" + requestId + "/approve", wrong, null);
            assertThat(r.status()).as("approval by official " + wrong.id()).isEqualTo(404);
            assertThat(r.json().get("title").asString()).isEqualTo(missing.json().get("title").asString());
            assertThat(send("GET", "/api/v1/clearance-requests/" + requestId, wrong, null).status()).isEqualTo(wrong == outsider ? 404 : 200);
        }
        assertThat(clearanceOf(target.id())).isEqualTo(SecrecyLevel.THUONG);
        assertThat(pendingLevel(target.id())).isEqualTo(SecrecyLevel.MAT.rank());

        // Twelve parallel approvals by the second person: applied once.
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return send("POST", "/api/v1/clearance-requests/" + requestId + "/approve", officer, null).status();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : answers) statuses.add(f.get());
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(clearanceOf(target.id())).isEqualTo(SecrecyLevel.MAT);
        assertThat(pendingLevel(target.id())).isNull();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'official.clearance.approve' and target = ? and outcome = 'SUCCESS'")
                .param("official:" + target.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select decided_by from org_clearance_request where id = ?").param(Long.parseLong(requestId)).query(Long.class).single())
                .isEqualTo(officer.id());
        JsonNode after = send("GET", "/api/v1/officials/" + target.id(), officer, null).json();
        assertThat(after.get("clearance").asString()).isEqualTo("MAT");
        assertThat(after.get("pendingClearance").isNull()).isTrue();
    }

    @Test
    void a_refused_request_changes_nothing_and_a_lowering_withdraws_a_pending_raise() {
        Person requester = person("QK1", SecrecyLevel.TOI_MAT, Role.ADMIN, "QK1", GrantScope.SUBTREE);
        Person second = person("QK1", SecrecyLevel.TOI_MAT, Role.ADMIN, "QK1", GrantScope.SUBTREE);
        Person t = person("SD3", SecrecyLevel.THUONG);
        String id = send("PUT", "/api/v1/officials/" + t.id(), requester, update(t.unitId(), SecrecyLevel.TOI_MAT)).json()
                .get("pendingClearance").get("requestId").asString();
        var refused = send("POST", "/api/v1/clearance-requests/" + id + "/refuse", second, "{\"reason\":\"Chưa đủ điều kiện thẩm tra\"}");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json().get("status").asString()).isEqualTo("REFUSED");
        assertThat(send("POST", "/api/v1/clearance-requests/" + id + "/approve", second, null).status()).isEqualTo(409);
        assertThat(clearanceOf(t.id())).isEqualTo(SecrecyLevel.THUONG);

        // A second administrator (not a security officer) is a valid second person too.
        Person u = person("SD3", SecrecyLevel.MAT);
        String raise = send("PUT", "/api/v1/officials/" + u.id(), requester, update(u.unitId(), SecrecyLevel.TOI_MAT)).json()
                .get("pendingClearance").get("requestId").asString();
        // Lowering Mật → Thường applies at once and withdraws the pending raise.
        var lower = send("PUT", "/api/v1/officials/" + u.id(), requester, update(u.unitId(), SecrecyLevel.THUONG));
        assertThat(lower.status()).isEqualTo(200);
        assertThat(lower.json().get("pendingClearance").isNull()).isTrue();
        assertThat(clearanceOf(u.id())).isEqualTo(SecrecyLevel.THUONG);
        assertThat(send("POST", "/api/v1/clearance-requests/" + raise + "/approve", second, null).status()).isEqualTo(409);
        assertThat(clearanceOf(u.id())).isEqualTo(SecrecyLevel.THUONG);

        // Created above Thường: created at Thường, pending, and approved by the second administrator.
        String username = "mxn" + run + "." + SEQ.incrementAndGet();
        var created = send("POST", "/api/v1/officials", requester, "{\"username\":\"" + username + "\",\"fullName\":\"Cán bộ mới\",\"unitId\":\""
                + unit("SD3") + "\",\"position\":\"Trợ lý\",\"clearance\":\"MAT\",\"password\":\"" + vn.truongson.support.Api.freshPassword() + "\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("clearance").asString()).isEqualTo("THUONG");
        String cid = created.json().get("pendingClearance").get("requestId").asString();
        assertThat(send("POST", "/api/v1/clearance-requests/" + cid + "/approve", second, null).status()).isEqualTo(200);
        assertThat(clearanceOf(Long.parseLong(created.json().get("id").asString()))).isEqualTo(SecrecyLevel.MAT);
    }
}
